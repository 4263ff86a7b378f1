// Screenshot of a report.html for the README: `node scripts/report-screenshot.mjs <report.html> <out.png>`
// (made from `scale-across run configs/default.yaml --trials 100000 --report`). Needs
// Chromium (scripts/install-browser.sh).
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';

const [report, png] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 860, height: 2200 }, deviceScaleFactor: 1 });
await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
await page.goto(`file://${resolve(report)}`);
await page.waitForSelector('html[data-ready]');
await page.screenshot({ path: png, clip: { x: 0, y: 0, width: 860, height: 2200 } });
await browser.close();
