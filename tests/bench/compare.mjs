// Runs every figure of scripts/bench.sh for the build here and, given a baseline (a checkout
// built the same way: LINLI_BASELINE=DIR with DIR/dist and DIR/target/release), for it too,
// in one session, alternating the two, and prints one table of medians with the goals of
// issue 19. Prints figures; never fails on time.
//   LINLI_BENCH_RUNS   repeats of each browser figure (default 3)
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, logIn, startServer } from '../e2e/harness.mjs';

const RUNS = Number(process.env.LINLI_BENCH_RUNS ?? 3);
const builds = [{ name: 'after', dir: ROOT }];
if (process.env.LINLI_BASELINE) builds.unshift({ name: 'before', dir: path.resolve(process.env.LINLI_BASELINE) });

const node = (script, build, env = {}) => {
  const run = spawnSync('node', [path.join(ROOT, 'tests/bench', script)], {
    encoding: 'utf8',
    env: { ...process.env, LINLI_DIST: path.join(build.dir, 'dist'), LINLI_SERVER_BIN: path.join(build.dir, 'target/release/linli-server'), ...env },
  });
  const out = `${run.stdout}${run.stderr}`;
  process.stdout.write(out.split('\n').filter((l) => /^(bench|lighthouse|  audits)/.test(l)).map((l) => `[${build.name}] ${l}`).join('\n') + '\n');
  return out;
};
const grab = (text, re) => {
  const m = text.match(re);
  return m ? m.slice(1).map(Number) : null;
};
const median = (xs) => {
  const ys = xs.filter((x) => x !== null && !Number.isNaN(x)).sort((a, b) => a - b);
  return ys.length ? ys[Math.floor(ys.length / 2)] : null;
};

const figures = Object.fromEntries(builds.map((b) => [b.name, {}]));
const add = (build, key, value) => {
  if (value === null || value === undefined) return;
  (figures[build.name][key] ??= []).push(value);
};

// Browser figures and the offline queue over Slow 4G, alternating the builds.
for (let i = 0; i < RUNS; i++) {
  for (const build of builds) {
    const out = node('browser.bench.mjs', build);
    add(build, 'pull', grab(out, /pulled .* in (\d+) ms/)?.[0]);
    add(build, 'cold', grab(out, /cold start offline .*?: (\d+) ms after navigation/)?.[0]);
    const latency = grab(out, /keystrokes: median (\d+) ms, p95 (\d+) ms, max (\d+) ms per keystroke until/);
    const work = grab(out, /work per keystroke median (\d+) ms, p95 (\d+) ms, max (\d+) ms/);
    ['median', 'p95', 'max'].forEach((k, j) => {
      add(build, `key ${k}`, latency?.[j]);
      add(build, `work ${k}`, work?.[j]);
    });
    const heap = grab(out, /JS heap ([\d.]+) MiB used.*wasm memory ([\d.]+) MiB/);
    add(build, 'heap', heap?.[0]);
    add(build, 'wasm memory', heap?.[1]);
    const push = grab(node('slow-push.bench.mjs', build), /: (\d+) ms, (\d+) KiB on the wire.*?, (\d+) requests/);
    add(build, 'push ms', push?.[0]);
    add(build, 'push KiB', push?.[1]);
    add(build, 'push requests', push?.[2]);
  }
}

// The up-to-date pull under wrk, each server in turn, three times.
async function upToDateRps(build) {
  const server = await startServer({ dist: path.join(build.dir, 'dist') });
  try {
    const api = (p, init) => fetch(`${server.url}/api${p}`, init).then((r) => r.json());
    const { token } = await logIn(server.url, '13800000004');
    const auth = { authorization: `Bearer ${token}` };
    let since = 0;
    for (;;) {
      const page = await api(`/sync/pull?protocol=1&since=${since}&client_id=bench`, { headers: auth });
      since = page.cursor;
      if (!page.has_more) break;
    }
    const url = `${server.url}/api/sync/pull?protocol=1&since=${since}&client_id=bench`;
    const out = execFileSync('wrk', ['-t2', '-c16', '-d10s', '-H', `Authorization: Bearer ${token}`, url], { encoding: 'utf8' });
    if (/Non-2xx/.test(out)) throw new Error(`wrk got error answers:\n${out}`);
    const rps = grab(out, /Requests\/sec:\s+([\d.]+)/)?.[0];
    const latency = out.match(/Latency\s+([\d.]+)(us|ms|s)/);
    const ms = latency ? Number(latency[1]) * { us: 0.001, ms: 1, s: 1000 }[latency[2]] : null;
    console.log(`[${build.name}] bench: up-to-date pull (wrk -t2 -c16 -d10s): ${rps} requests/s, mean latency ${ms} ms`);
    return [rps, ms];
  } finally {
    await server.stop();
  }
}
for (let i = 0; i < 3; i++) {
  for (const build of builds) {
    const [rps, ms] = await upToDateRps({ ...build, env: {} }).catch((e) => { console.log(e.message); return [null, null]; });
    add(build, 'rps', rps);
    add(build, 'rps latency', ms);
  }
}

