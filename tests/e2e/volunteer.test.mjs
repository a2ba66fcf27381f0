// Volunteering as people do it: staff put up a shift, a volunteer signs up with no
// signal (待确认) and is confirmed when it syncs, the next one waits and is promoted
// when a place frees, and the hours of a check-in and check-out reach 我的志愿 and
// the staff's CSV.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import {
  login, phonePage, screenshot, synced, useApp, waitForOfflineReady,
} from './harness.mjs';

const app = useApp();

const TITLE = '楼道杂物清理（3栋）';
const CODE = '246813';
const HOUR = 3_600_000;

/** Date and time input values of a moment in China time. */
function chinaInputs(ms) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(ms).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** A shift running now: from two hours ago to an hour from now, within today (China time). */
function runningNow() {
  const now = Date.now();
  const today = chinaInputs(now).date;
  const start = chinaInputs(now - 2 * HOUR).date === today ? now - 2 * HOUR : Date.parse(`${today}T00:00:00+08:00`);
  const end = chinaInputs(now + HOUR).date === today ? now + HOUR : Date.parse(`${today}T23:59:00+08:00`);
  return { date: today, start: chinaInputs(start).time, end: chinaInputs(end).time, startMs: start };
}

async function fillShift(page, { date, start, end, capacity }) {
  await page.getByLabel('日期').fill(date);
  await page.getByLabel('开始时间').fill(start);
  await page.getByLabel('结束时间').fill(end);
  if (capacity) await page.getByLabel('需要多少人').fill(capacity);
  await page.getByRole('button', { name: '保存班次' }).click();
  await page.waitForURL(/\/volunteer\/activities\/[0-9a-f-]{36}$/);
}

let activityUrl;

/** A resident's card for the one shift of the test activity. */
async function openShift(page) {
  await page.goto(activityUrl);
  await page.getByRole('heading', { name: TITLE }).waitFor();
  return page.locator('.shift');
}

