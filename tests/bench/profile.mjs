// CPU profiles through the Chrome DevTools Protocol, summarised: where the main thread's
// time went during one phase, by function (wasm functions carry their Rust names in a
// build made with LINLI_WASM_NAMES=1) grouped into what they belong to.

/** Starts sampling the CPU of `page`; `stop()` returns the summary of what was sampled. */
export async function profile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach();
      return summarise(profile);
    },
  };
}

/** What a function's time counts toward: the crate or module of a Rust function, else the kind of work. */
function bucket(frame) {
  const name = frame.functionName || '(anonymous)';
  if (name.startsWith('(')) return name; // (program), (garbage collector), (idle), (root)
  if (frame.url.startsWith('wasm://') || /^\$?(<|[a-z_]+::)/.test(name)) {
    const bare = name.replace(/^\$/, '').replace(/^(<|&|mut |dyn |\(|\[)+/, '');
    const path = bare.split('::');
    if (['linli', 'linli_core'].includes(path[0])) return path.slice(0, 3).join('::').replace(/[<{(].*$/, '');
    return `${path[0]} (wasm)`;
  }
  if (/linli-[0-9a-f]+\.js$/.test(frame.url)) return 'JS glue (wasm-bindgen)';
  return frame.url ? `JS ${frame.url.split('/').pop()}` : `native ${name}`;
}

/** The app's own functions by name, without hash and closure suffixes. */
function appFunction(frame) {
  const name = frame.functionName.replace(/^\$/, '');
  if (!/^<?linli(_core)?::/.test(name)) return null;
  return name.replace(/::h[0-9a-f]{16}$/, '').replace(/(::\{\{closure\}\})+$/, '');
}

function summarise(profile) {
  const self = new Map();
  const inclusive = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    const key = bucket(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
    if (key === '(idle)') return;
    total += dt;
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = appFunction(byId.get(at).callFrame);
      if (name && !seen.has(name)) seen.add(name);
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
  });
  const sorted = (map) => [...map].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]);
  return { total, buckets: sorted(self), inclusive: sorted(inclusive) };
}

/** Prints a summary's biggest buckets, each with its share of the busy time. */
export function printProfile(label, summary, top = 12) {
  const rows = summary.buckets.slice(0, top)
    .map(([k, ms]) => `    ${ms.toFixed(0).padStart(6)} ms ${(100 * ms / summary.total).toFixed(0).padStart(3)}%  ${k}`);
  console.log(`profile: ${label}: ${summary.total.toFixed(0)} ms busy on the main thread, by where the time was spent\n${rows.join('\n')}`);
  if (summary.inclusive.length === 0) return;
  const calls = summary.inclusive.slice(0, top)
    .map(([k, ms]) => `    ${ms.toFixed(0).padStart(6)} ms ${(100 * ms / summary.total).toFixed(0).padStart(3)}%  ${k}`);
  console.log(`profile: ${label}: the app's functions, with what they called\n${calls.join('\n')}`);
}

/**
 * Main-thread work between marks: traces `page` while `run` runs, and returns for each
 * `performance.mark(mark)` the renderer's busy time (its tasks: script, style, layout,
 * paint) from that mark to the next one, or to the end. Idle time, such as waiting for
 * the next frame, does not count.
 */
export async function busyAfterMarks(page, mark, run) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'toplevel,blink.user_timing', transferMode: 'ReportEvents' });
  const result = await run();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const marks = events.filter((e) => e.name === mark && e.cat.includes('user_timing'));
  if (marks.length === 0) return { result, busy: [] };
  const { pid, tid } = marks[0];
  const onThread = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X');
  // Top-level tasks are called one of these, depending on the browser's version.
  const name = ['ThreadControllerImpl::RunTask', 'RunTask'].find((n) => onThread.some((e) => e.name === n));
  const tasks = onThread.filter((e) => e.name === name);
  const end = Math.max(...tasks.map((t) => t.ts + (t.dur ?? 0)));
  const starts = marks.map((m) => m.ts).sort((a, b) => a - b);
  const busy = starts.map((from, i) => {
    const to = starts[i + 1] ?? end;
    let sum = 0;
    for (const t of tasks) sum += Math.max(0, Math.min(to, t.ts + (t.dur ?? 0)) - Math.max(from, t.ts));
    return sum / 1000;
  });
  return { result, busy };
}
