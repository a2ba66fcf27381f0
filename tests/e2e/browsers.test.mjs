// The browsers residents open 邻里 in: installing it where the browser offers to,
// instructions on an iPhone, and WeChat's built-in browser, where what is missing
// is explained and everything else still works.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  login, phonePage, screenshot, synced, useApp,
} from './harness.mjs';

const app = useApp();

const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 (KHTML, like Gecko) '
  + 'Chrome/126.0.0.0 Mobile Safari/537.36';
const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 '
  + '(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const WECHAT = `${ANDROID_CHROME} XWEB/1160065 MMWEBSDK/20240404 MicroMessenger/8.0.49.2600(0x28003133) `
  + 'WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64';

const phone = (userAgent) => phonePage(app.browser, { userAgent });

const installCard = (page) => page.locator('.card').filter({
  has: page.getByRole('heading', { name: /装到手机桌面|在微信里打开的/ }),
});

test('Android: the install offer waits for the person, with why it helps', async () => {
  const { context, page, errors } = await phone(ANDROID_CHROME);
  // Chrome's offer, as it arrives shortly after the page opens; the test plays the
  // browser: it records the dialog being shown and answers "install".
  await page.addInitScript(() => {
    const offerOnceStarted = setInterval(() => {
      if (!document.querySelector('.sync-status')) return; // the app has started
      clearInterval(offerOnceStarted);
      const offer = new Event('beforeinstallprompt', { cancelable: true });
      offer.prompt = () => {
        window.installDialogShown = (window.installDialogShown ?? 0) + 1;
        return Promise.resolve();
      };
      offer.userChoice = Promise.resolve({ outcome: 'accepted', platform: 'web' });
      window.dispatchEvent(offer);
      window.offerKeptByApp = offer.defaultPrevented;
    }, 100);
  });
  await page.goto(`${app.server.url}/notices`);
  await page.waitForFunction(() => window.offerKeptByApp !== undefined);
  assert.equal(await page.evaluate(() => window.offerKeptByApp), true, 'no browser banner on its own');
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的' }).click();
  const card = installCard(page);
  await card.getByText('没有网络也能用').waitFor();
  assert.match(await card.innerText(), /不会随便清掉/);
  await screenshot(page, 'install-android');
  await card.getByRole('button', { name: '装到手机桌面' }).click();
  await page.getByRole('heading', { name: '已装到手机桌面' }).waitFor();
  assert.equal(await page.evaluate(() => window.installDialogShown), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('iPhone: step-by-step instructions for 添加到主屏幕', async () => {
  const { context, page, errors } = await phone(IPHONE_SAFARI);
  await page.goto(`${app.server.url}/me`);
  const card = installCard(page);
  await card.getByText('添加到主屏幕').waitFor();
  assert.match(await card.innerText(), /分享按钮/);
  assert.equal(await card.getByRole('button').count(), 0, 'Safari has no install button to offer');
  await screenshot(page, 'install-iphone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('WeChat: what is missing is explained, the rest works', async () => {
  const { context, page, errors } = await phone(WECHAT);
  // What WeChat's browser lacks on many phones: service workers and speech.
  await page.addInitScript(() => {
    delete Navigator.prototype.serviceWorker;
    Object.defineProperty(window, 'speechSynthesis', { value: undefined });
  });
  await login(page, app.server.url, '13800000004');
  await synced(page);
  const notice = page.locator('.browser-notice');
  assert.match(await notice.innerText(), /微信里打开.*没有网络时可能打不开.*在浏览器打开/);
  // Notices, read-aloud explained instead of a dead button.
  await page.locator('.notice-item').first().click();
  await page.getByText('这台手机的浏览器不支持朗读中文').waitFor();
  assert.equal(await page.getByRole('button', { name: '读给我听' }).count(), 0);
  // The directory.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '办事' }).click();
  await page.getByLabel('想办什么事？').fill('gljt');
  assert.match(await page.locator('.service-item').first().innerText(), /高龄津贴申领/);
  // 我的: how to open it in a browser that can keep it.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的' }).click();
  const card = installCard(page);
  await card.getByText('在浏览器打开').waitFor();
  await screenshot(page, 'wechat-me');
  assert.deepEqual(errors, []);
  await context.close();
});
