// 长辈版 and the accessibility audit: the switch is easy to find and remembered; in
// 长辈版 every main page has big text, roomy lines and big, separated targets, and in the
// standard mode targets of at least 44 px; no page has a serious accessibility problem
// (axe) in either mode, logged in or not; doubled text never makes a page wider than
// the phone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import {
  login, phonePage, screenshot, synced, useApp,
} from './harness.mjs';

const app = useApp();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const RESIDENT = '13800000004';
const STAFF = '13800000002';

/** The big tiles of the 长辈版 home, and where each goes. */
const TILES = [
  ['看通知', '/notices'],
  ['查办事', '/services'],
  ['我要说事', '/reports/new'],
  ['志愿服务', '/volunteer'],
  ['打电话给社区', '/contact'],
];

const RESIDENT_PAGES = [
  '/notices', '/services', '/volunteer', '/reports', '/reports/new', '/reports/board',
  '/me', '/login', '/register', '/contact', '/reset', '/deliberation', '/aid', '/aid/new',
];
const STAFF_PAGES = [
  '/reports/queue', '/reports/stats', '/notices/new', '/services/new', '/volunteer/activities/new',
  '/admin', '/admin/verify', '/admin/people', '/admin/import', '/me/password', '/me/devices', '/me/contact',
  '/deliberation/new',
];

/** Thresholds of 长辈版 (CSS px at 100% zoom). */
const MIN_TEXT = 18;
const MIN_H1 = 30;
const MIN_LINE_HEIGHT = 1.5;
const MIN_TARGET = 60;
const MIN_TARGET_GAP = 4;
/** Touch targets in the standard mode. */
const MIN_TARGET_STANDARD = 44;

/** Opens `path` and waits until its heading is shown and the device is up to date. */
async function open(page, path, { fetched = true } = {}) {
  await page.goto(`${app.server.url}${path}`);
  await page.locator('main h1').first().waitFor();
  await synced(page, { fetched });
}

/** The address of the first link matching `selector` on the page at `path`. */
async function firstLink(page, path, selector) {
  await open(page, path);
  const link = page.locator(selector).first();
  await link.waitFor();
  return link.getAttribute('href');
}

/**
 * The main pages, detail pages included (the first notice, service item, activity and,
 * for people logged in, case: visitors see no cases); for staff also the forms that
 * change them, who has acknowledged the urgent notice, and a shift's roster.
 */
async function mainPages(page, { loggedIn, staff = false }) {
  const [notice, service, activity] = [
    await firstLink(page, '/notices', 'a.notice-item[href^="/notices/"]'),
    await firstLink(page, '/services', 'a.service-item'),
    await firstLink(page, '/volunteer', 'a.notice-item[href^="/volunteer/activities/"]'),
  ];
  const details = [notice, service, activity];
  if (loggedIn) {
    details.push(await firstLink(page, '/reports/board', 'a.case-title'));
    details.push(await firstLink(page, '/deliberation', 'a.card-link[href^="/deliberation/"]'));
    details.push(await firstLink(page, '/aid', 'a.card-link[href^="/aid/"]'));
  }
  if (staff) {
    details.push(
      `${notice}/acks`, `${notice}/edit`, `${service}/edit`, `${activity}/edit`,
      await firstLink(page, activity, 'a[href$="/roster"]'),
      await firstLink(page, activity, 'a[href^="/volunteer/shifts/"][href$="/edit"]'),
      ...STAFF_PAGES,
    );
  }
  return ['/', ...RESIDENT_PAGES, ...details];
}

/** A visitor picks the demo community, as the notices page asks first. */
async function chooseCommunity(page) {
  // Nothing to fetch before a community is chosen, so no waiting for it here.
  await page.goto(`${app.server.url}/notices`);
  await page.getByRole('button', { name: /金石社区/ }).click();
  await page.locator('a.notice-item').first().waitFor();
  await synced(page);
}

/** Turns 长辈版 on or off with the switch in the top bar, as a person does. */
async function setElder(page, on) {
  const toggle = page.locator('.top-bar').getByRole('button', { name: '长辈版' });
  if ((await toggle.getAttribute('aria-pressed')) !== String(on)) await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), String(on));
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), on);
}

/** Serious and critical axe violations on the page, one line each. */
async function axeViolations(page) {
  // Evaluated rather than added as a script tag: the server's CSP runs no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`));
}

/**
 * What breaks 长辈版's rules on the page: text smaller than 18 px (h1 than 30 px), lines
 * tighter than 1.5, and tap targets smaller than `target` px square (`linksInSentences`:
 * except links inside a sentence) or closer than a few px to another. Each offender is
 * described by selector, text and size.
 */
