// Offline writes in two collections (a staff member's notice, a resident's 我已知晓)
// survive reloads while offline, arrive once when the network returns, and reach
// another device.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  login, phonePage, screenshot, serverState, synced, useApp, waitForOfflineReady,
} from './harness.mjs';

const app = useApp();

const status = (page) => page.getByRole('status');

async function publish(page, title, body) {
  await page.getByRole('link', { name: '发布通知' }).click();
  await page.getByLabel('类别').selectOption({ label: '停水停电' });
  await page.getByLabel('紧急').check();
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('正文').fill(body);
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await page.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
}

/** What the server holds, as the grid worker's fresh device pulls it. */
const pulledByStaff = () => serverState(app.server.url, '13800000003');

test('offline writes survive reloads, arrive exactly once, and reach other devices', async () => {
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, '13800000002');
  await publish(staff.page, '明天全天停水', '因管网检修，明天 8:00-18:00 全社区停水，请提前储水。');
  await synced(staff.page);
  await waitForOfflineReady(staff.page);

  const resident = await phonePage(app.browser);
  await login(resident.page, app.server.url, '13800000004');
  await resident.page.getByText('明天全天停水').waitFor();
  await synced(resident.page);
  await waitForOfflineReady(resident.page);

  // The signal is gone in both buildings.
  await staff.context.setOffline(true);
  await resident.context.setOffline(true);

  await staff.page.goto(`${app.server.url}/notices`);
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
  await staff.page.goto(`${app.server.url}/notices`);
  const pendingItem = staff.page.locator('.notice-item', { hasText: '12栋周六检修电梯' });
  await pendingItem.getByText('待发送').waitFor();
  await screenshot(staff.page, 'notices-offline-pending');
  await resident.page.getByText('您已确认知晓').waitFor();
  await status(resident.page).getByText('1 条待发送').waitFor();
  assert.deepEqual(await pulledByStaff().then((s) => s.acks), [], 'nothing reached the server yet');

  // The network returns.
  await staff.context.setOffline(false);
  await resident.context.setOffline(false);
  await synced(staff.page);
  await synced(resident.page);
  await resident.page.getByText('您已确认知晓').waitFor();
  assert.equal(await resident.page.getByText('待发送').count(), 0);

  const state = await pulledByStaff();
  const titles = state.notices.map((n) => n.data.title);
  for (const title of ['12栋周六检修电梯', '明天全天停水']) {
    assert.equal(titles.filter((t) => t === title).length, 1, `${title} arrived once`);
  }
  assert.equal(state.acks.length, 1, 'the acknowledgement arrived exactly once');

  // A third device pulls what the others did offline.
  const neighbour = await phonePage(app.browser);
  await login(neighbour.page, app.server.url, '13800000005');
  await neighbour.page.getByText('12栋周六检修电梯').waitFor();
  await neighbour.page.getByText('明天全天停水').waitFor();
  await screenshot(neighbour.page, 'notices-third-device');

  for (const device of [staff, resident, neighbour]) {
    assert.deepEqual(device.errors, []);
    await device.context.close();
  }
});

test('a visitor without an account picks a community and reads its notices offline', async () => {
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, '13800000002');
  await publish(staff.page, '社区服务站周日照常开放', '周日 9:00-17:00 照常办理业务。');
  await synced(staff.page);
  await staff.context.close();

  const visitor = await phonePage(app.browser);
  await visitor.page.goto(app.server.url);
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
