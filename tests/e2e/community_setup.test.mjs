// A real community from an empty database, in the app (issue 16): the street office's
// `create-admin`, then 金石社区 and its admin, buildings in bulk, residents from an .xlsx
// file, a 网格员 with a grid, a 楼栋长 and a 物业 account; then a resident registers, sees
// why they wait, and the 楼栋长 confirms them at the door, offline and then online.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import {
  ROOT, createAdmin, login, phonePage, screenshot, synced, useApp, waitForOfflineReady,
} from './harness.mjs';

const STREET = { phone: '13700000001', name: '吴卫东', password: 'jinshi-street-26', streetOffice: '金石街道' };
const PASSWORD = 'jinshi-2026-ok';
// Made with rust_xlsxwriter, phones stored as numbers as Excel keeps them: 王秀兰 (3栋),
// 李志强 (12栋), and 赵大爷 with a phone one digit short.
const SHEET = path.join(ROOT, 'tests/e2e/fixtures/residents.xlsx');

const app = useApp({ demoData: false, prepare: (db) => createAdmin(db, STREET) });
/** Desk codes handed out along the way, by phone. */
const codes = {};

/** Reads the one-time code the page shows for `name`. */
async function shownCode(page, name) {
  const box = page.locator('.reset-code').filter({ hasText: `${name}的验证码` });
  const code = (await box.locator('.reset-code-digits').textContent()).trim();
  assert.match(code, /^\d{8}$/);
  return code;
}

/** Sets a password with a desk code on the log-in screen, as a new staff member does. */
async function setPassword(page, phone) {
  await page.goto(`${app.server.url}/login`);
  await page.getByRole('link', { name: '用验证码设置密码' }).click();
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('验证码').fill(codes[phone]);
  await page.getByLabel('新密码').fill(PASSWORD);
  await page.getByRole('button', { name: '设置密码并登录' }).click();
  await page.waitForURL('**/notices');
}

async function openAdmin(page, screen) {
  await page.getByRole('link', { name: '我的' }).first().click();
  await page.getByRole('link', { name: '社区管理' }).click();
  await page.getByRole('link', { name: new RegExp(`^${screen}`) }).click();
}

