// What residents see of their community's staff on 联系社区 is what each staff member
// chose to publish: a community worker changes their duty and the phone residents may
// call, a phone that is not one is refused naming the field, and a resident's phone shows
// the new line (and dials it) once it has synced.
import { test } from 'node:test';
import { login, phonePage, synced, useApp } from './harness.mjs';

const app = useApp();

const STAFF = '13800000002'; // 钱晓燕, 社区工作者
const RESIDENT = '13800000004'; // 王秀兰

test('a community worker publishes a duty and a phone, and a resident sees and can call it', async () => {
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, STAFF);
  await synced(staff.page);
  await staff.page.goto(`${app.server.url}/me`);
  await staff.page.getByRole('link', { name: '我在联系社区里的信息' }).click();
  const duty = staff.page.getByLabel('我的职责');
  // What 联系社区 shows now is filled in.
  await staff.page.waitForFunction(() => document.querySelector('#field-duty')?.value === '民政、社保、居民说事');
  await duty.fill('负责 1–10栋 的居民事务和说事');
  await staff.page.getByLabel('对居民公开的电话（可不填）').fill('123');
  await staff.page.getByRole('button', { name: '保存' }).click();
  await staff.page.locator('#field-phone-error', { hasText: /电话|手机/ }).waitFor();
  await staff.page.getByLabel('对居民公开的电话（可不填）').fill('13900001111');
  await staff.page.getByRole('button', { name: '保存' }).click();
  await staff.page.getByText('已保存，居民的手机联网后就能看到。').waitFor();

  const resident = await phonePage(app.browser);
  await login(resident.page, app.server.url, RESIDENT);
  await synced(resident.page);
  await resident.page.goto(`${app.server.url}/contact`);
  const line = resident.page.locator('.contact-line', { hasText: '钱晓燕（社区工作者）' });
  await line.getByText('负责 1–10栋 的居民事务和说事').waitFor();
  await line.locator('a[href="tel:13900001111"]').waitFor();
  await staff.context.close();
  await resident.context.close();
});