test('offline sign-up, waitlist promotion, check-in and check-out, hours in 我的志愿 and the CSV', async () => {
  // Staff put up an activity with one place tomorrow morning.
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, '13800000002');
  await staff.page.goto(`${app.server.url}/volunteer`);
  await staff.page.getByRole('link', { name: '新建活动' }).click();
  await staff.page.getByLabel('类别').selectOption({ label: '环境整治' });
  await staff.page.getByLabel('活动名称').fill(TITLE);
  await staff.page.getByLabel('地点').fill('3栋楼下');
  await staff.page.getByLabel('联系人').fill('钱晓燕');
  await staff.page.getByLabel('联系电话').fill('13800000002');
  await staff.page.getByRole('button', { name: '保存' }).click();
  await staff.page.waitForURL(/\/volunteer\/activities\/[0-9a-f-]{36}$/);
  activityUrl = staff.page.url();
  await staff.page.getByRole('link', { name: '添加班次' }).click();
  await staff.page.getByLabel(/签到码/).fill(CODE);
  await fillShift(staff.page, {
    date: chinaInputs(Date.now() + 24 * HOUR).date, start: '09:00', end: '11:00', capacity: '1',
  });
  await staff.page.locator('.shift').getByText(CODE).waitFor();
  await synced(staff.page);

  // 李志强 fills in his volunteer profile, then loses the signal and signs up.
  const first = await phonePage(app.browser);
  await login(first.page, app.server.url, '13800000005');
  await first.page.goto(`${app.server.url}/volunteer/profile`);
  await synced(first.page);
  await first.page.getByLabel('维修').check();
  await first.page.getByLabel('什么时候有空').fill('周末上午');
  await first.page.getByLabel('紧急联系人', { exact: true }).fill('李明');
  await first.page.getByLabel('紧急联系人电话').fill('139 0000 1111');
  await first.page.getByRole('button', { name: '保存' }).click();
  await first.page.waitForURL('**/volunteer');
  await synced(first.page);
  await first.page.getByText(TITLE).waitFor();
  await waitForOfflineReady(first.page);
  await first.context.setOffline(true);
  await first.page.goto(`${app.server.url}/volunteer`);
  await first.page.getByText(TITLE).click();
  let shift = first.page.locator('.shift');
  await shift.getByText('还剩 1 个').waitFor();
  await shift.getByRole('button', { name: '报名', exact: true }).click();
  await shift.getByText('待确认').waitFor();
  await first.page.reload();
  await first.page.locator('.shift').getByText('待确认').waitFor();
  await screenshot(first.page, 'volunteer-signup-offline');
  await first.context.setOffline(false);
  await synced(first.page);
  await first.page.locator('.shift').getByText('我的报名：已确认').waitFor();

  // 王秀兰 finds the shift full: she waits first in line.
  const second = await phonePage(app.browser);
  await login(second.page, app.server.url, '13800000004');
  await second.page.goto(`${app.server.url}/volunteer/profile`);
  await synced(second.page);
  await second.page.getByLabel('什么时候有空').fill('工作日上午');
  await second.page.getByLabel('紧急联系人', { exact: true }).fill('王强');
  await second.page.getByLabel('紧急联系人电话').fill('13900002222');
  await second.page.getByRole('button', { name: '保存' }).click();
  await second.page.waitForURL('**/volunteer');
  await synced(second.page);
  shift = await openShift(second.page);
  await shift.getByText('名额已满').waitFor();
  await shift.getByRole('button', { name: '报名候补' }).click();
  await synced(second.page);
  await shift.getByText('候补第 1 位').waitFor();

  // 李志强 cannot go after all: 王秀兰 takes his place and is told so.
  shift = await openShift(first.page);
  await shift.getByRole('button', { name: '去不了' }).click();
  await shift.getByRole('button', { name: '确定去不了' }).click();
  await synced(first.page);
  await second.page.reload();
  await synced(second.page);
  await second.page.locator('.shift').getByText('我的报名：已确认').waitFor();
  await second.page.goto(`${app.server.url}/volunteer/me`);
  await second.page.locator('.inbox li', { hasText: TITLE }).filter({ hasText: '从候补转为正式参加' }).waitFor();

  // Staff move the shift to now, as happens when plans change on the day.
  const running = runningNow();
  await staff.page.goto(activityUrl);
  await staff.page.getByRole('link', { name: '修改班次' }).click();
  await fillShift(staff.page, running);
  await synced(staff.page);

  // At the site: a wrong code is refused and nothing is recorded; the right one checks in
  // (she arrived at the start), and checking out now credits the time served.
  shift = await openShift(second.page);
  await synced(second.page);
  await shift.getByLabel(/签到码/).fill('000000');
  await shift.getByRole('button', { name: '签到' }).click();
  await synced(second.page);
  await second.page.getByText('签到码不对').waitFor();
  await second.page.getByRole('button', { name: '知道了，删除这条' }).click();
  await shift.getByLabel(/签到码/).fill(CODE);
  await second.page.clock.setFixedTime(running.startMs + 60_000);
  await shift.getByRole('button', { name: '签到' }).click();
  await shift.getByText('已签到').waitFor();
  await synced(second.page);
  await second.page.clock.setFixedTime(Date.now());
  await shift.getByLabel(/签退码/).fill(CODE);
  await shift.getByRole('button', { name: '签退' }).click();
  await shift.getByText('已签退').waitFor();
  await synced(second.page);
  await second.page.reload();
  await synced(second.page);
  const credited = await second.page.locator('.shift').getByText('已记入时间银行').textContent();
  const hours = Number(credited.match(/([\d.]+) 小时/)[1]);
  assert.ok(hours > 0 && hours <= 3, `credited within the shift's length: ${credited}`);
  await second.page.goto(`${app.server.url}/volunteer/me`);
  await second.page.locator('.ledger').getByText(TITLE).waitFor();
  await screenshot(second.page, 'volunteer-my-hours');

  // Staff see who came and export the hours for the street office's spreadsheet.
  await staff.page.goto(activityUrl);
  await synced(staff.page);
  await staff.page.getByRole('link', { name: '报名名单' }).click();
  const line = staff.page.locator('.roster li', { hasText: '王秀兰' });
  await line.getByText('签退').waitFor();
  await line.getByText(`计 ${hours} 小时`).waitFor();
  await screenshot(staff.page, 'volunteer-roster');
  const [download] = await Promise.all([
    staff.page.waitForEvent('download'),
    staff.page.getByRole('button', { name: '导出全部服务时长' }).click(),
  ]);
  const csv = await readFile(await download.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM for Excel');
  const rows = csv.toString('utf8').slice(1).split(/\r?\n/);
  assert.match(rows[0], /姓名/);
  assert.ok(rows.some((r) => r.startsWith('王秀兰')), `王秀兰 is in the report:\n${rows.join('\n')}`);

  for (const device of [staff, first, second]) {
    assert.deepEqual(device.errors, []);
    await device.context.close();
  }
});
