/**
 * The report in a real browser (Debian's Chromium driven by playwright-core): opened
 * from file:// with every non-file request refused, it logs no error, makes no network
 * request, draws every chart with its marks, and shows a hostile scheme id as text.
 * beforeAll installs Chromium if missing (scripts/install-browser.sh); only where it
 * cannot be installed are these tests skipped, with a notice.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/output/report/write-report.js';
import { REPO, cli, renameScheme } from './report-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror=alert(1)>';
const SCHEMES = ['ideal', 'unprotected', '1+1', 'restore', 'elastic'];
const ROUTES = 6; // configs/default.yaml

const install = spawnSync('bash', [join(REPO, 'scripts/install-browser.sh')], { encoding: 'utf8', timeout: 600_000 });
const haveBrowser = install.status === 0;
if (!haveBrowser) console.warn(`\n*** SKIPPING the report browser tests: Chromium could not be installed (scripts/install-browser.sh):\n${install.stderr}\n`);

const scratch = mkdtempSync(join(tmpdir(), 'scale-across-report-'));
let browser: Browser;

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
  dialogs: string[];
  readyMs: number;
}

async function open(reportPath: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1200 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(`file://${reportPath}`);
  await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
  const readyMs = await page.evaluate(() => (window as unknown as { reportReadyMs: number }).reportReadyMs);
  return { page, errors, requests, dialogs, readyMs };
}

const count = (page: Page, selector: string) => page.locator(selector).count();

describe.skipIf(!haveBrowser)('report.html in headless Chromium', () => {
  const run = join(scratch, 'run');
  const sweep = join(scratch, 'sweep');
  const hostile = join(scratch, 'hostile');
  const optimize = join(scratch, 'optimize');
  const VARIANTS = ['10min', '30min', '2h'];
  const SWEEP_SCHEMES = ['ideal', 'unprotected'];

  beforeAll(async () => {
    cli(['run', 'configs/default.yaml', '--trials', '2048', '--workers', '1', '--quiet', '--summary-only', '--report', '--out', run]);
    cli(['sweep', 'configs/default.yaml', '--set', `job.checkpoint.interval=${VARIANTS.join(',')}`, '--schemes', SWEEP_SCHEMES.join(','), '--trials', '1024', '--workers', '1', '--quiet', '--summary-only', '--report', '--out', sweep]);
    cli(['optimize', 'configs/default.yaml', '--scheme', 'unprotected', '--points', '5', '--trials', '512', '--workers', '1', '--quiet', '--report', '--out', optimize]);
    renameScheme(run, hostile, 'unprotected', HOSTILE);
    writeReport(hostile);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      // launch() gives every browser a fresh temporary profile (user-data-dir) of its own.
    });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('draws every chart of a run with its marks, offline and without errors', async () => {
    const { page, errors, requests, readyMs } = await open(join(run, 'report.html'));
    console.log(`report.html (run of 2048 trials): interactive ${readyMs.toFixed(0)} ms after navigation start`);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    // One path per route in the drawing; one bar per route for cut rates and for downtime.
    expect(await count(page, '[data-chart=network] g[aria-label=line] path')).toBe(ROUTES);
    expect(await count(page, '[data-chart=route-reliability] g[aria-label=bar] rect')).toBe(2 * ROUTES);
    // One CDF / tail path per scheme.
    for (const chart of ['jct-cdf', 'jct-tail', 'goodput-cdf']) expect(await count(page, `[data-chart=${chart}] g[aria-label=line] path`), chart).toBe(SCHEMES.length);
    // Six parts of the time per scheme.
    expect(await count(page, '[data-chart=time] g[aria-label=bar] rect')).toBe(6 * SCHEMES.length);
    // Six forest plots, a dot per non-baseline scheme in each; better/tie/worse per scheme.
    expect(await count(page, '[data-chart=forest] [data-metric]')).toBe(6);
    expect(await count(page, '[data-chart=forest] g[aria-label=dot] circle')).toBe(6 * (SCHEMES.length - 1));
    expect(await count(page, '[data-chart=better-worse] g[aria-label=bar] rect')).toBe(3 * (SCHEMES.length - 1));
    // Causes: three metrics, a bar per row of causes.arrow (scheme × cause × metric).
    expect(await count(page, '[data-chart=causes] [data-metric]')).toBe(3);
    expect(await count(page, '[data-chart=causes] g[aria-label=bar] rect')).toBe(tableFromIPC(readFileSync(join(run, 'causes.arrow'))).numRows);
    expect(await page.locator('[data-chart=provenance] details pre').textContent()).toContain('"name": "default"');
    for (const reading of await page.locator('p.reading').allTextContents()) expect(reading.length).toBeGreaterThan(20);
    await page.screenshot({ path: join(scratch, 'run.png'), fullPage: true });
  });

  it('draws each metric against every variant of a sweep, with CIs, and marks the best variant of each scheme', async () => {
    const { page, errors, requests } = await open(join(sweep, 'report.html'));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await count(page, '[data-chart=sweep] [data-metric]')).toBe(3);
    const summary = tableFromIPC(readFileSync(join(sweep, 'summary.arrow')));
    for (const metric of ['jct_h', 'goodput', 'lost_work_h']) {
      const chart = `[data-chart=sweep] [data-metric=${metric}]`;
      // Per metric: a mean and a CI per variant and scheme, one star per scheme.
      expect(await count(page, `${chart} g[aria-label=link] path`), metric).toBe(VARIANTS.length * SWEEP_SCHEMES.length);
      expect(await count(page, `${chart} g[aria-label=dot]:not(.best) circle`), metric).toBe(VARIANTS.length * SWEEP_SCHEMES.length);
      expect(await count(page, `${chart} g.best path`), metric).toBe(SWEEP_SCHEMES.length);
      // Every variant is on the axis, in the sweep's order.
      const ticks = await page.locator(`${chart} g[aria-label="x-axis tick label"] text`).allTextContents();
      expect(ticks, metric).toEqual(VARIANTS.map((v) => `job.checkpoint.interval=${v}`));
    }
    // The star of jct_h sits on the lowest mean of its scheme (the summary file is the oracle).
    const best = (scheme: string) => {
      let at = '';
      let low = Infinity;
      for (let i = 0; i < summary.numRows; i++) {
        const row = summary.get(i)!.toJSON() as { scheme: string; metric: string; mean: number; variant: string };
        if (row.scheme === scheme && row.metric === 'jct_h' && row.mean < low) [low, at] = [row.mean, row.variant];
      }
      return at;
    };
    const reading = await page.locator('[data-chart=sweep] p.reading').textContent();
    for (const scheme of SWEEP_SCHEMES) expect(reading).toContain(`${scheme} at ${best(scheme)}`);
    // The per-scheme charts show the variant picked, each in turn.
    const readings: string[] = [];
    for (const v of VARIANTS) {
      await page.selectOption('select[name=variant]', `job.checkpoint.interval=${v}`);
      expect(await page.locator('[data-chart=time] p.reading').textContent()).toContain(`(variant job.checkpoint.interval=${v})`);
      expect(await count(page, '[data-chart=jct-cdf] g[aria-label=line] path')).toBe(SWEEP_SCHEMES.length);
      expect(await count(page, '[data-chart=time] g[aria-label=bar] rect')).toBe(6 * SWEEP_SCHEMES.length);
      readings.push((await page.locator('[data-chart=jct-cdf] p.reading').textContent())!);
    }
    // Their medians differ (the checkpoint interval moves JCT by hundreds of hours).
    expect(new Set(readings).size).toBe(VARIANTS.length);
    expect(errors).toEqual([]);
  });

  it("draws optimize's grid points, the fitted curve and Daly's and Young's intervals", async () => {
    const { page, errors, requests } = await open(join(optimize, 'report.html'));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    const result = JSON.parse(readFileSync(join(optimize, 'optimize.json'), 'utf8')) as { points: unknown[]; fit_coefficients: number[] | null };
    const chart = '[data-chart=optimize]';
    // A dot and a ± 1.96 SE link per grid point of every stage.
    expect(await count(page, `${chart} g[aria-label=dot] circle`)).toBe(result.points.length);
    expect(await count(page, `${chart} g[aria-label=link] path`)).toBe(result.points.length);
    expect(result.points.length).toBeGreaterThanOrEqual(5);
    // The fitted curve, and three rules: best, Daly, Young.
    expect(result.fit_coefficients).not.toBeNull();
    expect(await count(page, `${chart} g.fit path`)).toBe(1);
    expect(await count(page, `${chart} g[aria-label=rule] line`)).toBe(3);
    expect(await page.locator(`${chart} g[aria-label=text] text`).allTextContents()).toEqual(['best (simulation)', "Daly's", "Young's"]);
    const reading = await page.locator(`${chart} p.reading`).textContent();
    expect(reading).toMatch(/Daly [\d.]+ h, Young [\d.]+ h/);
  });

  it('shows a hostile scheme id as text, never as markup', async () => {
    const { page, errors, dialogs } = await open(join(hostile, 'report.html'));
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await count(page, 'img')).toBe(0);
    expect(await page.locator('p.lead').textContent()).toContain(HOSTILE);
    expect(await page.locator('[data-chart=jct-cdf]').textContent()).toContain(HOSTILE);
  });
});
