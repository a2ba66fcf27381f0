// 走访 at the door with no signal: a 网格员 opens today's list offline, logs a 正常 visit
// and a 需要帮助 visit, closes and reopens the app still offline, and comes back online:
// each visit arrives exactly once and the 需要帮助 files exactly one 说事 case. A 楼栋长's
// phone never receives what they may not see (its IndexedDB is read directly), and
// logging out wipes the register from it. A resident corrects their own household; a
// 社区工作者 reads a whole record online, and the read is in the audit log.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import {
  login, phonePage, screenshot, serverState, synced, useApp, waitForOfflineReady,
} from './harness.mjs';

const app = useApp();

const GRID = '13800000003';
const HEAD_3 = '13800000008';
const NOTE = '厨房水管漏水，需要找人来修';

const card = (page, flat) => page.locator('.care-card-link', { hasText: flat }).first();
const visitList = (page) => page.getByRole('list', { name: '该走访的人家' });

/** The contacts the server holds, as the grid worker's fresh device pulls them. */
async function pulledVisits() {
  const { token } = await serverState(app.server.url, GRID);
  const pull = await fetch(`${app.server.url}/api/sync/pull?protocol=1&since=0&client_id=${crypto.randomUUID()}`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.json());
  return pull.changes.filter((c) => c.collection === 'care_visits' && c.data).map((c) => c.data);
}

/** Every row of the device's synced store `store`, as kept in IndexedDB. */
function storedRows(page, store) {
  return page.evaluate((store) => new Promise((resolve, reject) => {
    const open = indexedDB.open('linli');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction(store).objectStore(store).getAll();
      all.onsuccess = () => resolve(all.result.map((r) => (typeof r === 'string' ? JSON.parse(r) : r)));
      all.onerror = () => reject(all.error);
    };
  }), store);
}

test('a 网格员 logs visits offline; each arrives once and 需要帮助 files one case', async () => {
  const before = (await pulledVisits()).length;
  const grid = await phonePage(app.browser);
  await login(grid.page, app.server.url, GRID);
  await grid.page.getByRole('link', { name: '我的', exact: true }).click();
  await grid.page.getByRole('link', { name: '今天该走访' }).click();
  await card(grid.page, '3栋 1单元 201').waitFor();
  await synced(grid.page);
  await waitForOfflineReady(grid.page);

  // On the stairs of 3栋: no signal.
  await grid.context.setOffline(true);
  await grid.page.goto(`${app.server.url}/care`);
  await card(grid.page, '3栋 1单元 201').click();
  await grid.page.getByRole('heading', { name: '3栋 1单元 201' }).waitFor();
  await grid.page.getByRole('button', { name: '正常', exact: true }).click();
  await grid.page.getByText('已记下：上门 正常').waitFor();
  await grid.page.getByText('待发送').first().waitFor();
  await screenshot(grid.page, 'care-visit-offline');

  await grid.page.getByRole('link', { name: '‹ 返回走访名单' }).click();
  await card(grid.page, '6栋 3单元 502').waitFor();
  assert.equal(await visitList(grid.page).getByText('3栋 1单元 201').count(), 0, 'off the list at once');
  await card(grid.page, '6栋 3单元 502').click();
  await grid.page.getByLabel('情况说明（可不填）').fill(NOTE);
  await grid.page.getByRole('button', { name: '需要帮助', exact: true }).click();
  await grid.page.getByText('已记下：上门 需要帮助').waitFor();
  await grid.page.getByRole('status').getByText('2 条待发送').waitFor();

  // The app is closed and opened again, still offline: both contacts wait on the phone.
  await grid.page.close();
  grid.page = await grid.context.newPage();
  grid.page.on('pageerror', (err) => grid.errors.push(err));
  await grid.page.goto(`${app.server.url}/care`);
  await grid.page.getByRole('status').getByText('2 条待发送').waitFor();
  await card(grid.page, '5栋 1单元 101').waitFor();
  for (const flat of ['3栋 1单元 201', '6栋 3单元 502']) {
    assert.equal(await visitList(grid.page).getByText(flat).count(), 0, `${flat} stays off the list`);
  }
  await screenshot(grid.page, 'care-list-reopened-offline');
  assert.equal((await pulledVisits()).length, before, 'nothing reached the server yet');

  // The signal returns.
  await grid.context.setOffline(false);
  await synced(grid.page);
  const visits = await pulledVisits();
  assert.equal(visits.length, before + 2, 'each visit arrived once');
  const fresh = visits.filter((v) => v.at > Date.now() - 3_600_000);
  assert.deepEqual(fresh.map((v) => v.outcome).sort(), ['needs_help', 'normal']);
  const help = fresh.find((v) => v.outcome === 'needs_help');
  assert.equal(help.note, NOTE);
  const cases = (await serverState(app.server.url, GRID)).reports
    .filter((r) => r.data.description.includes(NOTE));
  assert.equal(cases.length, 1, 'exactly one case was filed');
  assert.equal(cases[0].id, help.case_id, 'the case is linked to the visit');
  assert.equal(cases[0].data.reporter_name, '刘明');
  assert.equal(cases[0].data.channel, 'visit');
  assert.deepEqual(grid.errors, []);
  await grid.context.close();
});