// First visit size and Lighthouse (each page three times per build, the median kept).
for (const build of builds) {
  const size = spawnSync(path.join(ROOT, 'scripts/size-check.sh'), [path.join(build.dir, 'dist')], { encoding: 'utf8', env: { ...process.env, LINLI_SIZE_BUDGET_KIB: '100000' } });
  add(build, 'first visit', grab(size.stdout, /first visit ([\d.]+) KiB of/)?.[0]);
}
for (const build of builds) {
  const out = node('lighthouse.bench.mjs', build);
  for (const m of out.matchAll(/lighthouse (\S+): performance (\d+) .*?LCP ([\d.]+) s, TBT ([\d,]+) ms/g)) {
    add(build, `lh ${m[1]}`, Number(m[2]));
    add(build, `lcp ${m[1]}`, Number(m[3]));
    add(build, `tbt ${m[1]}`, Number(m[4].replace(',', '')));
  }
}

const cell = (build, key, unit = '') => {
  const v = median(figures[build]?.[key] ?? []);
  return v === null ? 'n/a' : `${v}${unit}`;
};
const rows = [
  ['offline cold start to the notice list, 10,000 notices', 'cold', ' ms', '≤ 1,000 ms'],
  ['search per keystroke until drawn: median', 'key median', ' ms', ''],
  ['  p95', 'key p95', ' ms', ''],
  ['  max', 'key max', ' ms', ''],
  ['search, main-thread work per keystroke: median', 'work median', ' ms', ''],
  ['  p95', 'work p95', ' ms', '≤ 16 ms'],
  ['  max', 'work max', ' ms', '≤ 50 ms'],
  ['fresh device pulling 9,998 notices + 2,000 services', 'pull', ' ms', '≤ 5,000 ms'],
  ['1,000 offline writes sent over Slow 4G', 'push ms', ' ms', '≤ 3,000 ms'],
  ['  bytes on the wire', 'push KiB', ' KiB', '≤ 150 KiB'],
  ['  requests', 'push requests', '', ''],
  ['up-to-date pull, wrk on 2 cores', 'rps', ' req/s', '≥ 20,000 req/s'],
  ['  mean latency', 'rps latency', ' ms', ''],
  ['first visit wasm + js, brotli', 'first visit', ' KiB', '≤ 220 KiB'],
  ['JS heap, 12,000 rows on the device', 'heap', ' MiB', '≤ 60 MB'],
  ['  wasm memory beside it', 'wasm memory', ' MiB', ''],
  ...['/', '/notices', '/services', '/volunteer', '/reports', '/me'].flatMap((p) => [
    [`Lighthouse ${p}: performance`, `lh ${p}`, '', '≥ 95'],
    ['  TBT', `tbt ${p}`, ' ms', '≤ 150 ms'],
    ['  LCP', `lcp ${p}`, ' s', '≤ 2.0 s'],
  ]),
];
const names = builds.map((b) => b.name);
console.log(`\ncompare: medians of ${RUNS} runs (wrk and Lighthouse: 3), one session, one machine\n`);
console.log(`| measure | ${names.join(' | ')} | goal |`);
console.log(`| --- | ${names.map(() => '---').join(' | ')} | --- |`);
for (const [label, key, unit, goal] of rows) {
  console.log(`| ${label} | ${names.map((n) => cell(n, key, unit)).join(' | ')} | ${goal} |`);
}
