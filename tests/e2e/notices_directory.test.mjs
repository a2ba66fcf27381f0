// What elderly residents open with no signal: the notices ("is the water off?")
// and the service directory ("what do I bring?"), all on the phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  login, phonePage, screenshot, serverState, synced, useApp, waitForOfflineReady,
} from './harness.mjs';

const app = useApp();

const FRAUD_ALERT = '紧急提醒：近期有人冒充“医保局”“社保局”打电话骗老人钱';

const staffAcks = () => serverState(app.server.url, '13800000002');

test('notices and the directory work offline; an acknowledgement arrives once', async () => {
  const { context, page, errors } = await phonePage(app.browser);
  await login(page, app.server.url, '13800000004');
  await page.getByText(FRAUD_ALERT).waitFor();
  await synced(page);
  await waitForOfflineReady(page);

  // The urgent notice comes first, and asks to be acknowledged; the water cut
  // for 12栋 is not shown to someone in 3栋.
  const first = page.locator('.notice-item').first();
  assert.match(await first.innerText(), /紧急/);
  assert.match(await first.innerText(), /冒充/);
  await first.getByText('请点开确认“我已知晓”').waitFor();
  assert.equal(await page.getByText('白天停水通知').count(), 0);
  // An expired notice is not in the list.
  assert.equal(await page.getByText('消防宣传日').count(), 0);
  // Searching the notices, with full-width and spaced input.
  await page.getByLabel('找通知').fill('免费　健康体检');
  assert.equal(await page.locator('.notice-item').count(), 1);
  assert.match(await page.locator('.notice-item').innerText(), /65岁以上老人免费健康体检/);
  await page.getByLabel('找通知').fill('ｘｙｚ不存在');
  await page.getByText('没有找到').waitFor();
  await page.getByLabel('找通知').fill('');

  await context.setOffline(true);
  await page.reload();
  await page.getByText(FRAUD_ALERT).click();
  await page.getByRole('heading', { level: 1, name: FRAUD_ALERT }).waitFor();
  await page.getByRole('button', { name: '我已知晓' }).click();
  await page.getByText('您已确认知晓').waitFor();
  await screenshot(page, 'notice-acknowledged-offline');

  // The directory, searched by pinyin initials, offline.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '办事' }).click();
  await page.getByLabel('想办什么事？').fill('gljt');
  const firstHit = page.locator('.service-item').first();
  assert.match(await firstHit.innerText(), /高龄津贴申领/);
  await page.getByLabel('想办什么事？').fill('ｇａｏ ｌｉｎｇ');
  assert.match(await page.locator('.service-item').first().innerText(), /高龄津贴申领/);
  await page.locator('.service-item').first().click();
  await page.getByRole('heading', { level: 1, name: '高龄津贴申领' }).waitFor();
  await page.getByLabel('户口簿').check();
  await page.getByLabel('老人身份证原件').check();
  await page.getByRole('button', { name: '☆ 收藏' }).click();
  const call = page.getByRole('link', { name: /打电话问/ });
  assert.match(await call.getAttribute('href'), /^tel:[0-9]+$/);
  await screenshot(page, 'service-item-offline');

  // Ticks and favourites are remembered on the phone, offline.
  await page.reload();
  assert.equal(await page.getByLabel('户口簿').isChecked(), true);
  assert.equal(await page.getByLabel('老人身份证原件').isChecked(), true);
  assert.equal(await page.getByLabel('子女或他人代办的，带代办人身份证').isChecked(), false);
  await page.getByRole('link', { name: '‹ 返回办事指南' }).click();
  await page.getByRole('heading', { name: '我的收藏' }).waitFor();
  await page.getByRole('heading', { name: '最近看过' }).waitFor();

  assert.equal((await staffAcks()).acks.length, 0, 'nothing sent while offline');
  await context.setOffline(false);
  await synced(page);
  const { notices, acks } = await staffAcks();
  const fraud = notices.find((n) => n.data.title === FRAUD_ALERT);
  assert.equal(acks.length, 1);
  assert.equal(acks[0].data.notice_id, fraud.id, 'the acknowledgement reached the server exactly once');
  assert.deepEqual(errors, []);
  await context.close();

  // 3栋's 楼栋长 confirms too.
  const head = await phonePage(app.browser);
  await login(head.page, app.server.url, '13800000008');
  await head.page.getByText(FRAUD_ALERT).click();
  await head.page.getByRole('button', { name: '我已知晓' }).click();
  await head.page.getByText('您已确认知晓').waitFor();
  await synced(head.page);
  await head.context.close();

  // A community worker sees, per building, who has confirmed and whom to visit (a grid
  // worker sees the buildings of their grid only).
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, '13800000002');
  await staff.page.getByText(FRAUD_ALERT).click();
  await staff.page.getByRole('link', { name: '查看谁已知晓（按楼栋）' }).click();
  await staff.page.getByText('已知晓 2 人，还有 37 人没有确认').waitFor();
  const building = (name) => staff.page.locator('details').filter({
    has: staff.page.locator('summary strong').getByText(name, { exact: true }),
  });
  // Buildings where someone has still to confirm start open: in 3栋, 24 households of the
  // community's 台账 have not.
  assert.notEqual(await building('3栋').getAttribute('open'), null);
  await building('3栋').getByText('王秀兰').waitFor();
  assert.match(await building('3栋').innerText(), /✓ 王秀兰/);
  const building12 = building('12栋');
  await building12.getByRole('link', { name: '打电话 13800000005' }).waitFor();
  await screenshot(staff.page, 'welfare-check');
  assert.deepEqual(staff.errors, []);
  await staff.context.close();
});