test("a 楼栋长's phone holds names, flats and tags of their building only, until they log out", async () => {
  const head = await phonePage(app.browser);
  await login(head.page, app.server.url, HEAD_3);
  await head.page.goto(`${app.server.url}/care`);
  // Due today in 3栋 (3栋 1单元 201 was visited in the test before).
  await card(head.page, '3栋 3单元 501').waitFor();
  await synced(head.page);
  await screenshot(head.page, 'care-list-building-head');

  const rows = (await storedRows(head.page, 'care_households')).map((r) => r.data ?? r);
  const summaries = rows.filter((h) => h.sight === 'summary');
  assert.equal(summaries.length, 6, 'the other households of 3栋');
  for (const h of summaries) {
    assert.equal(h.building_name, '3栋');
    const text = JSON.stringify(h);
    for (const hidden of ['birth_year', 'phone', 'emergency', 'grade', 'dibao', 'dibian', '耳背']) {
      assert.ok(!text.includes(hidden), `${h.building_name} ${h.unit}-${h.room} carries ${hidden}: ${text}`);
    }
  }
  assert.ok(summaries.some((h) => h.kinds.includes('alone') && h.kinds.includes('aged')), 'tags are there');
  const own = rows.filter((h) => h.sight === 'own');
  assert.deepEqual(own.map((h) => `${h.unit}-${h.room}`), ['1-102'], 'their own household only');
  assert.equal(rows.length, 7);
  const visits = (await storedRows(head.page, 'care_visits')).map((r) => r.data ?? r);
  assert.ok(visits.every((v) => v.by_name === '陈玉梅'), 'only the contacts they logged');

  // Logging out wipes the register from the phone.
  await head.page.getByRole('link', { name: '我的', exact: true }).click();
  await head.page.getByRole('button', { name: '退出登录' }).click();
  await head.page.waitForFunction(() => new Promise((resolve) => {
    const open = indexedDB.open('linli');
    open.onsuccess = () => {
      const tx = open.result.transaction(['care_households', 'care_visits']);
      const counts = ['care_households', 'care_visits'].map((s) => tx.objectStore(s).count());
      tx.oncomplete = () => resolve(counts.every((c) => c.result === 0));
    };
  }));
  assert.deepEqual(head.errors, []);
  await head.context.close();
});

