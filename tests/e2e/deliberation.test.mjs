// 议事协商 in a real browser on the demo data: a resident votes offline (in 长辈版, from the
// first screen's tile), closes and reopens
// the app still offline, comes online, and the vote counts once; staff enter a paper vote
// that its resident sees on their topic page; closing the vote publishes the result as a
// notice that reaches another device.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO_PASSWORD, login, phonePage, screenshot, serverState, synced, useApp, waitForOfflineReady,
} from './harness.mjs';

const app = useApp();

const TITLE = '电动车集中充电桩装在哪里';

/** The charging topic as a fresh device of `phone` pulls it. */
async function pulledTopic(phone) {
  const { token } = await fetch(`${app.server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
  }).then((r) => r.json());
  const pull = await fetch(
    `${app.server.url}/api/sync/pull?protocol=1&since=0&client_id=${crypto.randomUUID()}`,
    { headers: { authorization: `Bearer ${token}` } },
  ).then((r) => r.json());
  return pull.changes.find((c) => c.collection === 'deliberation_topics' && c.data?.title === TITLE).data;
}

async function openTopic(page) {
  await page.goto(`${app.server.url}/me`);
  await page.getByRole('link', { name: '议事协商' }).click();
  await page.getByRole('link', { name: new RegExp(TITLE) }).click();
  await page.getByRole('heading', { name: TITLE }).waitFor();
}

test('a vote cast offline survives closing the app and counts once', async () => {
  const before = await pulledTopic('13800000004');
  assert.equal(before.my_vote, null);

  const resident = await phonePage(app.browser);
  await login(resident.page, app.server.url, '13800000004');
  await synced(resident.page);
  // In 长辈版 the first screen says a vote waits for her, beside the four tiles.
  await resident.page.locator('.top-bar').getByRole('button', { name: '长辈版' }).click();
  await resident.page.goto(app.server.url);
  await resident.page.getByRole('link', { name: '有 1 件事等您投票' }).click();
  await resident.page.getByRole('link', { name: new RegExp(TITLE) }).click();
  await resident.page.getByText('每位居民投一票').waitFor();
  await waitForOfflineReady(resident.page);

  await resident.context.setOffline(true);
  await resident.page.getByRole('button', { name: '东门车棚旁' }).click();
  await resident.page.getByRole('button', { name: '确认投票' }).click();
  await resident.page.getByText('您投了：东门车棚旁').waitFor();
  await resident.page.locator('.my-vote').getByText('待发送').waitFor();
  await screenshot(resident.page, 'deliberation-vote-offline');
  const address = resident.page.url();

  // The app is closed and opened again, still with no signal.
  await resident.page.close();
  const reopened = await resident.context.newPage();
  reopened.on('pageerror', (err) => resident.errors.push(err));
  await reopened.goto(address);
  await reopened.getByText('您投了：东门车棚旁').waitFor();
  await reopened.locator('.my-vote').getByText('待发送').waitFor();
  assert.equal((await pulledTopic('13800000005')).voted, before.voted, 'nothing sent yet');
  await reopened.goto(app.server.url);
  await reopened.getByRole('link', { name: '看通知' }).waitFor();
  assert.equal(await reopened.getByText('等您投票').count(), 0, 'nothing waits for her now');
  await reopened.goto(address);

  await resident.context.setOffline(false);
  await synced(reopened);
  await reopened.getByText('您投了：东门车棚旁').waitFor();
  assert.equal(await reopened.locator('.my-vote').getByText('待发送').count(), 0);
  const after = await pulledTopic('13800000004');
  assert.equal(after.voted, before.voted + 1, 'counted once');
  assert.deepEqual(after.my_vote.choice, ['east_gate']);
  // Sending again (another reload online) changes nothing.
  await reopened.reload();
  await synced(reopened);
  assert.equal((await pulledTopic('13800000005')).voted, before.voted + 1);
  assert.deepEqual(resident.errors, []);
  await resident.context.close();
});

test('a paper vote shows on its resident\'s page; the closed result reaches another device', async () => {
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, '13800000002');
  await synced(staff.page);
  await openTopic(staff.page);
  await staff.page.getByLabel('居民', { exact: true }).selectOption({ label: '冯国华 · 5栋' });
  await staff.page.getByLabel('选择', { exact: true }).selectOption({ label: '5栋北侧空地' });
  await staff.page.getByRole('button', { name: '登记这一票' }).click();
  await synced(staff.page);

  const elder = await phonePage(app.browser);
  await login(elder.page, app.server.url, '13900004001');
  await synced(elder.page);
  await openTopic(elder.page);
  await elder.page.getByText('您投了：5栋北侧空地').waitFor();
  await elder.page.getByText(/由工作人员 钱晓燕 代投（纸质投票）/).waitFor();
  await screenshot(elder.page, 'deliberation-paper-vote');

  await staff.page.getByRole('button', { name: '结束投票并公布结果' }).click();
  await staff.page.getByRole('button', { name: '确定结束并公布结果' }).click();
  await synced(staff.page);

  const neighbour = await phonePage(app.browser);
  await login(neighbour.page, app.server.url, '13800000005');
  await neighbour.page.getByText(`议事结果公示：${TITLE}`).click();
  await neighbour.page.getByText(/实投 15 人/).waitFor();
  await openTopic(neighbour.page);
  await neighbour.page.getByRole('heading', { name: /投票结果/ }).waitFor();
  await screenshot(neighbour.page, 'deliberation-result');
  for (const device of [staff, elder, neighbour]) {
    assert.deepEqual(device.errors, []);
    await device.context.close();
  }
});

test('staff turn a 说事 case into a topic, and the case links to it', async () => {
  const CASE = '7栋1单元一楼到三楼的楼道里堆了很多纸箱和旧家具';
  const TOPIC = '7栋楼道堆物怎么清理';
  const { reports } = await serverState(app.server.url, '13800000002');
  const { id } = reports.find((r) => r.data.description.startsWith(CASE));
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, '13800000002');
  await synced(staff.page);
  await staff.page.goto(`${app.server.url}/reports/${id}`);
  await staff.page.getByRole('link', { name: '转为议事协商' }).click();
  await staff.page.getByText('从居民说事转来：').waitFor();
  assert.match(await staff.page.getByLabel('背景说明').inputValue(), /纸箱和旧家具/);
  await staff.page.getByLabel('议题', { exact: true }).fill(TOPIC);
  const inAWeek = new Date(Date.now() + 8 * 3600e3 + 7 * 86400e3).toISOString().slice(0, 10);
  await staff.page.getByLabel(/征集意见截止/).fill(inAWeek);
  await staff.page.getByRole('button', { name: '发布议题' }).click();
  await staff.page.getByRole('heading', { name: TOPIC }).waitFor();
  await synced(staff.page);
  await staff.page.goto(`${app.server.url}/reports/${id}`);
  await staff.page.locator('.topic-links').getByRole('link', { name: TOPIC }).waitFor();
  assert.deepEqual(staff.errors, []);
  await staff.context.close();
});