test('a street office opens 金石社区 and its admin sets it up in the app', async () => {
  const street = await phonePage(app.browser);
  await login(street.page, app.server.url, STREET.phone, STREET.password);
  await openAdmin(street.page, '社区');
  await street.page.getByRole('heading', { name: '社区', exact: true }).waitFor();
  await street.page.getByLabel('社区名称').fill('金石社区');
  await street.page.getByLabel('办公时间').fill('周一至周五 8:30-17:30');
  await street.page.getByLabel('值班电话').fill('027-87654321');
  await street.page.getByRole('button', { name: '新建社区' }).click();
  const card = street.page.locator('.card').filter({ has: street.page.getByRole('heading', { name: '金石社区' }) });
  await card.getByText('还没有管理员').waitFor();
  await card.locator('.community-figures').getByText(/^0 栋 · 0 户 · 居民 0 人/).waitFor();
  await card.getByRole('button', { name: '添加社区管理员' }).click();
  await card.getByLabel('管理员手机号').fill('13700000002');
  await card.getByLabel('管理员姓名').fill('赵主任');
  await card.getByRole('button', { name: '设为社区管理员' }).click();
  codes['13700000002'] = await shownCode(street.page, '赵主任');
  await screenshot(street.page, 'admin-street-communities');
  assert.deepEqual(street.errors, []);
  await street.context.close();

  // The admin sets a password with the code and runs the community from the phone.
  const { page, errors } = await phonePage(app.browser);
  await setPassword(page, '13700000002');
  await openAdmin(page, '楼栋');
  await page.getByLabel('楼栋', { exact: true }).fill('1-20栋');
  await page.getByLabel('每栋几个单元').fill('1-3单元');
  await page.getByLabel('层数').fill('6');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await page.getByText('已添加 20 栋').waitFor();
  await page.getByRole('heading', { name: '共 20 栋' }).waitFor();
  // The same again adds nothing twice.
  await page.getByLabel('楼栋', { exact: true }).fill('20栋');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await page.getByText('已添加 0 栋；20栋 已经有了，没有重复添加').waitFor();

  // Residents from the 台账: a preview first, nothing written, then confirmed.
  await page.getByRole('link', { name: '‹ 返回社区管理' }).click();
  await page.getByRole('link', { name: /^从表格导入/ }).click();
  await page.getByLabel('导入什么').selectOption({ label: '居民' });
  await page.getByLabel(/选择表格文件/).setInputFiles(SHEET);
  await page.getByText('新增 2，修改 0，不变 0，不能导入 1').waitFor();
  const refused = page.locator('.import-preview tr').filter({ hasText: '不能导入' });
  assert.equal(await refused.locator('td').first().textContent(), '4', 'the sheet row of 赵大爷');
  assert.match(await refused.textContent(), /手机号：/);
  await screenshot(page, 'admin-import-preview');
  await page.getByRole('button', { name: '确认导入 2 行' }).click();
  await page.getByRole('heading', { name: '已导入' }).waitFor();

  // Staff, 楼栋长 and 物业 accounts, each with a code shown once.
  await page.getByRole('link', { name: '‹ 返回社区管理' }).click();
  await page.getByRole('link', { name: /^人员/ }).click();
  await page.getByText('找到 3 人').waitFor();
  for (const [phone, name, role, building] of [
    ['13700000003', '孙建国', '网格员', null],
    ['13700000008', '陈玉梅', '楼栋长', '3栋'],
    ['13700000010', '物业张师傅', '物业', null],
  ]) {
    await page.locator('#field-new-role').selectOption({ label: role });
    if (building) await page.locator('#field-new-building').selectOption({ label: building });
    await page.locator('#field-phone').fill(phone);
    await page.locator('#field-display_name').fill(name);
    await page.getByRole('button', { name: '开账号' }).click();
    codes[phone] = await shownCode(page, name);
  }
  await page.getByText('找到 6 人').waitFor();
  // 李志强 moved to 5栋.
  const li = page.locator('.person-card').filter({ hasText: '李志强' });
  await li.getByRole('button', { name: '改住址或手机号' }).click();
  await li.getByLabel('楼栋').selectOption({ label: '5栋' });
  await li.getByLabel('房号').fill('601');
  await li.getByRole('button', { name: '保存住址和手机号' }).click();
  await page.locator('.person-card').filter({ hasText: '李志强' }).getByText(/· 5栋 .*601/).waitFor();
  // A role changed and changed back: the card shows each as the server has it.
  for (const role of ['楼栋长', '居民']) {
    const card = page.locator('.person-card').filter({ hasText: '李志强' });
    await card.getByLabel('李志强的身份').selectOption({ label: role });
    await card.getByRole('button', { name: '改身份' }).click();
    await page.locator('.person-card').filter({ hasText: '李志强' }).locator('h3 .badge', { hasText: role }).waitFor();
  }

  // A grid of ten buildings with its 网格员.
  await page.getByRole('link', { name: '‹ 返回社区管理' }).click();
  await page.getByRole('link', { name: /^网格/ }).click();
  await page.getByLabel('网格名称').fill('第一网格');
  await page.getByLabel('网格员').selectOption({ label: '孙建国' });
  for (let n = 1; n <= 10; n++) await page.getByLabel(`${n}栋`, { exact: true }).check();
  await page.getByRole('button', { name: '保存网格' }).click();
  await page.locator('.card').filter({ hasText: '网格员 孙建国' }).getByText('1栋、2栋').waitFor();

  // 3栋, where 王秀兰 lives now, cannot be retired; the refusal says why.
  await page.getByRole('link', { name: '‹ 返回社区管理' }).click();
  await page.getByRole('link', { name: /^楼栋/ }).click();
  await page.getByRole('button', { name: '停用3栋' }).click();
  await page.getByRole('alert').filter({ hasText: '3栋还住着' }).waitFor();
  await screenshot(page, 'admin-buildings');
  // Its 说事 poster, to print and put up at the entrance.
  const poster = await page.getByRole('link', { name: '3栋的说事二维码海报', exact: true }).getAttribute('href');
  const svg = await fetch(`${app.server.url}${poster}`);
  assert.equal(svg.status, 200);
  assert.match(svg.headers.get('content-type'), /svg/);

  // The office's information, for everyone's 联系社区.
  await page.getByRole('link', { name: '‹ 返回社区管理' }).click();
  await page.getByRole('link', { name: /^社区信息/ }).click();
  // What the street office entered is there once it has arrived.
  await page.waitForFunction(() => document.getElementById('field-duty_phone').value === '027-87654321');
  await page.getByLabel('物业公司名称').fill('金石物业');
  await page.getByLabel('物业 24 小时电话').fill('400-800-1234');
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('已保存').waitFor();

  // Every change is in the audit log.
  await page.getByRole('link', { name: '‹ 返回社区管理' }).click();
  await page.getByRole('link', { name: /^操作记录/ }).click();
  await page.locator('.audit-list li').filter({ hasText: '陈玉梅' }).first().waitFor();
  await page.getByLabel('哪类改动').selectOption({ value: 'building.add' });
  await page.getByRole('button', { name: '筛选' }).click();
  await page.getByText('共 20 条').waitFor();
  assert.deepEqual(errors, []);
});