test('a resident corrects their household under 我的家庭', async () => {
  const resident = await phonePage(app.browser);
  await login(resident.page, app.server.url, '13800000004');
  await resident.page.getByRole('link', { name: '我的', exact: true }).click();
  await resident.page.getByRole('link', { name: '我的家庭' }).click();
  await resident.page.getByText('3栋 2单元 301').waitFor();
  await synced(resident.page);
  const born = resident.page.getByLabel('出生年份').first();
  await born.fill('一九五六');
  await resident.page.getByRole('button', { name: '保存', exact: true }).click();
  await resident.page.getByText('出生年份请填四位数字，如 1948').waitFor();
  await born.fill('1956');
  await resident.page.getByLabel('电话', { exact: true }).fill('13922223333');
  await resident.page.getByRole('button', { name: '保存', exact: true }).click();
  await resident.page.getByText('已保存在手机上').waitFor();
  await synced(resident.page);
  await screenshot(resident.page, 'care-my-household');

  const { token } = await serverState(app.server.url, '13800000004');
  const pull = await fetch(`${app.server.url}/api/sync/pull?protocol=1&since=0&client_id=${crypto.randomUUID()}`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.json());
  const mine = pull.changes.filter((c) => c.collection === 'care_households' && c.data);
  assert.equal(mine.length, 1, 'their own household only');
  assert.equal(mine[0].data.emergency.phone, '13922223333');
  assert.deepEqual(mine[0].data.tags, [], 'no tags for residents');
  assert.deepEqual(resident.errors, []);
  await resident.context.close();
});

test('a 社区工作者 keeps summaries on the phone and reads a whole record online, audited', async () => {
  const worker = await phonePage(app.browser);
  await login(worker.page, app.server.url, '13800000002');
  await worker.page.goto(`${app.server.url}/care`);
  await card(worker.page, '5栋 1单元 101').click();
  await worker.page.getByRole('heading', { name: '5栋 1单元 101' }).first().waitFor();
  await synced(worker.page);
  const stored = JSON.stringify(await storedRows(worker.page, 'care_households'));
  assert.ok(!stored.includes('13911130101') && !stored.includes('birth_year'), 'summaries only on the phone');

  await worker.page.getByRole('button', { name: '查看完整信息' }).click();
  await worker.page.getByText('打电话 13911130101').waitFor();
  await worker.page.getByText('行动不便，需要有人帮忙买菜').waitFor();
  await screenshot(worker.page, 'care-whole-record');

  const { token } = await serverState(app.server.url, '13800000001');
  const audit = await fetch(`${app.server.url}/api/admin/audit?action=care.read`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.json());
  assert.deepEqual(audit.map((e) => [e.actor_name, e.target_label]), [['钱晓燕', '5栋 1单元 101']]);
  assert.deepEqual(worker.errors, []);
  await worker.context.close();
});

test('after an urgent notice, the households nobody has confirmed it for are called first', async () => {
  const TITLE = '寒潮预警：今晚起气温骤降8度';
  const called = `紧急通知「${TITLE}」还没确认`;
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, '13800000002');
  await staff.page.goto(`${app.server.url}/notices/new`);
  await staff.page.getByLabel('标题').fill(TITLE);
  await staff.page.getByLabel('正文').fill('今晚起气温骤降，请关好门窗，注意保暖。独居老人家里有困难请打社区电话。');
  await staff.page.getByRole('radio', { name: /紧急/ }).check();
  await staff.page.getByLabel('重点户没有确认，多久后请网格员打电话').selectOption({ label: '马上' });
  await screenshot(staff.page, 'care-welfare-check-notice');
  await staff.page.getByRole('button', { name: '发布', exact: true }).click();
  await staff.page.getByRole('heading', { name: TITLE }).waitFor();
  await synced(staff.page);
  await staff.context.close();

  const grid = await phonePage(app.browser);
  await login(grid.page, app.server.url, GRID);
  await grid.page.goto(`${app.server.url}/care`);
  const calls = grid.page.getByRole('list', { name: '该打电话的人家' });
  const household = (flat) => calls.locator('.care-card', { hasText: flat });
  // 张桂兰 lives alone in 3栋 1单元 201; the call list begins with those nobody confirmed for.
  await household('3栋 1单元 201').getByText(called).waitFor();
  await calls.locator('.care-card').first().getByText(called).waitFor();
  await synced(grid.page);
  await screenshot(grid.page, 'care-welfare-check-list');
  assert.equal(await household('3栋 2单元 301').getByText(called).count(), 0, 'a household without a tag is not');

  // The 网格员 calls her: she is reached, and leaves the top of the list.
  await household('3栋 1单元 201').locator('.care-card-link').click();
  await grid.page.getByRole('heading', { name: '3栋 1单元 201' }).waitFor();
  await grid.page.getByRole('button', { name: '电话', exact: true }).click();
  await grid.page.getByRole('button', { name: '正常', exact: true }).click();
  await grid.page.getByText('已记下：电话 正常').waitFor();
  await grid.page.getByRole('link', { name: '‹ 返回走访名单' }).click();
  await calls.locator('.care-card').first().getByText(called).waitFor();
  assert.equal(await household('3栋 1单元 201').getByText(called).count(), 0, 'reached since the notice');
  await synced(grid.page);
  assert.deepEqual(grid.errors, []);
  await grid.context.close();
});

