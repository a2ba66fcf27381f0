// Starts the real server (on a fresh SQLite database, serving the release build in dist/)
// and Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

/** The demo accounts' shared password (see the README). */
export const DEMO_PASSWORD = 'linli2026';

const SERVER_BIN = process.env.LINLI_SERVER_BIN ?? path.join(ROOT, 'target/debug/linli-server');

/**
 * Starts the server on a fresh database; `dist` is the built app it serves. With
 * `demoData: false` the database is empty; `prepare(databaseUrl)` runs before the server
 * starts (e.g. `createAdmin`).
 */
export async function startServer({ dist = path.join(ROOT, 'dist'), demoData = true, prepare } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'linli-e2e-'));
  const databaseUrl = `sqlite://${dir}/linli.db`;
  if (prepare) await prepare(databaseUrl);
  const child = spawn(
    SERVER_BIN,
    [
      '--bind', '127.0.0.1:0',
      '--dist', dist,
      '--database-url', databaseUrl,
      ...(demoData ? ['--demo-data'] : []),
    ],
    { env: { ...process.env, NO_COLOR: '1', RUST_LOG: 'info,tower_http=warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000);
    const onData = (chunk) => {
      log += chunk;
      const match = log.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
  return {
    url,
    log: () => log,
    async stop() {
      child.kill('SIGINT');
      if (child.exitCode === null) await once(child, 'exit');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Content-Security-Policy violations seen by any page of this test file: each is also a
 * page error of its page, and `useApp` fails the file when there was any, so the app is
 * tested as it runs under the server's CSP.
 */
export const cspViolations = [];

/** Records every CSP violation of the pages of `context`. */
async function watchCsp(context) {
  // The page reports what it blocked; the browser's own console line says so too.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`);
    });
  });
  context.on('page', (page) => {
    page.on('console', (msg) => {
      const text = msg.text();
      if (msg.type() === 'error' && /CSP violation|Content Security Policy/i.test(text)) {
        const violation = new Error(`${page.url()}: ${text}`);
        cspViolations.push(violation);
        page.emit('pageerror', violation);
      }
    });
  });
}

export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await watchCsp(context);
    return context;
  };
  return browser;
}

/**
 * A phone-sized page, as most residents use the app; `options` add to the browser
 * context's (e.g. the `userAgent` of a particular phone browser).
 */
export async function phonePage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...options,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err));
  return { context, page, errors };
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Waits until the service worker controls the page, i.e. the app shell is cached. */
export async function waitForOfflineReady(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * The server and a browser for one test file: started before its tests, stopped after.
 * `options` go to `startServer`.
 */
export function useApp(options) {
  const app = {};
  before(async () => {
    app.server = await startServer(options);
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.stop();
    if (cspViolations.length > 0) {
      throw new Error(`the Content-Security-Policy blocked something:\n${cspViolations.join('\n')}`);
    }
  });
  return app;
}

/**
 * `linli-server create-admin` as a street office runs it: a 街道管理员 of `streetOffice`
 * (or, with `community`, that community's admin) in the database at `databaseUrl`.
 */
export async function createAdmin(databaseUrl, { phone, name, password, streetOffice, community }) {
  const args = ['create-admin', '--database-url', databaseUrl, '--phone', phone, '--name', name,
    '--street-office', streetOffice, ...(community ? ['--community', community] : [])];
  const child = spawn(SERVER_BIN, args, {
    env: { ...process.env, LINLI_ADMIN_PASSWORD: password, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => { out += c; });
  child.stderr.on('data', (c) => { out += c; });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`create-admin exited with ${code}:\n${out}`);
  return out;
}

/** Logs in through the form, as a person does, and waits for the notices. */
export async function login(page, url, phone, password = DEMO_PASSWORD) {
  await page.goto(`${url}/login`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL('**/notices');
}

/**
 * Waits until the device has nothing left to send and has fetched what is new
 * (`fetched: false` for a visitor who has not chosen a community: nothing to fetch).
 */
export async function synced(page, { fetched = true } = {}) {
  await page.waitForFunction((fetched) => {
    const text = document.querySelector('.sync-status')?.textContent ?? '';
    return text.startsWith('在线') && !text.includes('待发送')
      && (!fetched || text.includes('内容更新于'));
  }, fetched);
}

/** Logs the demo account `phone` in through the API: the session the app would keep. */
export async function logIn(url, phone) {
  const reply = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
  });
  if (!reply.ok) throw new Error(`logging ${phone} in: ${reply.status} ${await reply.text()}`);
  return reply.json();
}

/**
 * What the server holds, as a fresh device of `phone` pulls it: the live notices,
 * acknowledgements and cases, and the session token to fetch more (such as photos).
 */
export async function serverState(url, phone) {
  const { token } = await logIn(url, phone);
  const pull = await fetch(`${url}/api/sync/pull?protocol=1&since=0&client_id=${crypto.randomUUID()}`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.json());
  const live = (collection) => pull.changes.filter((c) => c.collection === collection && c.data);
  return {
    token, notices: live('notices'), acks: live('notice_acks'), reports: live('reports'),
  };
}
