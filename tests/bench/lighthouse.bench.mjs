// Lighthouse (mobile settings: a mid-range phone, 4× CPU slowdown and a slow 4G
// network, simulated) against the release build on the real server, in Debian's
// Chromium. Prints the scores and FCP, LCP, TBT and CLS of a first visit to each
// page, and keeps the HTML reports in tests/e2e/artifacts. Never fails on time.
// Scores of single runs vary by up to ten points here, so each page is measured RUNS
// times and the run with the median performance score is printed, with the range.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { ARTIFACTS, startServer } from '../e2e/harness.mjs';

const PAGES = ['/', '/notices', '/services', '/volunteer', '/reports', '/me'];
const RUNS = 3;

const server = await startServer();
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic'],
});
mkdirSync(ARTIFACTS, { recursive: true });

try {
  for (const page of PAGES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await lighthouse(`${server.url}${page}`, {
        port: chrome.port,
        output: 'html',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      }));
    }
    const performance = (run) => run.lhr.categories.performance.score;
    runs.sort((a, b) => performance(a) - performance(b));
    const { lhr, report } = runs[Math.floor(RUNS / 2)];
    const range = `${Math.round(performance(runs[0]) * 100)}–${Math.round(performance(runs.at(-1)) * 100)}`;
    writeFileSync(path.join(ARTIFACTS, `lighthouse${page.replaceAll('/', '-')}.html`), report);
    const score = (id) => Math.round(lhr.categories[id].score * 100);
    const metric = (id) => lhr.audits[id].displayValue.replace(/\s+/g, ' ');
    console.log(
      `lighthouse ${page}: performance ${score('performance')} (${RUNS} runs: ${range}), `
      + `accessibility ${score('accessibility')}, best practices ${score('best-practices')}; FCP ${metric('first-contentful-paint')}, `
      + `LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, `
      + `CLS ${metric('cumulative-layout-shift')}`,
    );
    const failed = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id);
    if (failed.length) console.log(`  audits not passed: ${failed.join(', ')}`);
  }
} finally {
  await chrome.kill();
  await server.stop();
}
