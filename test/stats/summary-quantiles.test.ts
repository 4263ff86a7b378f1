/**
 * Every summary quantile of the default scenario against the exact order statistic of
 * trials.arrow: for every scheme, metric and quantile (p05 … p999), the value written
 * must lie within 0.5 % of the trials of the asked rank (x₍k−r₎ ≤ v ≤ x₍k+r₎, r = 0.005·n)
 * or within 1 % of the interquartile range of the exact value. The JCT of the default
 * spreads over a few hours around 809 h: a relative-error sketch (±0.5 %, ±4 h) fails it.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { METRICS } from '../../src/model/metrics.js';
import { textWidth } from '../../src/output/text/fit-table.js';
import { SUMMARY_QUANTILES } from '../../src/stats/block-aggregator.js';
import { campaignSandbox, REPO, runOk } from '../support/cli.js';
import { readArrow } from '../support/result-files.js';

const TRIALS = 20_000;
const COLUMNS = ['p05', 'p50', 'p90', 'p95', 'p99', 'p999'] as const;
const sandbox = campaignSandbox();

describe('summary quantiles of configs/default.yaml', () => {
  test('each is within 0.5 % of rank or 1 % of the IQR of the exact order statistic', async () => {
    const out = sandbox.out('default');
    const { stdout } = await runOk(['run', join(REPO, 'configs/default.yaml'), '--trials', String(TRIALS), '--out', out, '--quiet'], {
      timeoutMs: 120_000,
    });
    // Not a TTY: the run and cause tables fit 100 columns (the first line names the result folder).
    const tables = stdout.slice(stdout.indexOf('\n') + 1);
    expect(textWidth(tables), stdout).toBeLessThanOrEqual(100);
    expect(stdout).toMatch(/^network crashes per job +cuts\/job +unprotected +1\+1 +restore +elastic$/m);
    const trials = readArrow(join(out, 'trials.arrow'));
    const summary = readArrow(join(out, 'summary.arrow'));
    const schemeOf = Array.from({ length: trials.numRows }, (_, i) => trials.getChild('scheme')!.get(i) as string);
    const schemes = [...new Set(schemeOf)];
    expect(schemes.length).toBe(5);
    const rows = new Map<string, Record<string, number>>();
    for (let i = 0; i < summary.numRows; i++) {
      const r = summary.get(i)!.toJSON() as Record<string, number> & { scheme: string; metric: string };
      rows.set(`${r.scheme} ${r.metric}`, r);
    }
    const failures: string[] = [];
    let checked = 0;
    for (const metric of METRICS) {
      const column = trials.getChild(metric)!.toArray() as ArrayLike<number>;
      for (const name of schemes) {
        const xs = new Float64Array(TRIALS);
        let n = 0;
        for (let i = 0; i < trials.numRows; i++) if (schemeOf[i] === name) xs[n++] = Number(column[i]);
        expect(n).toBe(TRIALS);
        xs.sort();
        const at = (rank: number) => xs[Math.min(n, Math.max(1, rank)) - 1]!;
        const rankOf = (q: number) => Math.min(n, Math.max(1, Math.ceil(q * n)));
        const iqr = at(rankOf(0.75)) - at(rankOf(0.25));
        const slack = Math.floor(0.005 * n);
        const row = rows.get(`${name} ${metric}`)!;
        SUMMARY_QUANTILES.forEach((q, j) => {
          const v = row[COLUMNS[j]!]!;
          const k = rankOf(q);
          const exact = at(k);
          const byRank = at(k - slack) <= v && v <= at(k + slack);
          const byValue = Math.abs(v - exact) <= 0.01 * iqr;
          checked++;
          if (!byRank && !byValue) failures.push(`${name} ${metric} ${COLUMNS[j]}: ${v} (exact ${exact}, IQR ${iqr})`);
        });
      }
    }
    expect(checked).toBe(5 * METRICS.length * SUMMARY_QUANTILES.length);
    expect(failures).toEqual([]);
  }, 180_000);
});
