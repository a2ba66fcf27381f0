// Offline writes in two collections (a staff member's notice, a resident's 我已知晓)
// survive reloads while offline, arrive once when the network returns, and reach
// another device.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DEMO_PASSWORD, launchBrowser, phonePage, screenshot, startServer, waitForOfflineReady,
} from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function login(page, phone) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL('**/notices');
}

const status = (page) => page.getByRole('status');

/** Waits until the device has nothing left to send and has synced. */
async function synced(page) {
  await page.waitForFunction(() => {
    const text = document.querySelector('.sync-status')?.textContent ?? '';
    return text.startsWith('在线') && !text.includes('待发送');
  });
}

async function publish(page, title, body) {
  await page.getByRole('link', { name: '发布通知' }).click();
  await page.getByLabel('类别').selectOption({ label: '停水停电' });
  await page.getByLabel('紧急').check();
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('正文').fill(body);
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await page.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
}

/** What the server holds, as a staff member's fresh device pulls it. */
async function serverState() {
  const login = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '13800000003', password: DEMO_PASSWORD }),
  }).then((r) => r.json());
  const pull = await fetch(`${server.url}/api/sync/pull?protocol=1&since=0&client_id=e2e-check`, {
    headers: { authorization: `Bearer ${login.token}` },
  }).then((r) => r.json());
  const live = (collection) => pull.changes.filter((c) => c.collection === collection && c.data);
  return { notices: live('notices'), acks: live('notice_acks') };
}

test('offline writes survive reloads, arrive exactly once, and reach other devices', async () => {
  const staff = await phonePage(browser);
  await login(staff.page, '13800000002');
  await publish(staff.page, '明天全天停水', '因管网检修，明天 8:00-18:00 全社区停水，请提前储水。');
  await synced(staff.page);
  await waitForOfflineReady(staff.page);

  const resident = await phonePage(browser);
  await login(resident.page, '13800000004');
  await resident.page.getByText('明天全天停水').waitFor();
  await synced(resident.page);
  await waitForOfflineReady(resident.page);

  // The signal is gone in both buildings.
  await staff.context.setOffline(true);
  await resident.context.setOffline(true);

  await staff.page.goto(`${server.url}/notices`);
  await publish(staff.page, '12栋周六检修电梯', '周六 9:00-12:00 检修电梯，请走楼梯，注意安全。');
  await staff.page.getByText('待发送').first().waitFor();
  await status(staff.page).getByText('1 条待发送').waitFor();

  await resident.page.getByText('明天全天停水').click();
  await resident.page.getByRole('button', { name: '我已知晓' }).click();
  await resident.page.getByText('您已确认知晓').waitFor();
  await resident.page.getByText('待发送，有网络时会自动发给社区').waitFor();
  await screenshot(resident.page, 'ack-offline-pending');

  // Closing and reopening the app while still offline loses nothing.
  await staff.page.reload();
  await resident.page.reload();
  await status(staff.page).getByText('1 条待发送').waitFor();
  await staff.page.goto(`${server.url}/notices`);
  const pendingItem = staff.page.locator('.notice-item', { hasText: '12栋周六检修电梯' });
  await pendingItem.getByText('待发送').waitFor();
  await screenshot(staff.page, 'notices-offline-pending');
  await resident.page.getByText('您已确认知晓').waitFor();
  await status(resident.page).getByText('1 条待发送').waitFor();
  assert.deepEqual(await serverState().then((s) => s.acks), [], 'nothing reached the server yet');

  // The network returns.
  await staff.context.setOffline(false);
  await resident.context.setOffline(false);
  await synced(staff.page);
  await synced(resident.page);
  await resident.page.getByText('您已确认知晓').waitFor();
  assert.equal(await resident.page.getByText('待发送').count(), 0);

  const state = await serverState();
  const titles = state.notices.map((n) => n.data.title);
  for (const title of ['12栋周六检修电梯', '明天全天停水']) {
    assert.equal(titles.filter((t) => t === title).length, 1, `${title} arrived once`);
  }
  assert.equal(state.acks.length, 1, 'the acknowledgement arrived exactly once');

  // A third device pulls what the others did offline.
  const neighbour = await phonePage(browser);
  await login(neighbour.page, '13800000005');
  await neighbour.page.getByText('12栋周六检修电梯').waitFor();
  await neighbour.page.getByText('明天全天停水').waitFor();
  await screenshot(neighbour.page, 'notices-third-device');

  for (const device of [staff, resident, neighbour]) {
    assert.deepEqual(device.errors, []);
    await device.context.close();
  }
});

test('a visitor without an account picks a community and reads its notices offline', async () => {
  const staff = await phonePage(browser);
  await login(staff.page, '13800000002');
  await publish(staff.page, '社区服务站周日照常开放', '周日 9:00-17:00 照常办理业务。');
  await synced(staff.page);
  await staff.context.close();

  const visitor = await phonePage(browser);
  await visitor.page.goto(server.url);
  await visitor.page.getByRole('button', { name: /金石社区/ }).click();
  await visitor.page.getByText('社区服务站周日照常开放').waitFor();
  await waitForOfflineReady(visitor.page);
  await visitor.context.setOffline(true);
  await visitor.page.reload();
  await visitor.page.getByText('社区服务站周日照常开放').click();
  await visitor.page.getByText('周日 9:00-17:00 照常办理业务。').waitFor();
  await visitor.page.getByText('登录').first().waitFor();
  assert.deepEqual(visitor.errors, []);
  await visitor.context.close();
});
