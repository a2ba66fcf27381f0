// Browser figures for the release build on the real server, in headless Chromium
// with the CPU slowed 4×, like an old phone. Prints numbers; never fails on time.
//   - pull of 10,000 rows into IndexedDB by a fresh device
//   - cold start with the network off, to the notice list
//   - time per keystroke of directory search over 2,000 items
// LINLI_DIST names the build to serve (default dist/), LINLI_SERVER_BIN the server; with
// LINLI_BENCH_PROFILE=1 each phase's main-thread time is printed by what it went to
// (tests/bench/profile.mjs), and the app's own phases (performance.measure) after it.
import { DEMO_PASSWORD, launchBrowser, phonePage, startServer, waitForOfflineReady } from '../e2e/harness.mjs';
import { busyAfterMarks, printProfile, profile } from './profile.mjs';

const server = await startServer({ dist: process.env.LINLI_DIST });
const profiling = process.env.LINLI_BENCH_PROFILE === '1';
/** Profiles `page` while `phase` runs, when profiling; returns what `phase` returned. */
async function profiled(label, page, phase) {
  if (!profiling) return phase();
  const sampling = await profile(page);
  const result = await phase();
  printProfile(label, await sampling.stop());
  return result;
}
/** The app's own measures (`linli:…`) of `page`, summed by name. */
async function printMeasures(label, page) {
  const measures = await page.evaluate(() => performance.getEntriesByType('measure')
    .filter((m) => m.name.startsWith('linli:')).map((m) => [m.name, m.duration, m.startTime]));
  if (measures.length === 0) return;
  const sums = new Map();
  for (const [name, duration, start] of measures) {
    const s = sums.get(name) ?? { n: 0, ms: 0, first: start };
    sums.set(name, { n: s.n + 1, ms: s.ms + duration, first: s.first });
  }
  const rows = [...sums].map(([name, s]) => `    ${s.ms.toFixed(0).padStart(6)} ms  ${name}${s.n > 1 ? ` (${s.n}×)` : ` (at ${s.first.toFixed(0)} ms)`}`);
  console.log(`phases: ${label}\n${rows.join('\n')}`);
}
const browser = await launchBrowser();

