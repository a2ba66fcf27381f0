// 1,000 writes made offline on a staff phone, sent when the signal returns, over a link
// shaped like Slow 4G (tests/bench/slow-link.mjs): how long until nothing waits (待发送),
// and the bytes and requests that took. Prints figures; never fails on time.
// LINLI_DIST names the build to serve (default dist/), LINLI_SERVER_BIN the server.
import { launchBrowser, logIn, phonePage, startServer, waitForOfflineReady } from '../e2e/harness.mjs';
import { startSlowLink } from './slow-link.mjs';

const WRITES = 1000;
const server = await startServer({ dist: process.env.LINLI_DIST });
const link = await startSlowLink(server.url);
const browser = await launchBrowser();

const waiting = (page) => page.evaluate(() => document.querySelector('.sync-status')?.textContent ?? '');

try {
  const session = await logIn(server.url, '13800000002');
  const { context, page } = await phonePage(browser);
  await context.addInitScript((s) => localStorage.setItem('linli.session', s), JSON.stringify(session));
  await page.goto(`${link.url}/notices`);
  await page.waitForFunction(() => (document.querySelector('.sync-status')?.textContent ?? '').startsWith('在线，内容更新于'), null, { timeout: 120_000 });
  await waitForOfflineReady(page);

  // Offline: the outbox gets 1,000 notices as the app records them (one entry per write,
  // with the device's next seqs), then the app starts again without a network.
  await context.setOffline(true);
  await page.evaluate(async (writes) => {
    const db = await new Promise((ok, err) => { const r = indexedDB.open('linli'); r.onsuccess = () => ok(r.result); r.onerror = err; });
    const meta = (key) => new Promise((ok) => { const r = db.transaction('meta').objectStore('meta').get(key); r.onsuccess = () => ok(r.result && JSON.parse(r.result)); });
    const clientId = await meta('client_id');
    const first = (await meta('next_seq')) ?? 1;
    const tx = db.transaction(['meta', 'outbox'], 'readwrite');
    for (let n = 0; n < writes; n++) {
      const seq = first + n;
      const mutation = {
        client_id: clientId, seq, mutation_id: crypto.randomUUID(), name: 'notice.publish', created_at: Date.now(),
        args: { id: `offline-${seq}`, category: 'notice', importance: 'normal', title: `第${n}号通知：电梯检修`,
          body: '本周六上午九点至十一点电梯检修，请住高层的居民提前安排出行，给您带来不便敬请谅解。', pinned: false },
      };
      tx.objectStore('outbox').put(JSON.stringify({ mutation, state: 'pending' }), String(seq).padStart(20, '0'));
    }
    tx.objectStore('meta').put(JSON.stringify(first + writes), 'next_seq');
    await new Promise((ok, err) => { tx.oncomplete = ok; tx.onerror = err; });
    db.close();
  }, WRITES);
  await page.reload();
  await page.waitForFunction(() => (document.querySelector('.sync-status')?.textContent ?? '').includes('待发送'), null, { timeout: 60_000 });
  const before = await waiting(page);

  link.reset();
  const started = Date.now();
  await context.setOffline(false);
  await page.waitForFunction(() => {
    const text = document.querySelector('.sync-status')?.textContent ?? '';
    return text.startsWith('在线') && !text.includes('待发送');
  }, null, { timeout: 600_000, polling: 50 });
  const ms = Date.now() - started;
  const { requests, up, down, paths } = link.stats;
  const pushes = paths.get('/api/sync/push') ?? 0;
  const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
  console.log(`bench: ${WRITES} writes queued offline (${before.trim()}), sent over Slow 4G (150 ms RTT, 750 kbit/s up, 1.6 Mbit/s down): ${ms} ms, ${kib(up + down)} on the wire (${kib(up)} up, ${kib(down)} down), ${requests} requests (${pushes} pushes)`);
} finally {
  await browser.close();
  await link.stop();
  await server.stop();
}
