// A new version is deployed while a resident has things on the phone that could
// not be sent yet. The app offers the update, switches only after putting them
// away, and the new version sends them: nothing lost, nothing sent twice.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  ROOT, login, phonePage, screenshot, serverState, synced, useApp, waitForOfflineReady,
} from './harness.mjs';

// The server serves a copy of the build, so the test can deploy a "new version" into it.
const dist = mkdtempSync(path.join(tmpdir(), 'linli-dist-'));
cpSync(path.join(ROOT, 'dist'), dist, { recursive: true });
after(() => rmSync(dist, { recursive: true, force: true }));

const app = useApp({ dist });

const FRAUD_ALERT = '紧急提醒：近期有人冒充“医保局”“社保局”打电话骗老人钱';
const DESCRIPTION = '3栋一楼大门的闭门器坏了，门关不上';

/**
 * Deploys a new build: a changed index.html (marked, so the test can tell which
 * version runs) and a service worker of another version, as every build has.
 */
function deployNewVersion() {
  const edit = (file, change) => {
    const full = path.join(dist, file);
    writeFileSync(full, change(readFileSync(full, 'utf8')));
    // The precompressed copies are of the old version.
    rmSync(`${full}.br`, { force: true });
    rmSync(`${full}.gz`, { force: true });
  };
  edit('index.html', (html) => html.replace('<head>', '<head><meta name="linli-build" content="new" />'));
  edit('sw.js', (js) => {
    const next = js.replace(/const VERSION = '([^']+)'/, "const VERSION = '$1-new'");
    assert.notEqual(next, js, 'the worker states its version');
    return next;
  });
}

/** The mark of the new build's index.html. */
const NEW_BUILD = 'meta[name="linli-build"]';
const isNewVersion = async (page) => (await page.locator(NEW_BUILD).count()) === 1;

test('an update with writes waiting loses nothing and sends each once', async () => {
  const { context, page, errors } = await phonePage(app.browser);
  await login(page, app.server.url, '13800000004');
  await synced(page);
  await waitForOfflineReady(page);
  // A second tab of the app, left open on the notices.
  const other = await context.newPage();
  await other.goto(`${app.server.url}/notices`);
  await synced(other);

  // No signal: an acknowledgement and a report, kept on the phone.
  await context.setOffline(true);
  await page.getByText(FRAUD_ALERT).click();
  await page.getByRole('button', { name: '我已知晓' }).click();
  await page.getByText('您已确认知晓').waitFor();
  await page.goto(`${app.server.url}/reports/new`);
  await page.getByLabel('是哪一类事？').selectOption({ label: '设施维修' });
  await page.getByLabel('什么事？').fill(DESCRIPTION);
  await page.getByLabel('楼栋').selectOption({ label: '3栋' });
  await page.getByRole('button', { name: '提交' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  await page.locator('.sync-status').getByText('2 条待发送').waitFor();

  // A new version is deployed. The signal returns, but the community's system
  // cannot be reached: the two writes cannot go yet.
  deployNewVersion();
  await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await context.setOffline(false);
  const banner = page.locator('.update-banner');
  await banner.getByRole('heading', { name: '新版本可用' }).waitFor();
  assert.match(await banner.innerText(), /还有 2 条内容没发出去/);
  await screenshot(page, 'update-available');
  assert.equal(await isNewVersion(page), false);

  await banner.getByRole('button', { name: '更新到新版本' }).click();
  await page.locator(NEW_BUILD).waitFor({ state: 'attached' });
  assert.equal(await isNewVersion(page), true);
  // The new version has both writes, still waiting.
  await page.locator('.sync-status').getByText('2 条待发送').waitFor();
  await page.getByRole('heading', { name: DESCRIPTION }).waitFor();
  assert.equal(await page.locator('.update-banner').count(), 0);
  // The tab still on the old version lets go of the data and asks to be refreshed.
  await other.locator('.sync-status').getByText('邻里有新版本，请刷新页面').waitFor();

  // The system can be reached again: each write arrives exactly once.
  await context.unroute('**/api/**');
  await context.setOffline(true);
  await context.setOffline(false);
  await synced(page);
  const staff = await serverState(app.server.url, '13800000002');
  const reports = staff.reports.filter((r) => r.data.description === DESCRIPTION);
  assert.equal(reports.length, 1);
  const notice = staff.notices.find((n) => n.data.title === FRAUD_ALERT);
  const acks = staff.acks.filter((a) => a.data.notice_id === notice.id);
  assert.equal(acks.length, 1);
  // Sending again changes nothing on the server.
  await page.reload();
  await synced(page);
  const again = await serverState(app.server.url, '13800000002');
  assert.equal(again.reports.filter((r) => r.data.description === DESCRIPTION).length, 1);

  // The refreshed old tab runs the new version too.
  await other.getByRole('button', { name: '刷新' }).click();
  await other.locator(NEW_BUILD).waitFor({ state: 'attached' });
  await synced(other);
  assert.deepEqual(errors, []);
  await context.close();
});