async function api(path, token, body) {
  const res = await fetch(`${server.url}/api${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body && JSON.stringify(body),
  });
  return res.json();
}

const login = (phone) => api('/sessions', null, { phone, password: DEMO_PASSWORD });

async function push(token, mutations) {
  const clientId = crypto.randomUUID();
  for (let i = 0; i < mutations.length; i += 100) {
    const batch = mutations.slice(i, i + 100).map((m, j) => ({
      client_id: clientId, seq: i + j + 1, mutation_id: crypto.randomUUID(), created_at: Date.now(), ...m,
    }));
    await api('/sync/push', token, { protocol: 1, client_id: clientId, mutations: batch });
  }
}

async function slowCpu(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

/** A page that already holds the log-in, as after a previous visit. */
async function loggedIn(session) {
  const device = await phonePage(browser);
  await device.context.addInitScript((s) => localStorage.setItem('linli.session', s), JSON.stringify(session));
  // Keeps the app's wasm memory where the bench can measure it.
  await device.context.addInitScript(() => {
    for (const name of ['instantiate', 'instantiateStreaming']) {
      const original = WebAssembly[name];
      WebAssembly[name] = async (...args) => {
        const result = await original.apply(WebAssembly, args);
        globalThis.linliBenchWasmMemory ??= (result.instance ?? result).exports?.memory;
        return result;
      };
    }
  });
  return device;
}

const synced = (page) => page.waitForFunction(() => {
  const text = document.querySelector('.sync-status')?.textContent ?? '';
  return text.startsWith('在线，内容更新于') && !text.includes('待发送');
}, null, { timeout: 600_000 });

const ms = (x) => `${x.toFixed(0)} ms`;

try {
  const staff = await login('13800000002');
  const resident = await login('13800000004');

  // 2,000 service items: the demo's 145 plus generated ones.
  const services = (await api('/sync/pull?protocol=1&since=0&client_id=bench', staff.token)).changes
    .filter((c) => c.collection === 'services').map((c) => c.data.content);
  const extra = [];
  for (let n = 0; services.length + extra.length < 2000; n++) {
    const base = services[n % services.length];
    extra.push({ name: 'service.save', args: { id: `bench-${n}`, content: { ...base, name: `${base.name}（${n}号）` } } });
  }
  await push(staff.token, extra);
  // 10,000 notices in all.
  const notices = [];
  for (let n = 0; n < 10_000 - 12; n++) {
    notices.push({ name: 'notice.publish', args: {
      id: `bench-notice-${n}`, category: 'notice', importance: 'normal',
      title: `第${n}号通知：楼道清理`, body: '请各位居民配合清理楼道杂物，保持消防通道畅通。', pinned: false,
    } });
  }
  let t = performance.now();
  await push(staff.token, notices);
  console.log(`bench: seeded ${extra.length} service items and ${notices.length} notices through push in ${ms(performance.now() - t)}`);

  // Pull of ~12,000 rows (notices + services) into IndexedDB by a fresh device.
  const fresh = await loggedIn(resident);
  await slowCpu(fresh.page);
  t = performance.now();
  const pullMs = await profiled('fresh device pull', fresh.page, async () => {
    await fresh.page.goto(`${server.url}/me`);
    await synced(fresh.page);
    return performance.now() - t;
  });
  await printMeasures('fresh device pull', fresh.page);
  const rows = await fresh.page.evaluate(async () => {
    const db = await new Promise((ok, err) => { const r = indexedDB.open('linli'); r.onsuccess = () => ok(r.result); r.onerror = err; });
    const count = (store) => new Promise((ok) => { const r = db.transaction(store).objectStore(store).count(); r.onsuccess = () => ok(r.result); });
    return { notices: await count('notices'), services: await count('services') };
  });
  console.log(`bench: fresh device pulled ${rows.notices} notices + ${rows.services} services into IndexedDB in ${ms(pullMs)} (4× CPU slowdown, loopback)`);
  await waitForOfflineReady(fresh.page);

  // Cold start offline: a new page of the same device, network off, to the notice list.
  await fresh.context.setOffline(true);
  const cold = await fresh.context.newPage();
  await slowCpu(cold);
  await fresh.page.close();
  const started = performance.now();
  const sinceNavigation = await profiled('cold start offline', cold, async () => {
    await cold.goto(`${server.url}/notices`);
    await cold.locator('.notice-item').first().waitFor();
    return cold.evaluate(() => performance.now());
  });
  console.log(`bench: cold start offline to the notice list (10,000 notices on the device): ${ms(sinceNavigation)} after navigation (${ms(performance.now() - started)} wall), 4× CPU slowdown`);
  await printMeasures('cold start offline', cold);

  // Memory with every row read: the JS heap after a garbage collection, and beside it
  // the wasm module's memory (an array buffer outside the JS heap; it never shrinks).
  await cold.waitForTimeout(5000);
  const cdp = await cold.context().newCDPSession(cold);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const wasm = { value: await cold.evaluate(() => globalThis.linliBenchWasmMemory?.buffer.byteLength ?? 0) };
  const mib = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  console.log(`bench: memory with 12,000 rows on the device: JS heap ${mib(heap.usedSize)} used of ${mib(heap.totalSize)}, wasm memory ${mib(wasm.value)}`);

  // Search per keystroke over 2,000 items.
  // As a person does: the page opens with its list, then they type.
  await cold.goto(`${server.url}/services`);
  await cold.locator('.service-item').first().waitFor();
  const items = await cold.evaluate(() => document.querySelectorAll('.service-item').length);
  // Each keystroke: until the frame that shows its results is drawn (which includes waiting
  // for that frame, up to 16.7 ms of idle), and the main thread's work for it alone.
  const type = () => cold.evaluate(async (queries) => {
    const input = document.getElementById('service-search');
    const out = [];
    for (const query of queries) {
      for (let i = 1; i <= query.length; i++) {
        performance.mark('linli-bench:key');
        const t0 = performance.now();
        input.value = query.slice(0, i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        out.push(performance.now() - t0);
      }
    }
    return out;
  }, ['gljt', 'gaoling', '高龄津贴', '身份证', 'shenfenzheng']);
  const timings = await profiled('search, 30 keystrokes', cold, type);
  await printMeasures('search', cold);
  const { busy } = await busyAfterMarks(cold, 'linli-bench:key', type);
  const spread = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return `median ${ms(sorted[Math.floor(sorted.length / 2)])}, p95 ${ms(sorted[Math.floor(sorted.length * 0.95)])}, max ${ms(sorted.at(-1))}`;
  };
  if (profiling) console.log(`profile: work per keystroke: ${busy.map((b) => b.toFixed(0)).join(" ")}`);
  console.log(`bench: directory search over 2,000 items, ${timings.length} keystrokes: ${spread(timings)} per keystroke until its frame is drawn; main-thread work per keystroke ${spread(busy)} (4× CPU slowdown; first screen listed ${items})`);
} finally {
  await browser.close();
  await server.stop();
}