test("a 网格员 brings the grid's 一户一表 in from a spreadsheet, previewed first", async () => {
  // Someone turning 60 this year, by China's calendar.
  const SIXTY = Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4)) - 60;
  const sheet = [
    '楼栋,单元,房号,姓名,出生年份,手机号,与户主关系,是否在住,标签,紧急联系人,紧急联系电话',
    '3栋,1单元,601室,孙桂英,1938,13912340011,户主,是,独居、残疾二级,孙建,13912340012',
    '3栋,1,601,孙建,1965,13912340012,儿子,否,,,',
    `3栋,1,601,孙小梅,${SIXTY},,女儿,是,,,`,
    '15栋,1,301,吴芳,1980,,户主,,,,',
  ].join('\n');
  const grid = await phonePage(app.browser);
  await login(grid.page, app.server.url, GRID);
  await grid.page.goto(`${app.server.url}/care`);
  await grid.page.getByRole('link', { name: '从表格导入一户一表' }).click();
  await grid.page.getByText('同一套房的几行算一户').waitFor();
  await grid.page.getByLabel(/选择表格文件/).setInputFiles({
    name: '一户一表.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet),
  });
  await grid.page.getByText('新增 3，修改 0，不变 0，不能导入 1').waitFor();
  const refused = grid.page.locator('.import-preview tr').filter({ hasText: '不能导入' });
  assert.match(await refused.textContent(), /楼栋：15栋不在您负责的网格里/);
  await screenshot(grid.page, 'care-import-preview');
  await grid.page.getByRole('button', { name: '确认导入 3 行' }).click();
  await grid.page.getByRole('heading', { name: '已导入' }).waitFor();

  // Never visited, the new household is due at once, and its record is on the phone;
  // the daughter turning 60 is reminded of the 老年人优待证, with how to apply.
  await grid.page.getByRole('link', { name: '‹ 返回走访' }).click();
  const reminders = grid.page.getByRole('list', { name: '今年可以申请的' });
  const reminder = reminders.locator('li', { hasText: '孙小梅今年满 60 岁，可以办老年人优待证' });
  await reminder.getByRole('link', { name: '怎么办理' }).click();
  await grid.page.getByRole('heading', { name: '老年人优待证办理' }).waitFor();
  await grid.page.goBack();
  await card(grid.page, '3栋 1单元 601').click();
  await grid.page.getByRole('heading', { name: '3栋 1单元 601' }).waitFor();
  await grid.page.getByText('孙建').first().waitFor();
  await grid.page.getByText('残疾二级').waitFor();

  // The 台账: the grid's figures, and the register as a file in the importer's columns.
  await grid.page.getByRole('link', { name: '‹ 返回走访名单' }).click();
  await grid.page.getByRole('link', { name: /^台账/ }).click();
  const figures = grid.page.locator('.ledger-grids .card');
  await figures.first().getByText('登记户数').waitFor();
  assert.equal(await figures.count(), 1, "a 网格员 sees their own grid's figures");
  await screenshot(grid.page, 'care-ledger');
  const [download] = await Promise.all([
    grid.page.waitForEvent('download'),
    grid.page.getByRole('button', { name: '下载一户一表' }).click(),
  ]);
  const csv = (await readFile(await download.path())).toString('utf8');
  assert.match(csv, /^\uFEFF楼栋,单元,房号,姓名,出生年份/);
  assert.match(csv, /3栋,1,601,孙桂英,1938,13912340011,户主,是,独居、残疾二级,孙建,13912340012/);
  assert.deepEqual(grid.errors, []);
  await grid.context.close();
});

