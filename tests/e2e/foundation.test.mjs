// A newcomer's first minutes: the tabs, registering, logging out and in, bad input,
// and the app opening again with the network cut.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  phonePage, screenshot, useApp, waitForOfflineReady,
} from './harness.mjs';

const app = useApp();

const TABS = ['通知', '办事', '志愿', '说事', '我的'];

test('a newcomer registers, logs out, logs back in, and sees the four tabs', async () => {
  const { context, page, errors } = await phonePage(app.browser);
  await page.goto(app.server.url);
  await page.waitForURL('**/notices');
  await page.getByRole('heading', { level: 1, name: '通知公告' }).waitFor();
  const nav = page.getByRole('navigation', { name: '主菜单' });
  for (const tab of TABS) {
    assert.ok(await nav.getByRole('link', { name: tab, exact: true }).isVisible(), `tab ${tab}`);
  }
  await screenshot(page, 'notices-logged-out');

  await nav.getByRole('link', { name: '我的' }).click();
  await page.getByRole('link', { name: '注册新账号' }).click();
  await page.getByLabel('手机号').fill('139 0000 1111');
  await page.getByLabel('怎么称呼您').fill('陈奶奶');
  await page.getByLabel('设置密码').fill('chen-2026-ok');
  await page.getByLabel('所在社区').selectOption({ label: '金石社区' });
  await page.getByLabel('楼栋').selectOption({ label: '3栋' });
  await page.getByLabel('单元').fill('2单元');
  await page.getByLabel('房号').fill('502');
  await screenshot(page, 'register-filled');
  await page.getByRole('button', { name: '注册', exact: true }).click();

  await page.waitForURL('**/notices');
  await page.locator('.top-bar').getByText('金石社区').waitFor();
  await nav.getByRole('link', { name: '我的' }).click();
  await page.getByText('陈奶奶').waitFor();
  await page.getByText('3栋 2单元 502').waitFor();
  await page.getByText('139****1111').waitFor();
  await screenshot(page, 'me-logged-in');

  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('link', { name: '登录', exact: true }).click();
  await page.getByLabel('手机号').fill('13900001111');
  await page.getByLabel('密码').fill('not-my-password');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('alert').getByText('手机号或密码不对').waitFor();

  await page.getByLabel('密码').fill('chen-2026-ok');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL('**/notices');
  await nav.getByRole('link', { name: '我的' }).click();
  await page.getByText('陈奶奶').waitFor();

  // The log-in survives closing and reopening the app.
  await page.reload();
  await page.getByText('陈奶奶').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('bad input is explained next to the field, in plain Chinese', async () => {
  const { context, page } = await phonePage(app.browser);
  await page.goto(`${app.server.url}/register`);
  await page.getByLabel('所在社区').selectOption({ label: '金石社区' });
  await page.getByLabel('手机号').fill('12345');
  await page.getByLabel('设置密码').fill('short');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.getByText('手机号应为 11 位数字，以 1 开头').waitFor();
  await page.getByText('请填写称呼').waitFor();
  await page.getByText('密码至少 8 位').waitFor();
  assert.equal(await page.getByLabel('手机号').getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'register-errors');

  // A number that is already registered: the server's answer, next to the phone field.
  await page.getByLabel('手机号').fill('13800000004');
  await page.getByLabel('怎么称呼您').fill('王秀兰');
  await page.getByLabel('设置密码').fill('long-enough-password');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.locator('#field-phone-error').getByText('这个手机号已经注册过了').waitFor();
  await context.close();
});

test('with the network cut, a reload still opens the app', async () => {
  const { context, page, errors } = await phonePage(app.browser);
  await page.goto(app.server.url);
  await page.getByRole('heading', { level: 1, name: '通知公告' }).waitFor();
  await waitForOfflineReady(page);

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: '通知公告' }).waitFor();
  const nav = page.getByRole('navigation', { name: '主菜单' });
  for (const tab of TABS) {
    assert.ok(await nav.getByRole('link', { name: tab, exact: true }).isVisible(), `tab ${tab} offline`);
  }
  // Opening another page's address directly works offline too.
  await page.goto(`${app.server.url}/services`);
  await page.getByRole('heading', { level: 1, name: '一站式服务' }).waitFor();
  await screenshot(page, 'services-offline');
  assert.deepEqual(errors, []);
  await context.close();
});
