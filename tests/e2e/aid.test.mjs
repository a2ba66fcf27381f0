// 互助 in a real browser on the demo data: 王秀兰 asks for 陪诊 on her phone; 李志强, a
// volunteer on another phone, sees it without her number, takes it with no signal (待确认
// until the server decides), and then has her number while she sees who is coming; she
// confirms 2 hours, and both time banks show the one movement.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { login, phonePage, screenshot, synced, useApp, waitForOfflineReady } from './harness.mjs';

const app = useApp();

const RESIDENT = '13800000004';
const VOLUNTEER = '13800000005';

test('a request for 陪诊 is taken on another phone and its 2 hours move once', async () => {
  const resident = await phonePage(app.browser);
  await login(resident.page, app.server.url, RESIDENT);
  await synced(resident.page);
  const page = resident.page;
  await page.goto(`${app.server.url}/me`);
  await page.getByRole('link', { name: '邻里互助' }).click();
  await page.getByRole('link', { name: '我要求助' }).click();
  await page.getByRole('radio', { name: '陪诊' }).check();
  await page.getByLabel('几点').fill('08:30');
  await page.getByLabel('在哪里').fill('3栋2单元301，去市第二人民医院');
  await page.getByLabel('还想说的（可不填）').fill('去复查膝盖，要排队挂号，麻烦帮我扶一下');
  await page.getByRole('button', { name: '发出求助' }).click();
  await page.getByRole('heading', { level: 1, name: /陪诊/ }).waitFor();
  await synced(page);
  await page.getByText('等待志愿者').waitFor();
  const address = page.url();

  const volunteer = await phonePage(app.browser);
  const other = volunteer.page;
  await login(other, app.server.url, VOLUNTEER);
  await synced(other);
  await other.goto(`${app.server.url}/aid`);
  const card = other.locator('.aid-card', { hasText: '陪诊' }).filter({ hasText: '王秀兰' });
  await card.click();
  await other.getByText('去复查膝盖').waitFor();
  assert.equal(await other.getByText(RESIDENT).count(), 0, 'no phone before taking it');
  await waitForOfflineReady(other);

  // Taken with no signal: 待确认 until the server says he was first.
  await volunteer.context.setOffline(true);
  await other.getByRole('button', { name: '我来帮忙' }).click();
  await other.getByText('待确认').first().waitFor();
  await screenshot(other, 'aid-take-offline');
  await volunteer.context.setOffline(false);
  await synced(other);
  await other.getByText('志愿者已接单').waitFor();
  await other.getByRole('link', { name: `打电话给王秀兰 ${RESIDENT}` }).waitFor();

  // She sees who is coming, and confirms 2 hours afterwards.
  await page.goto(address);
  await synced(page);
  await page.getByText('李志强').first().waitFor();
  await page.getByRole('link', { name: `打电话给李志强 ${VOLUNTEER}` }).waitFor();
  assert.equal(await page.getByRole('link', { name: new RegExp(RESIDENT) }).count(), 0, 'not her own');
  await page.getByLabel('帮了多长时间').selectOption('120');
  await page.getByRole('button', { name: '确认完成' }).click();
  await synced(page);
  await page.getByText('已完成，记 2 小时（求助人支付）').waitFor();
  await screenshot(page, 'aid-confirmed');

  // Both time banks show the movement: −2 for her, +2 for him.
  await page.goto(`${app.server.url}/volunteer/me`);
  await synced(page);
  const paid = page.locator('.ledger li', { hasText: '陪诊：李志强帮忙' });
  await paid.waitFor();
  assert.equal((await paid.locator('strong').textContent()).trim(), '-2 小时');
  await other.goto(`${app.server.url}/volunteer/me`);
  await synced(other);
  const earned = other.locator('.ledger li', { hasText: '陪诊：帮王秀兰' });
  await earned.waitFor();
  assert.equal((await earned.locator('strong').textContent()).trim(), '+2 小时');
  assert.equal(await other.locator('.ledger li', { hasText: '陪诊：帮王秀兰' }).count(), 1, 'once');

  assert.deepEqual(resident.errors, []);
  assert.deepEqual(volunteer.errors, []);
});
