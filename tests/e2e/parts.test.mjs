// The app downloads in parts: the first visit fetches the notice list, the directory and the
// app's frame, each other part comes when one of its pages is first opened, and once the app
// is kept on the phone every part opens with no signal. A page whose part is on its way, or
// cannot be fetched, says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phonePage, useApp, waitForOfflineReady } from './harness.mjs';

const app = useApp();

/** The part and chunk files (`split_<part>-<hash>.wasm`, `chunk_<n>-<hash>.wasm`) a page fetched. */
function partRequests(page) {
  const parts = [];
  page.on('request', (request) => {
    const file = new URL(request.url()).pathname.slice(1);
    if (/^(split|chunk)_\w+-[0-9a-f]{16}\.wasm$/.test(file)) parts.push(file);
  });
  return parts;
}

/** The page's main heading. */
const heading = (page, name) => page.getByRole('heading', { level: 1, name });

/**
 * The notices, in a browser that keeps nothing on the phone (no service worker, as in
 * some in-app browsers).
 */
async function noticesWithoutWorker() {
  const opened = await phonePage(app.browser, { serviceWorkers: 'block' });
  await opened.page.goto(`${app.server.url}/notices`);
  await heading(opened.page, '通知公告').waitFor();
  return opened;
}

test('the first visit fetches no part; each part comes on first use and then works offline', async () => {
  const { context, page, errors } = await phonePage(app.browser);
  const parts = partRequests(page);
  await page.goto(`${app.server.url}/notices`);
  await heading(page, '通知公告').waitFor();
  await page.getByRole('button', { name: /金石社区/ }).click();
  await page.locator('.notice-item').first().waitFor();
  assert.deepEqual(parts, [], 'the notices need no part');

  const nav = page.getByRole('navigation', { name: '主菜单' });
  await nav.getByRole('link', { name: '办事' }).click();
  await heading(page, '一站式服务').waitFor();
  assert.deepEqual(parts, [], 'the directory needs no part');
  const item = await page.locator('.service-item .service-name').first().textContent();
  await page.locator('.service-item').first().click();
  await heading(page, item.trim()).waitFor();
  assert.ok(parts.some((f) => f.startsWith('split_reading-')), `reading part fetched: ${parts}`);
  assert.ok(!parts.some((f) => f.startsWith('split_volunteer-')), 'volunteering not fetched yet');

  // Kept on the phone: with no signal, parts never opened before open all the same.
  await waitForOfflineReady(page);
  await context.setOffline(true);
  await page.reload();
  await heading(page, item.trim()).waitFor();
  await nav.getByRole('link', { name: '志愿' }).click();
  await heading(page, '志愿服务').waitFor();
  await nav.getByRole('link', { name: '说事' }).click();
  await heading(page, '居民说事').waitFor();
  await nav.getByRole('link', { name: '我的' }).click();
  await heading(page, '我的').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a part that cannot be fetched says so, and opens once the signal is back', async () => {
  const { context, page, errors } = await noticesWithoutWorker();

  const nav = page.getByRole('navigation', { name: '主菜单' });
  await context.setOffline(true);
  await nav.getByRole('link', { name: '志愿' }).click();
  await heading(page, '这一页还没下载到手机上').waitFor();
  // The rest of the app still works: back to the notices.
  await page.getByRole('link', { name: '回到通知' }).click();
  await heading(page, '通知公告').waitFor();

  await nav.getByRole('link', { name: '志愿' }).click();
  await heading(page, '这一页还没下载到手机上').waitFor();
  await context.setOffline(false);
  await page.getByRole('button', { name: '重新打开' }).click();
  await heading(page, '志愿服务').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a slow signal, the page being fetched says so at once instead of leaving the old one', async () => {
  const { context, page, errors } = await noticesWithoutWorker();
  // The 说事 part arrives only when the test lets it.
  let release;
  const arrived = new Promise((resolve) => { release = resolve; });
  await context.route(/\/split_reports-[0-9a-f]{16}\.wasm$/, async (route) => {
    await arrived;
    await route.continue();
  });

  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '说事' }).click();
  await page.getByRole('status').filter({ hasText: '正在打开这一页…' }).waitFor();
  assert.equal(await heading(page, '通知公告').count(), 0, 'the old page is gone');
  release();
  await heading(page, '居民说事').waitFor();
  assert.equal(await page.getByText('正在打开这一页…').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
