// The app runs under the server's Content-Security-Policy: the headers are served, the app
// starts and works with no violation (every test file fails on one, see the harness), and
// what the policy is for is really blocked: an injected inline script does not run.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { cspViolations, phonePage, useApp } from './harness.mjs';

const app = useApp();

test('the app runs under a strict CSP that blocks injected scripts', async () => {
  const { context, page, errors } = await phonePage(app.browser);
  const response = await page.goto(`${app.server.url}/notices`);
  const headers = response.headers();
  assert.match(headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(headers['content-security-policy'], /unsafe-inline/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'no-referrer');
  await page.waitForURL('**/notices');
  await page.getByRole('heading', { level: 1, name: '通知公告' }).waitFor();
  assert.deepEqual(errors, []);

  // An inline script someone managed to put in the page does not run, and is reported.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
  });
  for (let i = 0; i < 50 && cspViolations.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await page.evaluate(() => window.injected), undefined);
  assert.ok(cspViolations.length >= 1, 'the blocked script was reported');
  assert.match(String(cspViolations[0]), /script-src/);
  // Expected here: not a failure of this file.
  cspViolations.length = 0;
  await context.close();
});