test('a resident registers and waits; the 楼栋长 confirms them at the door, offline', async () => {
  const resident = await phonePage(app.browser);
  const { page } = resident;
  await page.goto(`${app.server.url}/register`);
  await page.getByLabel('手机号').fill('13700000020');
  await page.getByLabel('怎么称呼您').fill('马大爷');
  await page.getByLabel('设置密码').fill(PASSWORD);
  await page.getByLabel('楼栋').selectOption({ label: '3栋' });
  await page.getByLabel('房号').fill('402');
  await page.getByRole('button', { name: '注册' }).click();
  await page.waitForURL('**/notices');
  const banner = page.getByRole('region', { name: '等待核实' });
  await banner.getByText(/核实前只能看到全社区的通知和办事指南/).waitFor();
  await banner.getByText(/楼栋长陈玉梅/).waitFor();
  await screenshot(page, 'admin-waiting-banner');

  // 联系社区 is on the phone for everyone, with a number to call.
  await synced(page);
  await page.goto(`${app.server.url}/contact`);
  await page.getByRole('link', { name: '打电话 027-87654321（社区值班电话）' }).waitFor();
  await page.getByRole('link', { name: '打电话 400-800-1234（物业 24 小时电话）' }).waitFor();

  const head = await phonePage(app.browser);
  await setPassword(head.page, '13700000008');
  await synced(head.page);
  await waitForOfflineReady(head.page);
  await openAdmin(head.page, '待核实的居民');
  const card = head.page.locator('.card').filter({ has: head.page.getByRole('heading', { name: '3栋' }) });
  await card.getByText('马大爷 402').waitFor();
  // At the door, no signal: confirmed on the phone, waiting to be sent.
  await head.context.setOffline(true);
  await card.getByRole('button', { name: '确认马大爷住在这里' }).click();
  await card.getByText('已确认 · 待发送').waitFor();
  await head.page.locator('.sync-status').getByText(/1 条待发送/).waitFor();
  await screenshot(head.page, 'admin-verify-offline');
  await head.context.setOffline(false);
  await synced(head.page);
  await head.page.getByText('现在没有等待核实的居民。').waitFor();

  // The resident, opening the app again, no longer waits.
  await page.goto(`${app.server.url}/me`);
  await page.getByText('马大爷').first().waitFor();
  await banner.waitFor({ state: 'detached' });
  assert.deepEqual(resident.errors, []);
  assert.deepEqual(head.errors, []);
});
