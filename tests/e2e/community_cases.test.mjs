// A community set up from an empty database (`create-admin`, then the admin API) runs its
// cases with 物业: a resident files a 说事, the admin gives it to 物业, 物业 sees it in their
// queue and posts progress the resident reads on the timeline. Then the admin disables
// the resident: their phone is logged out with the reason, and what they did offline stays
// theirs — never sent by the next account on the phone, sent when they log in again.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  createAdmin, login, phonePage, screenshot, synced, useApp, waitForOfflineReady,
} from './harness.mjs';

const PASSWORD = 'jinshi-2026-ok';
const ADMIN = { phone: '13700000002', name: '赵主任', password: PASSWORD, streetOffice: '金石街道', community: '金石社区' };
const RESIDENT = '13700000020';
const PROPERTY = '13700000010';

const app = useApp({ demoData: false, prepare: (db) => createAdmin(db, ADMIN) });

async function api(method, path, token, body) {
  const response = await fetch(`${app.server.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** An account made at the desk, its password set with the desk code. */
async function person(admin, phone, name, role, address = {}) {
  const made = await api('POST', '/admin/people', admin, { phone, display_name: name, role, address });
  await api('POST', '/accounts/reset', null, { phone, code: made.reset_code.code, password: PASSWORD });
}

/** The cases on the server, as a fresh device of the admin pulls them. */
async function serverCases(admin) {
  const pull = await api('GET', `/sync/pull?protocol=1&since=0&client_id=${crypto.randomUUID()}`, admin);
  return pull.changes.filter((c) => c.collection === 'reports' && c.data).map((c) => c.data);
}

async function fileCase(page, description) {
  await page.goto(`${app.server.url}/reports/new`);
  await page.getByLabel('是哪一类事？').selectOption({ index: 1 });
  await page.getByLabel('什么事？').fill(description);
  await page.getByLabel('楼栋').selectOption({ label: '3栋' });
  await page.getByRole('button', { name: '提交' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
}

let admin;

test('a case given to 物业 is handled by 物业 and followed by the resident', async () => {
  ({ token: admin } = await api('POST', '/sessions', null, { phone: ADMIN.phone, password: PASSWORD }));
  const { added } = await api('POST', '/admin/buildings', admin, { names: '1-5栋', units: '1-2单元', floors: '6' });
  const three = added.find((b) => b.name === '3栋');
  await person(admin, RESIDENT, '马大爷', 'resident', { building_id: three.id, room: '402' });
  await person(admin, PROPERTY, '物业张师傅', 'property');

  const resident = await phonePage(app.browser);
  await login(resident.page, app.server.url, RESIDENT, PASSWORD);
  await synced(resident.page);
  const description = '3栋楼道的窗户玻璃碎了，风一吹就掉渣';
  await fileCase(resident.page, description);
  const caseUrl = resident.page.url();
  await synced(resident.page);

  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, ADMIN.phone, PASSWORD);
  await synced(staff.page);
  await staff.page.goto(`${app.server.url}/reports/queue`);
  await staff.page.getByRole('link', { name: new RegExp(description) }).click();
  await staff.page.getByLabel('交给专人', { exact: true }).check();
  await staff.page.getByLabel('交给谁').selectOption({ label: '物业公司' });
  await staff.page.getByLabel('给居民的说明（居民能看到）').fill('已交给物业，请物业尽快修好。');
  await staff.page.getByRole('button', { name: '确定' }).click();
  await staff.page.locator('.timeline').getByText('已交给物业，请物业尽快修好。').waitFor();
  await synced(staff.page);

  const property = await phonePage(app.browser);
  await login(property.page, app.server.url, PROPERTY, PASSWORD);
  await synced(property.page);
  await property.page.getByRole('link', { name: '说事' }).first().click();
  await property.page.getByRole('link', { name: '处理说事' }).click();
  await property.page.getByRole('link', { name: new RegExp(description) }).click();
  // 物业 works on the case; passing it on or closing it stays with the community.
  await property.page.getByLabel('开始处理', { exact: true }).waitFor();
  assert.equal(await property.page.getByLabel('交给专人', { exact: true }).count(), 0);
  await property.page.getByLabel('开始处理', { exact: true }).check();
  await property.page.getByLabel('给居民的说明（居民能看到）').fill('物业师傅下午两点带玻璃上门更换。');
  await property.page.getByRole('button', { name: '确定' }).click();
  await property.page.locator('.timeline').getByText('物业师傅下午两点带玻璃上门更换。').waitFor();
  await synced(property.page);
  await screenshot(property.page, 'admin-property-case');

  await resident.page.goto(caseUrl);
  await synced(resident.page);
  await resident.page.locator('.timeline').getByText('物业师傅下午两点带玻璃上门更换。').waitFor();
  for (const p of [resident, staff, property]) assert.deepEqual(p.errors, []);
  await property.context.close();
  app.resident = resident;
  app.staff = staff;
});

test('a disabled account is logged out with the reason; its unsent writes wait for it', async () => {
  const { page, context } = app.resident;
  const staff = app.staff.page;
  // Offline on the stairs: a second case waits on the phone.
  await waitForOfflineReady(page);
  await context.setOffline(true);
  const unsent = '3栋门口的路灯不亮';
  await fileCase(page, unsent);
  await page.locator('.sync-status').getByText(/1 条待发送/).waitFor();

  // Meanwhile the admin disables the account, with a confirmation.
  await staff.goto(`${app.server.url}/admin/people`);
  await staff.getByLabel('姓名、手机号或楼栋').fill('马大爷');
  await staff.getByRole('button', { name: '查找' }).click();
  await staff.getByText('找到 1 人').waitFor();
  await staff.getByRole('button', { name: '停用账号' }).click();
  await staff.getByRole('button', { name: '确定停用' }).click();
  await staff.getByText(/· 已停用/).waitFor();

  // Back online, the phone learns it at its next request, and says so.
  await context.setOffline(false);
  const ended = page.getByRole('alert').filter({ hasText: '您已退出登录' });
  await ended.getByText(/账号已停用/).waitFor();
  await screenshot(page, 'admin-disabled-logged-out');
  await page.getByRole('link', { name: '我的' }).first().click();
  const others = page.locator('.others-writes');
  await others.getByText('马大爷（137****0020）还有 1 条记录没有发送。这个账号重新登录后会自动发送。').waitFor();
  // Giving them up asks first; not now.
  await others.getByRole('button', { name: '放弃这些记录' }).click();
  await others.getByText('放弃后这些记录不会再发送，也找不回来。确定放弃吗？').waitFor();
  await others.getByRole('button', { name: '不放弃' }).click();

  // Someone else logs in on this phone: the case is not sent in their name.
  await login(page, app.server.url, PROPERTY, PASSWORD);
  await synced(page);
  await page.getByRole('link', { name: '我的' }).first().click();
  await others.getByText(/马大爷（137\*\*\*\*0020）还有 1 条记录没有发送/).waitFor();
  assert.equal((await serverCases(admin)).filter((c) => c.description === unsent).length, 0);
  await page.getByRole('button', { name: '退出登录' }).click();

  // Enabled again, the resident logs in on the phone: now it is sent, as theirs.
  await staff.getByRole('button', { name: '恢复使用' }).click();
  await staff.getByText(/· 正常/).waitFor();
  await login(page, app.server.url, RESIDENT, PASSWORD);
  await synced(page);
  const sent = (await serverCases(admin)).filter((c) => c.description === unsent);
  assert.equal(sent.length, 1, 'sent once, after its own account logged in');
  await page.getByRole('link', { name: '我的' }).first().click();
  await page.getByRole('heading', { name: '我的' }).waitFor();
  assert.equal(await others.count(), 0);
  assert.deepEqual(app.resident.errors, []);
  assert.deepEqual(app.staff.errors, []);
});

test('a resident sees where they are logged in, logs the other phone out and changes the password', async () => {
  const first = app.resident;
  const second = await phonePage(app.browser);
  await login(second.page, app.server.url, RESIDENT, PASSWORD);
  await second.page.goto(`${app.server.url}/me`);
  await second.page.getByRole('link', { name: '登录的设备' }).click();
  await second.page.getByText('（这台手机）').waitFor();
  assert.equal(await second.page.locator('.admin-list li').count(), 2, 'both phones');
  await second.page.getByRole('button', { name: '让其他设备退出登录' }).click();
  await second.page.waitForFunction(() => document.querySelectorAll('.admin-list li').length === 1);

  // The other phone learns it at its next request, and says why.
  await first.page.reload();
  await first.page.getByRole('alert').filter({ hasText: '您已退出登录' }).waitFor();

  await second.page.getByRole('link', { name: '‹ 返回我的' }).click();
  await second.page.getByRole('link', { name: '修改密码' }).click();
  await second.page.getByLabel('现在的密码').fill(PASSWORD);
  await second.page.getByLabel('新密码').fill(RESIDENT);
  await second.page.getByRole('button', { name: '修改密码' }).click();
  await second.page.getByText('密码不能用手机号，请换一个').waitFor();
  await second.page.getByLabel('新密码').fill('mada-ye-2027');
  await second.page.getByRole('button', { name: '修改密码' }).click();
  await second.page.getByText('密码已修改。').waitFor();
  await login(first.page, app.server.url, RESIDENT, 'mada-ye-2027');
  assert.deepEqual(first.errors, []);
  assert.deepEqual(second.errors, []);
});
