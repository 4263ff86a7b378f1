/**
 * README.md#commands `optimize <config> --param key`: "the value of a parameter that minimises mean
 * JCT, by simulation". docs/model.md#exact-checks: "Daly's published optima (T_s = 500 h, R = 10 min,
 * δ = 5 min): M = 24 h → τ ≈ 117 min, M = 6 h → 57 min, M = 15 min → 9.1 min"
 * (Daly 2006, "A higher order estimate of the optimum checkpoint interval for restart
 * dumps", FGCS 22). configs/validation/daly-optimum-*.yaml encode those three cases.
 *
 * Oracles:
 * - Daly's published optima, within 10 % (the brief);
 * - the exact E[JCT] of docs/model.md#exact-checks (`expectedJct`, model/daly.ts: f(L) = (e^{L/M} − 1) ·
 *   e^{R/M} · (M + D), D = 0, with the last, shorter segment of a W that is not a
 *   multiple of τ) minimised numerically over τ by a dense scan: within 2 % of `best`;
 * - Young (1974) τ = √(2δM) and Daly's eq. 37 for the JSON's `young` and `daly`,
 *   computed here from the published M and δ (relative 1e-9).
 *
 * Cost: 27 campaigns per case. 24 h and 6 h run the files' 4000 trials (≈ 3–5 s each);
 * M = 15 min crashes ≈ 10 000 times per trial (≈ 25 ms per trial and point) and runs
 * 512 trials (≈ 14 s on one core; 4000 take ≈ 100 s), which still puts the 95 % CI of
 * `best` within ±0.5 %.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { dalyInterval, expectedJct } from '../../src/model/daly.js';
import { describeResult, runCli, runOk, sandbox } from '../support/cli.js';

const MIN = 1 / 60;

interface Case {
  file: string;
  /** Mean time between failures, hours (Daly's M). */
  mtbf: number;
  /** Daly's published optimum, hours. */
  published: number;
  trials?: number;
}

const CASES: Case[] = [
  { file: 'daly-optimum-24h.yaml', mtbf: 24, published: 117 * MIN },
  { file: 'daly-optimum-6h.yaml', mtbf: 6, published: 57 * MIN },
  { file: 'daly-optimum-15min.yaml', mtbf: 15 * MIN, published: 9.1 * MIN, trials: 512 },
];
const WORK = 500;
const WRITE = 5 * MIN;
const RESTART = 10 * MIN;

/** argmin over τ of the exact E[JCT]: a log-spaced scan from τ/4 to 4τ around Daly's estimate. */
function exactMinimiser(mtbf: number): number {
  const centre = dalyInterval(WRITE, mtbf);
  let best = Infinity;
  let arg = NaN;
  const steps = 400_000;
  for (let i = 0; i <= steps; i++) {
    const tau = centre * Math.exp(Math.log(4) * (2 * i / steps - 1));
    const jct = expectedJct({ work: WORK, interval: tau, write: WRITE, restart: RESTART, mtbf, meanRepair: 0 });
    if (jct < best) {
      best = jct;
      arg = tau;
    }
  }
  return arg;
}

const dir = sandbox('optimize');
const results = new Map<string, { json: any; ms: number }>();

beforeAll(async () => {
  // The slow case first, on its own core (one shard of ≤ 1024 trials is one worker).
  await Promise.all(
    [...CASES].reverse().map(async (c) => {
      const args = ['optimize', join('configs/validation', c.file), '--param', 'job.checkpoint.interval', '--json', '--quiet', '--out', join(dir, c.file)];
      if (c.trials) args.push('--trials', String(c.trials));
      const r = await runOk(args, { timeoutMs: 110_000 });
      results.set(c.file, { json: JSON.parse(r.stdout), ms: r.ms });
    }),
  );
}, 120_000);

describe.each(CASES)('optimize $file', (c) => {
  test('best is within 10 % of Daly’s published optimum', () => {
    const { json, ms } = results.get(c.file)!;
    console.log(`${c.file}: best ${(json.best * 60).toFixed(2)} min (published ${(c.published * 60).toFixed(1)} min) in ${(ms / 1000).toFixed(1)} s`);
    expect(Math.abs(json.best - c.published) / c.published, `best ${json.best} h`).toBeLessThanOrEqual(0.1);
  });

  test('JSON: best, best_ci [low, high] around best, daly, young = √(2δM), ≥ 9 points', () => {
    const { json } = results.get(c.file)!;
    expect(json.param).toBe('job.checkpoint.interval');
    expect(typeof json.best).toBe('number');
    expect(json.best_ci).toHaveLength(2);
    const [low, high] = json.best_ci;
    expect(low).toBeLessThanOrEqual(json.best);
    expect(json.best).toBeLessThanOrEqual(high);
    expect(low).toBeLessThan(high);
    expect(Math.abs(json.young - Math.sqrt(2 * WRITE * c.mtbf))).toBeLessThanOrEqual(1e-9 * json.young);
    expect(Math.abs(json.daly - dalyInterval(WRITE, c.mtbf))).toBeLessThanOrEqual(1e-9 * json.daly);
    expect(Array.isArray(json.points)).toBe(true);
    expect(json.points.length).toBeGreaterThanOrEqual(9);
    for (const p of json.points) {
      expect(p.interval_h).toBeGreaterThan(0);
      expect(p.interval_h).toBeLessThan(WORK);
      expect(Number.isFinite(p.mean_jct_h)).toBe(true);
      expect(p.se_h).toBeGreaterThan(0);
    }
    // The points bracket the answer.
    const taus = json.points.map((p: any) => p.interval_h);
    expect(Math.min(...taus)).toBeLessThan(json.best);
    expect(Math.max(...taus)).toBeGreaterThan(json.best);
  });

  test('the exact-formula minimiser lies within 2 % of best', () => {
    const { json } = results.get(c.file)!;
    const exact = exactMinimiser(c.mtbf);
    expect(Math.abs(exact - json.best) / json.best, `exact ${exact} h vs best ${json.best} h`).toBeLessThanOrEqual(0.02);
  });

  test('every simulated point agrees with the exact E[JCT] within 4 SE', () => {
    const { json } = results.get(c.file)!;
    for (const p of json.points) {
      const exact = expectedJct({ work: WORK, interval: p.interval_h, write: WRITE, restart: RESTART, mtbf: c.mtbf, meanRepair: 0 });
      expect(Math.abs(p.mean_jct_h - exact), `τ ${p.interval_h} h: ${p.mean_jct_h} ± ${p.se_h} vs ${exact}`).toBeLessThanOrEqual(4 * p.se_h);
    }
  });
});

test('--param job.restart exits 2 naming the parameter', async () => {
  const r = await runCli(['optimize', 'configs/validation/daly-optimum-24h.yaml', '--param', 'job.restart', '--json', '--quiet', '--out', join(dir, 'bad')]);
  expect(r.code, describeResult(r)).toBe(2);
  expect(r.stderr).toContain('job.restart');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
});
