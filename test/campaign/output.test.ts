/**
 * README.md#commands: what `run` prints. Results on stdout (a table, or JSON with --json that
 * holds the same numbers as summary.arrow), progress on stderr (plain lines when stderr
 * is not a terminal, nothing with --quiet), and bad flags refused with exit 2 before
 * anything is written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NAME, SCHEMES, SEED } from '../fixtures/campaign-scenario.js';
import { campaignSandbox, describeResult, runCli, runOk, type CliResult } from '../support/cli.js';
import { readArrow } from '../support/result-files.js';

const box = campaignSandbox();
const TRIALS = 2048;
const plainOut = box.out('plain');
const jsonOut = box.out('json');
// A scheme subset in another order: the first listed becomes the baseline.
const JSON_SCHEMES = ['restore', 'ideal', 'unprotected'];
let plain: CliResult;
let json: CliResult;

beforeAll(async () => {
  [plain, json] = await Promise.all([
    runOk(['run', box.config, '--trials', String(TRIALS), '--workers', '1', '--out', plainOut]),
    runOk(['run', box.config, '--trials', String(TRIALS), '--workers', '1', '--out', jsonOut, '--json', '--quiet', '--schemes', JSON_SCHEMES.join(',')]),
  ]);
});

describe('--json', () => {
  it('prints only parseable JSON: per scheme (in --schemes order) jct_h mean/p50/p99, goodput mean + ci95, crashes_per_job, wasted_energy_mwh, versus_baseline — the numbers of summary.arrow', () => {
    const doc = JSON.parse(json.stdout);
    expect(doc.scenario).toBe(NAME);
    expect(doc.trials).toBe(TRIALS);
    expect(doc.seed).toBe(SEED);
    expect(doc.schemes.map((s: { scheme: string }) => s.scheme)).toEqual(JSON_SCHEMES);

    const summary = readArrow(join(jsonOut, 'summary.arrow')).toArray().map((r) => r.toJSON());
    const stat = (scheme: string, metric: string) => summary.find((r) => r.scheme === scheme && r.metric === metric)!;
    const comparison = readArrow(join(jsonOut, 'comparison.arrow')).toArray().map((r) => r.toJSON());

    doc.schemes.forEach((s: any, i: number) => {
      const jct = stat(s.scheme, 'jct_h');
      expect(s.jct_h.mean).toBe(jct.mean);
      expect(s.jct_h.p50).toBe(jct.p50);
      expect(s.jct_h.p99).toBe(jct.p99);
      const goodput = stat(s.scheme, 'goodput');
      expect(s.goodput.mean).toBe(goodput.mean);
      expect(s.goodput.ci95).toEqual([goodput.ci95_low, goodput.ci95_high]);
      expect(s.goodput.ci95[0]).toBeLessThanOrEqual(s.goodput.mean);
      expect(s.goodput.ci95[1]).toBeGreaterThanOrEqual(s.goodput.mean);
      expect(s.crashes_per_job.network).toBe(stat(s.scheme, 'crashes_network').mean);
      expect(s.crashes_per_job.background).toBe(stat(s.scheme, 'crashes_background').mean);
      expect(s.wasted_energy_mwh).toBe(stat(s.scheme, 'wasted_energy_mwh').mean);
      if (i === 0) {
        expect(s.versus_baseline).toBeNull();
      } else {
        expect(s.versus_baseline.baseline).toBe(JSON_SCHEMES[0]);
        const row = comparison.find((r) => r.scheme === s.scheme && r.metric === 'jct_h')!;
        expect(row.baseline).toBe(JSON_SCHEMES[0]);
        expect(s.versus_baseline.jct_h.mean_diff).toBe(row.mean_diff);
        expect(s.versus_baseline.jct_h.p_better).toBe(row.p_better);
        expect(s.versus_baseline.jct_h.p_worse).toBe(row.p_worse);
        expect(typeof s.versus_baseline.goodput.mean_diff).toBe('number');
      }
    });
  });

  it('with --quiet prints nothing on stderr', () => {
    expect(json.stderr).toBe('');
  });
});

describe('the plain table', () => {
  it('names the campaign and lists every scheme, then each non-baseline scheme against the baseline', () => {
    const lines = plain.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${NAME}: ${TRIALS} trials × ${SCHEMES.length} schemes in [\\d.]+ s .*→ ${plainOut}/$`));
    const versusAt = lines.findIndex((l) => l.startsWith(`vs ${SCHEMES[0]} (paired)`));
    expect(versusAt).toBeGreaterThan(0);
    const rowsOf = (from: number, to: number) => lines.slice(from, to).map((l) => l.split(/\s{2,}/)[0]);
    const main = rowsOf(0, versusAt);
    for (const scheme of SCHEMES) expect(main, plain.stdout).toContain(scheme);
    expect(rowsOf(versusAt + 1, lines.length)).toEqual(expect.arrayContaining(SCHEMES.slice(1)));
  });

  it('without a TTY, progress is plain lines on stderr (no bar, no escape codes), ending at 100 %', () => {
    expect(plain.stderr).not.toMatch(/[\r\u001b]/);
    const lines = plain.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(new RegExp(`^${NAME}: \\d+\\.\\d% \\(\\d+/${TRIALS} trials\\), \\d+ trials/s, ETA \\S+$`));
    expect(lines.at(-1)).toContain(`100.0% (${TRIALS}/${TRIALS} trials)`);
  });
});

describe('bad flags', () => {
  const cases: [string[], RegExp][] = [
    [['--workers', '0'], /--workers/],
    [['--trials', '-5'], /--trials/],
    [['--schemes', 'nope'], /--schemes: unknown scheme "nope"/],
    [['--shard-size', '1000'], /--shard-size/],
    [['--seed', '-1'], /--seed/],
    [['--wrokers', '2'], /Unknown argument: wrokers/], // a typo must not be ignored
  ];
  it('exit 2 with a message naming the flag, no stack trace, nothing written (no output folder)', async () => {
    const results = await Promise.all(
      cases.map(([flags], i) => runCli(['run', box.config, '--out', box.out(`bad-${i}`), ...flags])),
    );
    results.forEach((r, i) => {
      const [flags, message] = cases[i]!;
      const what = `${flags.join(' ')}: ${describeResult(r)}`;
      expect(r.code, what).toBe(2);
      expect(r.stderr, what).toMatch(message);
      expect(r.stderr, what).not.toMatch(/\n\s+at /);
      expect(r.stdout, what).toBe('');
      expect(existsSync(box.out(`bad-${i}`)), what).toBe(false);
    });
  });
});