function offenders(page, { target, linksInSentences }) {
  return page.evaluate(({
    MIN_TEXT, MIN_H1, MIN_LINE_HEIGHT, MIN_TARGET, MIN_TARGET_GAP, linksInSentences,
  }) => {
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && r.bottom + scrollY > 0;
    };
    const describe = (el) => {
      const r = el.getBoundingClientRect();
      const classes = [...el.classList].map((c) => `.${c}`).join('');
      const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 24);
      return `${el.tagName.toLowerCase()}${classes} "${text}" ${Math.round(r.width)}×${Math.round(r.height)}`;
    };
    const text = [];
    const lines = [];
    const carriers = new Set(document.querySelectorAll('input:not([type=checkbox]):not([type=radio]), select, textarea'));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent.trim() && node.parentElement.closest('body :not(noscript, script, style)')) {
        carriers.add(node.parentElement);
      }
    }
    for (const el of carriers) {
      if (!shown(el)) continue;
      const s = getComputedStyle(el);
      const size = parseFloat(s.fontSize);
      const min = el.closest('h1') ? MIN_H1 : MIN_TEXT;
      if (size < min - 0.01) text.push(`${describe(el)}: ${size}px text`);
      // Chromium fixes a <select>'s line height (one line, centred); nothing can change it.
      if (el.matches('select')) continue;
      const ratio = s.lineHeight === 'normal' ? 1.2 : parseFloat(s.lineHeight) / size;
      if (ratio < MIN_LINE_HEIGHT - 0.01) lines.push(`${describe(el)}: line height ${ratio.toFixed(2)}`);
    }
    // A checkbox or radio button is tapped through its label.
    const targets = [...new Set([...document.querySelectorAll('a, button, input, select, textarea, summary, [role=button]')]
      .map((el) => (el.matches('[type=checkbox], [type=radio]') ? el.closest('label') ?? el : el)))]
      .filter(shown);
    // The standard mode follows WCAG: a link inside a sentence is as tall as its line.
    const inSentence = (el) => linksInSentences && el.matches('a')
      && [...el.parentElement.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    const small = targets
      .filter((el) => !inSentence(el))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width < MIN_TARGET - 0.01 || r.height < MIN_TARGET - 0.01;
      })
      .map(describe);
    // The fixed tab bar floats over whatever scrolls under it: only targets of one layer
    // can crowd each other.
    const layer = (el) => {
      for (let e = el; e; e = e.parentElement) if (getComputedStyle(e).position === 'fixed') return e;
      return null;
    };
    const crowded = [];
    const rects = targets.map((el) => el.getBoundingClientRect());
    const layers = targets.map(layer);
    for (let i = 0; i < targets.length; i += 1) {
      for (let j = i + 1; j < targets.length; j += 1) {
        if (layers[i] !== layers[j] || targets[i].contains(targets[j]) || targets[j].contains(targets[i])) continue;
        const [a, b] = [rects[i], rects[j]];
        const dx = Math.max(b.left - a.right, a.left - b.right);
        const dy = Math.max(b.top - a.bottom, a.top - b.bottom);
        if (Math.max(dx, dy) < MIN_TARGET_GAP) crowded.push(`${describe(targets[i])} and ${describe(targets[j])}`);
      }
    }
    return { text, lines, small, crowded };
  }, {
    MIN_TEXT, MIN_H1, MIN_LINE_HEIGHT, MIN_TARGET: target, MIN_TARGET_GAP, linksInSentences,
  });
}

/** A multi-line failure message, or nothing when `found` is empty. */
function report(what, found) {
  return found.length ? [`${what}:\n  ${found.join('\n  ')}`] : [];
}

/**
 * Audits the page at `path`: axe, target sizes, and 长辈版's text sizes when it is on;
 * saves a screenshot.
 */
async function auditPage(page, path, { who, elder, fetched = true }) {
  await open(page, path, { fetched });
  const where = `${who}, ${elder ? '长辈版' : '标准版'}, ${path}`;
  const failures = report(`${where}: axe`, await axeViolations(page));
  const found = await offenders(page, elder
    ? { target: MIN_TARGET, linksInSentences: false }
    : { target: MIN_TARGET_STANDARD, linksInSentences: true });
  if (!elder) {
    failures.push(...report(`${where}: targets under ${MIN_TARGET_STANDARD}×${MIN_TARGET_STANDARD}px`, found.small));
  } else {
    failures.push(
      ...report(`${where}: text under ${MIN_TEXT}px (h1 under ${MIN_H1}px)`, found.text),
      ...report(`${where}: line height under ${MIN_LINE_HEIGHT}`, found.lines),
      ...report(`${where}: targets under ${MIN_TARGET}×${MIN_TARGET}px`, found.small),
      ...report(`${where}: targets closer than ${MIN_TARGET_GAP}px`, found.crowded),
    );
  }
  const name = path === '/' ? 'home' : path.slice(1).replace(/[0-9a-f-]{36}$/, 'one').replaceAll('/', '-');
  await screenshot(page, `elder-${elder ? 'on' : 'off'}-${who}-${name}`);
  return failures;
}

