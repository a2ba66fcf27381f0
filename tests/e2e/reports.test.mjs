// 居民说事 as people do it: a resident with no signal writes a report with two photos and
// starts a second one, closes and reopens the app (both drafts are still there), sends the
// first; when the signal returns exactly one case with both photos reaches the community;
// staff accept and resolve it, and the resident follows the timeline and rates the result.
// And a 5 MB phone photo (with EXIF orientation) is shrunk on the phone before it is sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  login, phonePage, screenshot, serverState, synced, useApp, waitForOfflineReady,
} from './harness.mjs';

const app = useApp();

const RESIDENT = '13800000004'; // 王秀兰, 3栋
const STAFF = '13800000002'; // 钱晓燕
const LIMIT = 300 * 1024;

/**
 * A JPEG made in the browser: a gradient with noise, like a photo of a stairwell. With
 * `orientation`, an EXIF block saying how the camera was held is spliced in after the
 * start-of-image marker, as phones write it.
 */
async function photo(page, { width, height, noise, quality, orientation }) {
  const base64 = await page.evaluate(async ({ width, height, noise, quality }) => {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(width, height);
    const px = image.data;
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const i = (y * width + x) * 4;
        const n = (Math.random() - 0.5) * noise;
        px[i] = (x / width) * 200 + n;
        px[i + 1] = (y / height) * 180 + n;
        px[i + 2] = 90 + n;
        px[i + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  }, { width, height, noise, quality });
  const jpeg = Buffer.from(base64, 'base64');
  if (!orientation) return jpeg;
  // APP1 "Exif": a big-endian TIFF header and one IFD entry, Orientation (0x0112) = SHORT.
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(bytes) {
  let at = 2;
  while (at < bytes.length) {
    const marker = bytes[at + 1];
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  throw new Error('no start-of-frame marker');
}

/** The photos of a case as the server keeps them. */
async function serverPhotos(url, token, ids) {
  return Promise.all(ids.map(async (id) => {
    const response = await fetch(`${url}/api/blobs/${id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200, `photo ${id} is on the server`);
    assert.equal(response.headers.get('content-type'), 'image/jpeg');
    return Buffer.from(await response.arrayBuffer());
  }));
}

/** Picks photos in the form and waits until the phone has shrunk them; returns the milliseconds. */
async function pickPhotos(page, files) {
  const before = await page.locator('.photo-list li').count();
  const started = Date.now();
  await page.getByLabel(/^照片/).setInputFiles(files);
  await page.locator('.photo-list li').nth(before + files.length - 1).waitFor();
  return Date.now() - started;
}

test('offline report with two photos and a second draft, sent once, handled, rated', async () => {
  const { page, context, errors } = await phonePage(app.browser);
  await login(page, app.server.url, RESIDENT);
  await synced(page);
  await waitForOfflineReady(page);
  const photos = [
    await photo(page, { width: 1200, height: 900, noise: 60, quality: 0.9 }),
    await photo(page, { width: 900, height: 1200, noise: 60, quality: 0.9 }),
  ];

  // In the stairwell, no signal: the report with two photos.
  await context.setOffline(true);
  await page.getByRole('link', { name: '说事' }).first().click();
  await page.getByRole('link', { name: '我要说事' }).click();
  await page.getByLabel('是哪一类事？').selectOption({ label: '设施维修' });
  await page.getByText(/我们将在 \d+ 小时内受理/).waitFor();
  const description = '3栋2单元楼道灯坏了一个星期，晚上上下楼看不见';
  await page.getByLabel('什么事？').fill(description);
  await page.getByLabel('楼栋').selectOption({ label: '3栋' });
  await page.getByLabel('单元（可不填）').fill('2');
  const shrinkMs = await pickPhotos(page, photos.map((buffer, i) => ({
    name: `IMG_00${i + 1}.jpg`, mimeType: 'image/jpeg', buffer,
  })));
  await page.getByText('草稿已保存在手机上').waitFor();

  // A second matter, started and left for later.
  await page.getByRole('link', { name: '‹ 返回居民说事' }).click();
  await page.getByRole('link', { name: '我要说事' }).click();
  await page.getByLabel('是哪一类事？').selectOption({ label: '环境卫生' });
  await page.getByLabel('什么事？').fill('垃圾房门口堆了旧家具');
  await page.getByText('草稿已保存在手机上').waitFor();

  // The app is closed and opened again, still offline: both drafts are there, with the photos.
  await page.goto(`${app.server.url}/reports`);
  const drafts = page.locator('.draft');
  await drafts.nth(1).waitFor();
  assert.equal(await drafts.count(), 2);
  const first = drafts.filter({ hasText: description });
  await first.getByText('2 张照片').waitFor();
  await drafts.filter({ hasText: '垃圾房门口堆了旧家具' }).getByText('0 张照片').waitFor();
  await screenshot(page, 'reports-drafts-offline');

  // The first is sent: it waits on the phone, visibly.
  await first.getByRole('link', { name: '接着写' }).click();
  await page.locator('.photo-list li').nth(1).waitFor();
  assert.equal(await page.getByLabel('什么事？').inputValue(), description);
  await page.getByRole('button', { name: '提交' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  const caseUrl = page.url();
  await page.getByRole('heading', { name: description }).waitFor();
  await page.locator('.sync-status').getByText(/待发送/).waitFor();
  await page.goto(`${app.server.url}/reports`);
  await page.locator('.draft').first().waitFor();
  assert.equal(await page.locator('.draft').count(), 1, 'the sent report is no longer a draft');

  // Signal again: exactly one case, with both photos, each within the size limit.
  await context.setOffline(false);
  await synced(page);
  const staffView = await serverState(app.server.url, STAFF);
  const cases = staffView.reports.filter((r) => r.data.description === description);
  assert.equal(cases.length, 1, 'one case on the server');
  assert.equal(cases[0].data.photos.length, 2);
  const sent = await serverPhotos(app.server.url, staffView.token, cases[0].data.photos);
  for (const bytes of sent) assert.ok(bytes.length <= LIMIT, `${bytes.length} bytes`);
  console.log(`two photos (${photos.map((p) => p.length)} bytes) shrunk on the phone in ${shrinkMs} ms `
    + `to ${sent.map((b) => b.length)} bytes`);

  // Staff accept and resolve it.
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, STAFF);
  await synced(staff.page);
  // Opening the app again keeps what the phone has: it asks only for what is new.
  const fromScratch = [];
  staff.page.on('request', (request) => {
    if (/\/api\/sync\/pull\?.*since=0&/.test(request.url())) fromScratch.push(request.url());
  });
  await staff.page.goto(caseUrl);
  await staff.page.getByRole('heading', { name: '处理这件事' }).waitFor();
  await staff.page.locator('.photo-list img').nth(1).waitFor();
  await staff.page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('.photo-list img')];
    return shown.length === 2 && shown.every((img) => img.complete && img.naturalWidth > 0);
  });
  await staff.page.getByLabel('受理', { exact: true }).check();
  await staff.page.getByLabel('给居民的说明（居民能看到）').fill('已安排电工明天上午去换灯。');
  await staff.page.getByRole('button', { name: '确定' }).click();
  await staff.page.locator('.timeline').getByText('已安排电工明天上午去换灯。').waitFor();
  await staff.page.getByLabel('办结', { exact: true }).check();
  await staff.page.getByLabel('给居民的说明（居民能看到）').fill('楼道灯已换好，晚上亮了。');
  await staff.page.getByRole('button', { name: '确定' }).click();
  await staff.page.locator('.timeline').getByText('楼道灯已换好，晚上亮了。').waitFor();
  await synced(staff.page);
  assert.deepEqual(fromScratch, [], 'the reopened app pulled everything again');

  // The resident sees what happened and rates it.
  await page.goto(caseUrl);
  await synced(page);
  const timeline = page.locator('.timeline');
  await timeline.getByText('楼道灯已换好，晚上亮了。').waitFor();
  await timeline.getByText('已安排电工明天上午去换灯。').waitFor();
  await page.getByLabel(/5 星/).check();
  await page.getByLabel('想说的话（可不填）').fill('换得很快，谢谢！');
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.getByText(/居民评价：★★★★★/).waitFor();
  await synced(page);
  await screenshot(page, 'reports-case-rated');
  const after = await serverState(app.server.url, STAFF);
  const rated = after.reports.find((r) => r.data.description === description).data;
  assert.equal(rated.state, 'resolved');
  assert.equal(rated.rating.stars, 5);
  assert.equal(rated.rating.comment, '换得很快，谢谢！');
  assert.deepEqual(errors, []);
  await staff.context.close();
  await context.close();
});

test('a 5 MB phone photo is upright, without EXIF and at most 300 KB on the server; location on request; a non-photo refused', async () => {
  const { page, context, errors } = await phonePage(app.browser);
  await login(page, app.server.url, RESIDENT);
  await synced(page);
  // Taken with the phone turned: stored landscape, EXIF orientation 6 (rotate 90°).
  const big = await photo(page, { width: 3200, height: 2400, noise: 90, quality: 0.97, orientation: 6 });
  assert.ok(big.length >= 5 * 1024 * 1024, `the test photo has ${big.length} bytes`);
  assert.ok(big.includes('Exif'));

  await page.goto(`${app.server.url}/reports/new`);
  await page.getByLabel('是哪一类事？').selectOption({ label: '环境卫生' });
  const description = '5栋门口的垃圾桶满了没人清';
  await page.getByLabel('什么事？').fill(description);
  await page.getByLabel('其他地点（可不填）').fill('5栋单元门口');
  // Outdoors, the phone's location helps staff find the place.
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: 31.2304, longitude: 121.4737 });
  await page.getByRole('button', { name: /加上手机现在的位置/ }).click();
  await page.getByText('已加上手机现在的位置').waitFor();
  // A file that is not a photo is refused next to the picker, in words.
  await page.getByLabel(/^照片/).setInputFiles({
    name: '通知.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('不是照片'),
  });
  await page.getByText('这个文件不是照片，或照片已损坏，请换一张').waitFor();
  const shrinkMs = await pickPhotos(page, [{ name: 'IMG_5MB.jpg', mimeType: 'image/jpeg', buffer: big }]);
  const started = Date.now();
  await page.getByRole('button', { name: '提交' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  await synced(page);
  const sendMs = Date.now() - started;

  const { reports, token } = await serverState(app.server.url, STAFF);
  const filed = reports.find((r) => r.data.description === description).data;
  assert.deepEqual(filed.geo, { lat: 31.2304, lng: 121.4737 });
  const [sent] = await serverPhotos(app.server.url, token, filed.photos);
  const { width, height } = jpegSize(sent);
  console.log(`a ${(big.length / 1048576).toFixed(1)} MB photo (3200×2400) was shrunk in ${shrinkMs} ms `
    + `to ${sent.length} bytes (${width}×${height}), sent in ${sendMs} ms`);
  assert.ok(sent.length <= LIMIT, `${sent.length} bytes on the server`);
  assert.ok(!sent.includes('Exif'), 'the EXIF block (where phones keep the location) is gone');
  assert.ok(height > width, `turned upright (${width}×${height})`);
  assert.ok(Math.max(width, height) <= 1600);
  assert.deepEqual(errors, []);
  await context.close();
});

test('staff add a kind of matter, residents can pick it, and once stopped it is gone from new cases but kept in the log', async () => {
  const staff = await phonePage(app.browser);
  await login(staff.page, app.server.url, STAFF);
  await synced(staff.page);
  await staff.page.goto(`${app.server.url}/reports/stats`);
  await staff.page.getByLabel('新类别的名称').fill('电梯');
  await staff.page.getByLabel('电梯受理时限（小时）').fill('12');
  await staff.page.getByLabel('电梯办结时限（小时）').fill('48');
  await staff.page.getByRole('button', { name: '添加', exact: true }).click();
  await staff.page.getByText('已保存：电梯').waitFor();
  await synced(staff.page);
  // A name left empty is refused, naming what is missing.
  await staff.page.getByRole('button', { name: '添加', exact: true }).click();
  await staff.page.locator('.field-error', { hasText: '类别名称' }).waitFor();

  const resident = await phonePage(app.browser);
  await login(resident.page, app.server.url, RESIDENT);
  await synced(resident.page);
  await resident.page.goto(`${app.server.url}/reports/new`);
  const picker = resident.page.locator('#field-category_id');
  await picker.selectOption({ label: '电梯' });
  await resident.page.locator('#category-promise', { hasText: '12' }).waitFor();

  await staff.page.getByLabel('停用电梯').check();
  await staff.page.getByRole('row', { name: /电梯/ }).getByRole('button', { name: '保存' }).click();
  await staff.page.getByText('已停用：电梯').waitFor();
  await synced(staff.page);
  await resident.page.reload();
  await synced(resident.page);
  await resident.page.locator('#field-category_id option', { hasText: '物业' }).first().waitFor({ state: 'attached' });
  // The reopened app first shows the kinds it kept, then what its pull after opening brings.
  await resident.page.locator('#field-category_id option', { hasText: '电梯' }).waitFor({ state: 'detached' });

  const { token } = await serverState(app.server.url, '13800000001');
  const log = await fetch(`${app.server.url}/api/admin/audit`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
  assert.ok(Array.isArray(log), JSON.stringify(log));
  const entries = log.filter((e) => e.target_label === '电梯');
  assert.equal(entries.length, 2, JSON.stringify(entries));
  await staff.context.close();
  await resident.context.close();
});