test('HTML typed into a notice is shown as text, never run', async () => {
  const { context, page } = await phonePage(app.browser);
  await login(page, app.server.url, '13800000002');
  await page.getByRole('link', { name: '发布通知' }).click();
  await page.getByLabel('标题').fill('<img src=x onerror="window.hacked=1">标题');
  await page.getByLabel('正文').fill('<script>window.hacked=1</script>正文');
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await page.getByText('<script>window.hacked=1</script>正文').waitFor();
  assert.equal(await page.evaluate(() => window.hacked), undefined);
  assert.equal(await page.locator('main img').count(), 0);
  await context.close();
});

test('staff edit a notice for some buildings and a date; only those buildings see it', async () => {
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, '13800000002');
  await staff.page.getByRole('link', { name: '发布通知' }).click();
  await staff.page.getByLabel('标题').fill('周末电梯保养');
  await staff.page.getByLabel('正文').fill('周六上午电梯保养，请走楼梯。');
  await staff.page.getByRole('button', { name: '发布', exact: true }).click();
  await staff.page.waitForURL(/\/notices\/[0-9a-f-]{36}$/);

  // A change of mind: it is only for 3栋, until the end of the year.
  await staff.page.getByRole('link', { name: '修改这条通知' }).click();
  await staff.page.getByLabel('标题').fill('3栋周末电梯保养');
  await staff.page.getByLabel('只发给部分楼栋').check();
  await staff.page.getByRole('button', { name: '保存修改' }).click();
  await staff.page.getByText('请至少选择一栋楼').waitFor();
  await staff.page.getByLabel('3栋', { exact: true }).check();
  const nextYear = new Date().getFullYear() + 1;
  await staff.page.getByLabel('有效期至').fill(`${nextYear}-01-01`);
  await staff.page.getByRole('button', { name: '保存修改' }).click();
  await staff.page.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
  await staff.page.getByText(`有效期至`).waitFor();
  await synced(staff.page);

  const state = await serverState(app.server.url, '13800000002');
  const edited = state.notices.filter((n) => n.data.title.includes('周末电梯保养'));
  assert.equal(edited.length, 1, 'the edit replaced the notice, not added one');
  assert.equal(edited[0].data.title, '3栋周末电梯保养');
  assert.equal(edited[0].data.audience.length, 1);
  assert.ok(edited[0].data.expires_at > Date.now());

  const inBuilding3 = await serverState(app.server.url, '13800000004');
  const inBuilding12 = await serverState(app.server.url, '13800000005');
  assert.ok(inBuilding3.notices.some((n) => n.data.title === '3栋周末电梯保养'));
  assert.ok(!inBuilding12.notices.some((n) => n.data.title === '3栋周末电梯保养'));

  assert.deepEqual(staff.errors, []);

  // Opened from a link on another phone of the staff member, while the app there still
  // reads the phone's data, the form starts from the notice, not empty as a new one.
  const editUrl = `${staff.page.url()}/edit`;
  await staff.context.close();
  const other = await phonePage(app.browser);
  await login(other.page, app.server.url, '13800000002');
  await synced(other.page);
  await other.page.goto(editUrl);
  await other.page.getByLabel('标题').waitFor();
  assert.equal(await other.page.locator('h1').textContent(), '修改通知');
  assert.equal(await other.page.getByLabel('标题').inputValue(), '3栋周末电梯保养');
  assert.deepEqual(other.errors, []);
  await other.context.close();
});