/**
 * Audits every main page in both modes for one kind of visitor; a visitor also sees the
 * community picker first. Fails with every offender of every page at once.
 */
async function audit(who, phone, { staff = false } = {}) {
  const { context, page, errors } = await phonePage(app.browser);
  const failures = [];
  if (phone) {
    await login(page, app.server.url, phone);
  } else {
    for (const elder of [false, true]) {
      await open(page, '/notices', { fetched: false });
      await setElder(page, elder);
      failures.push(...await auditPage(page, '/notices', { who: `${who}-new`, elder, fetched: false }));
    }
    await chooseCommunity(page);
  }
  const pages = await mainPages(page, { loggedIn: phone !== null, staff });
  for (const elder of [false, true]) {
    await open(page, '/notices');
    await setElder(page, elder);
    for (const path of pages) failures.push(...await auditPage(page, path, { who, elder }));
  }
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
}

test('the 长辈版 switch is on the first screen and in 我的, and the phone remembers it', async () => {
  const { context, page, errors } = await phonePage(app.browser);
  await page.goto(app.server.url);
  // Standard mode keeps its first screen: the notices.
  await page.waitForURL('**/notices');
  await page.getByRole('heading', { level: 1, name: '通知公告' }).waitFor();
  await setElder(page, true);
  await chooseCommunity(page);

  await page.reload();
  await page.getByRole('heading', { level: 1, name: '通知公告' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true);
  await page.goto(app.server.url);
  // 长辈版 starts from four big tiles, one for each thing residents do, and one to call the community.
  const tiles = page.getByRole('navigation', { name: '想做什么' }).getByRole('link');
  await tiles.first().waitFor();
  assert.deepEqual(
    await tiles.evaluateAll((links) => links.map((a) => [a.innerText.trim(), a.getAttribute('href')])),
    TILES,
  );
  await tiles.filter({ hasText: '查办事' }).click();
  await page.getByRole('heading', { level: 1, name: '一站式服务' }).waitFor();
  // The read-aloud button is on a service item, and big.
  await page.locator('a.service-item').first().click();
  await page.locator('main h1').waitFor();

  // 我的 has the same switch; turning it off there is remembered too.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的' }).click();
  const inMe = page.locator('main').getByRole('button', { name: '长辈版' });
  assert.equal(await inMe.getAttribute('aria-pressed'), 'true');
  await inMe.click();
  assert.equal(await inMe.getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator('.top-bar').getByRole('button', { name: '长辈版' }).getAttribute('aria-pressed'), 'false');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: '我的' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), false);
  await page.goto(app.server.url);
  await page.waitForURL('**/notices');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a read-aloud button is on notices and service items, large in 长辈版', async () => {
  const { context, page, errors } = await phonePage(app.browser);
  // Headless Chromium has no voices: give it a Chinese one that reads nothing.
  await context.addInitScript(() => {
    const voice = Object.create(SpeechSynthesisVoice.prototype, { lang: { value: 'zh-CN' } });
    speechSynthesis.getVoices = () => [voice];
  });
  await chooseCommunity(page);
  await setElder(page, true);
  for (const [list, item] of [['/notices', 'a.notice-item[href^="/notices/"]'], ['/services', 'a.service-item']]) {
    await open(page, await firstLink(page, list, item));
    const button = page.getByRole('button', { name: '读给我听' });
    // Measured in the page: the button is redrawn when the browser announces its voices.
    const box = await button.evaluate((el) => el.getBoundingClientRect().toJSON());
    assert.ok(box.height >= MIN_TARGET && box.width >= 300, `${list}: read-aloud button is ${box.width}×${box.height}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('every main page passes axe and 长辈版 sizes, visitors', async () => {
  await audit('visitor', null);
});

test('every main page passes axe and 长辈版 sizes, residents', async () => {
  await audit('resident', RESIDENT);
});

test('every main page passes axe and 长辈版 sizes, staff', async () => {
  await audit('staff', STAFF, { staff: true });
});

test('with text at 200%, no page is wider than the phone, in either mode', async () => {
  const { context, page, errors } = await phonePage(app.browser);
  await login(page, app.server.url, STAFF);
  const pages = await mainPages(page, { loggedIn: true, staff: true });
  // The browser's own text size setting, as a person with poor sight sets it.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  const wide = [];
  for (const elder of [false, true]) {
    await open(page, '/notices');
    await setElder(page, elder);
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), elder ? '40px' : '32px');
    for (const path of pages) {
      await open(page, path);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth, innerWidth,
      }));
      if (scrollWidth > innerWidth) wide.push(`${elder ? '长辈版' : '标准版'} ${path}: ${scrollWidth}px wide`);
    }
  }
  assert.deepEqual(wide, [], wide.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});