test('a 网格员 registers a household offline and changes its tags; it reaches the server once', async () => {
  const grid = await phonePage(app.browser);
  await login(grid.page, app.server.url, GRID);
  await grid.page.goto(`${app.server.url}/care`);
  await grid.page.getByRole('link', { name: '登记一户' }).waitFor();
  await synced(grid.page);
  await waitForOfflineReady(grid.page);

  await grid.context.setOffline(true);
  await grid.page.getByRole('link', { name: '登记一户' }).click();
  await grid.page.getByLabel('楼栋').selectOption({ label: '3栋' });
  await grid.page.getByLabel('单元').fill('3');
  await grid.page.getByLabel('房号').fill('202');
  await grid.page.getByLabel('姓名').first().fill('钱淑珍');
  await grid.page.getByLabel('出生年份').fill('一九四〇');
  await grid.page.getByLabel('独居').check();
  await grid.page.getByRole('button', { name: '保存', exact: true }).click();
  await grid.page.getByText('出生年份请填四位数字，如 1948').waitFor();
  await grid.page.getByLabel('出生年份').fill('1940');
  await grid.page.getByRole('button', { name: '保存', exact: true }).click();
  await grid.page.getByRole('heading', { name: '3栋 3单元 202' }).waitFor();
  await grid.page.getByText('待发送').first().waitFor();
  await grid.page.locator('.care-tags').getByText('独居').waitFor();
  await grid.page.locator('.care-tags').getByText('高龄').waitFor();
  await screenshot(grid.page, 'care-household-registered-offline');

  // 低保 and 半失能 are added; the changed tags show at once.
  await grid.page.getByRole('link', { name: '修改一户一表' }).click();
  await grid.page.getByLabel('低保').check();
  await grid.page.getByLabel('失能').selectOption({ label: '半失能' });
  await grid.page.getByRole('button', { name: '保存', exact: true }).click();
  await grid.page.locator('.care-tags').getByText('半失能').waitFor();
  await grid.page.locator('.care-tags').getByText('低保').waitFor();

  await grid.context.setOffline(false);
  await synced(grid.page);
  const { token } = await serverState(app.server.url, GRID);
  const pull = await fetch(`${app.server.url}/api/sync/pull?protocol=1&since=0&client_id=${crypto.randomUUID()}`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.json());
  const saved = pull.changes
    .filter((c) => c.collection === 'care_households' && c.data)
    .map((c) => c.data)
    .filter((h) => h.building_name === '3栋' && h.unit === '3' && h.room === '202');
  assert.equal(saved.length, 1, 'exactly one household');
  assert.deepEqual(saved[0].members.map((m) => [m.name, m.birth_year]), [['钱淑珍', 1940]]);
  assert.deepEqual(saved[0].tags.map((t) => t.kind).sort(), ['alone', 'dibao', 'incapacitated']);
  assert.deepEqual(grid.errors, []);
  await grid.context.close();
});

test('a 社区工作者 changes how often every household is visited, and the due dates follow', async () => {
  // 3栋 1单元 302 has no tag and was visited four months ago: not due while every
  // household is visited every half year.
  const grid = await phonePage(app.browser);
  await login(grid.page, app.server.url, GRID);
  await grid.page.goto(`${app.server.url}/care`);
  await grid.page.getByRole('link', { name: '登记一户' }).waitFor();
  await synced(grid.page);
  assert.equal(await visitList(grid.page).getByText('3栋 1单元 302').count(), 0);

  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, '13800000002');
  await staff.page.goto(`${app.server.url}/care`);
  await staff.page.getByRole('link', { name: '走访频次' }).click();
  const every = staff.page.locator('.card', { has: staff.page.getByRole('heading', { name: '每一户', exact: true }) });
  await every.getByLabel('上门').selectOption({ label: '每季度' });
  await every.getByRole('button', { name: '保存' }).click();
  await every.getByText('已保存').waitFor();
  await synced(staff.page);
  await screenshot(staff.page, 'care-rhythms');
  await staff.context.close();

  await grid.page.reload();
  await synced(grid.page);
  await visitList(grid.page).getByText('3栋 1单元 302').click();
  await grid.page.getByText('上门 每季度').waitFor();
  assert.deepEqual(grid.errors, []);
  await grid.context.close();
});
