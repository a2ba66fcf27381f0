// 报名 as a daughter does it for her mother: 王秀兰 (3栋) opens the 65+ health check's
// notice, loses the signal and signs her mother up (待确认), closes the app and opens it
// again (still 待确认, nothing sent), and when the signal returns the server confirms the
// sign-up in her building's batch (1栋–18栋) and holds exactly one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  logIn, login, phonePage, screenshot, synced, useApp, waitForOfflineReady,
} from './harness.mjs';

const app = useApp();

const NOTICE = '65岁以上老人免费健康体检开始预约（按楼栋分批）';

/** The sign-ups and sessions 王秀兰's account gets from the server, as a fresh device. */
async function pulled() {
  const { token } = await logIn(app.server.url, '13800000004');
  const pull = await fetch(
    `${app.server.url}/api/sync/pull?protocol=1&since=0&client_id=${crypto.randomUUID()}`,
    { headers: { authorization: `Bearer ${token}` } },
  ).then((r) => r.json());
  const live = (collection) => pull.changes.filter((c) => c.collection === collection && c.data)
    .map((c) => c.data);
  return { entries: live('signup_entries'), sessions: live('signup_sessions') };
}

test('a daughter signs her mother up for the health check offline; online she is confirmed in her batch', async () => {
  const before = await pulled();
  assert.equal(before.entries.length, 0);

  const resident = await phonePage(app.browser);
  await login(resident.page, app.server.url, '13800000004');
  await synced(resident.page);
  await resident.page.getByRole('link', { name: NOTICE }).first().click();
  await resident.page.getByRole('heading', { name: '报名：65岁以上老人免费健康体检' }).waitFor();
  await resident.page.getByRole('link', { name: '报名', exact: true }).click();
  await resident.page.getByRole('heading', { name: '我要报名' }).waitFor();
  await waitForOfflineReady(resident.page);

  await resident.context.setOffline(true);
  await resident.page.getByLabel('给家人（如父母）').check();
  await resident.page.getByLabel('家人姓名').fill('张秀英');
  await resident.page.getByLabel('和您的关系').fill('母亲');
  await resident.page.getByLabel('参加人的出生年份').fill('1948');
  await resident.page.getByRole('button', { name: '确认报名' }).click();
  const entry = (page) => page.locator('.signup-entry').filter({ hasText: '张秀英' });
  await entry(resident.page).getByText('待确认').waitFor();
  await screenshot(resident.page, 'signup-offline');
  const address = resident.page.url();

  // The app is closed and opened again, still with no signal.
  await resident.page.close();
  const reopened = await resident.context.newPage();
  reopened.on('pageerror', (err) => resident.errors.push(err));
  await reopened.goto(address);
  await entry(reopened).getByText('待确认').waitFor();
  assert.equal((await pulled()).entries.length, 0, 'nothing sent yet');

  await resident.context.setOffline(false);
  await synced(reopened);
  await entry(reopened).getByText('已确认').waitFor();
  await screenshot(reopened, 'signup-confirmed');

  const after = await pulled();
  assert.equal(after.entries.length, 1, 'exactly one sign-up on the server');
  const [mine] = after.entries;
  assert.equal(mine.status, 'confirmed');
  assert.deepEqual(mine.family, { name: '张秀英', relation: '母亲' });
  assert.equal(mine.born, 1948);
  // Her building's batch: the first of the health check's, for 1栋–18栋.
  const batches = after.sessions.filter((s) => s.opening_id === mine.opening_id)
    .sort((a, b) => a.starts_at - b.starts_at);
  assert.equal(mine.session_id, batches[0].id);
  assert.equal(batches[0].buildings.length, 18);
  // Sent again on another start online, it is still one.
  await reopened.reload();
  await synced(reopened);
  assert.equal((await pulled()).entries.length, 1);
  assert.deepEqual(resident.errors, []);
  await resident.context.close();
});
