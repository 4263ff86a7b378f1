/**
 * README.md#commands `sweep <config> --set key=v1,v2,…`: "one campaign per value, one combined
 * result"; docs/model.md#results result files, here with a leading `variant` column; docs/model.md#randomness "Trial i
 * of a campaign is a pure function of (scenario, campaign seed, i)" — so a variant's
 * slice of the sweep must equal a plain `run` of the scenario with that override, bit
 * for bit. The table / JSON mark, per scheme, the variant with the lowest mean jct_h
 * and its lead over the runner-up as a PAIRED difference on the same trials (oracle:
 * the per-trial rows of trials.arrow, a textbook paired-t interval).
 * Variants must stay comparable trial by trial: sweeping `trials` or `seed` is bad
 * input (exit 2, README.md#commands); a key the schema does not know is bad input naming the key
 * (docs/model.md#scenario "Unknown keys are errors").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, type Table } from 'apache-arrow';
import { beforeAll, describe, expect, test } from 'vitest';
import { METRICS } from '../../src/model/metrics.js';
import { ci95 } from '../../src/stats/confidence.js';
import { campaignYaml } from '../fixtures/campaign-scenario.js';
import { describeResult, runCli, runOk, sandbox, type CliResult } from '../support/cli.js';
import { column, readArrow } from '../support/result-files.js';
import { meanOf, relClose, stdevOf } from '../support/sample-stats.js';

const TRIALS = 2048;
const SCHEMES = ['ideal', 'unprotected', '1+1', 'restore'];
const KEY = 'job.checkpoint.interval';
const VALUES = ['30min', '1h'];
const LABELS = VALUES.map((v) => `${KEY}=${v}`);
const ARROW_FILES = ['trials', 'summary', 'histograms', 'comparison'] as const;

/** The campaign scenario (test/fixtures/campaign.yaml) under its own name and seed. */
const yaml = (interval: string) => campaignYaml({ name: 'sweep-issue4', seed: 31337, interval });

const dir = sandbox('sweep');
const config = join(dir, 'scenario.yaml');
const sweepOut = join(dir, 'sweep');
const jsonOut = join(dir, 'sweep-json');
const gridOut = join(dir, 'grid');
const runOut = VALUES.map((v) => join(dir, `run-${v}`));

let table: CliResult;
let json: any;
let files: Record<(typeof ARROW_FILES)[number], Table>;

beforeAll(async () => {
  writeFileSync(config, yaml('2h'));
  VALUES.forEach((v) => writeFileSync(join(dir, `run-${v}.yaml`), yaml(v)));
  const common = ['--trials', String(TRIALS), '--quiet', '--workers', '1'];
  const [t, j] = await Promise.all([
    runOk(['sweep', config, '--set', `${KEY}=${VALUES.join(',')}`, ...common, '--out', sweepOut]),
    runOk(['sweep', config, '--set', `${KEY}=${VALUES.join(',')}`, ...common, '--out', jsonOut, '--json', '--summary-only']),
  ]);
  table = t;
  json = JSON.parse(j.stdout);
  await Promise.all([
    ...VALUES.map((v, i) => runOk(['run', join(dir, `run-${v}.yaml`), ...common, '--out', runOut[i]!])),
    runOk(['sweep', config, '--set', `${KEY}=30min,1h`, '--set', 'job.restart=5min,20min', '--trials', '1024', '--quiet', '--workers', '1', '--out', gridOut, '--summary-only']),
  ]);
  files = Object.fromEntries(ARROW_FILES.map((f) => [f, readArrow(join(sweepOut, `${f}.arrow`))])) as typeof files;
}, 120_000);

/** Rows of `t` whose variant is `label`, in file order. */
function rowsOf(t: Table, label: string): number[] {
  const v = column(t, 'variant');
  return v.flatMap((x, i) => (x === label ? [i] : []));
}

describe('sweep result files', () => {
  test.each(ARROW_FILES)('%s.arrow leads with a utf8 / dictionary<utf8> `variant` column holding the labels', (name) => {
    const t = files[name];
    const field = t.schema.fields[0]!;
    expect(field.name).toBe('variant');
    const type = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
    expect(DataType.isUtf8(type)).toBe(true);
    expect([...new Set(column(t, 'variant'))]).toEqual(LABELS);
    const sizes = LABELS.map((l) => rowsOf(t, l).length);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    // Same trials, schemes, metrics: the same row count per variant (histograms keep only the occupied bins).
    if (name !== 'histograms') expect(sizes[1]).toBe(sizes[0]);
  });

  test('summary rows = variants × schemes × metrics; trials rows = variants × trials × schemes', () => {
    expect(files.summary.numRows).toBe(LABELS.length * SCHEMES.length * METRICS.length);
    expect(files.trials.numRows).toBe(LABELS.length * TRIALS * SCHEMES.length);
    expect(files.comparison.numRows).toBe(LABELS.length * (SCHEMES.length - 1) * METRICS.length);
  });

  test('a 2 × 2 grid (two --set flags) gives 4 variants, every combination', () => {
    const summary = readArrow(join(gridOut, 'summary.arrow'));
    const labels = [...new Set(column(summary, 'variant'))];
    expect(labels).toHaveLength(4);
    for (const i of ['30min', '1h']) for (const r of ['5min', '20min']) expect(labels).toContain(`${KEY}=${i} job.restart=${r}`);
    expect(summary.numRows).toBe(4 * SCHEMES.length * METRICS.length);
  });
});

describe('a variant equals a plain run with that override (docs/model.md#randomness)', () => {
  test.each(VALUES.map((v, i) => [v, i] as const))('%s: summary.arrow columns bit-identical', (_, i) => {
    const plain = readArrow(join(runOut[i]!, 'summary.arrow'));
    const rows = rowsOf(files.summary, LABELS[i]!);
    expect(rows.length).toBe(plain.numRows);
    const names = plain.schema.fields.map((f) => f.name);
    expect(files.summary.schema.fields.map((f) => f.name)).toEqual(['variant', ...names]);
    for (const name of names) {
      const a = column(files.summary, name);
      const b = column(plain, name);
      rows.forEach((r, k) => {
        // Object.is: bit-identical up to NaN payloads, −0 ≠ +0.
        if (!Object.is(a[r], b[k])) expect.fail(`summary ${name} row ${k}: sweep ${String(a[r])} vs run ${String(b[k])}`);
      });
    }
  });

  test.each(VALUES.map((v, i) => [v, i] as const))('%s: comparison.arrow, histograms.arrow and trials.arrow jct_h equal too', (_, i) => {
    for (const file of ['comparison', 'histograms'] as const) {
      const plain = readArrow(join(runOut[i]!, `${file}.arrow`));
      const rows = rowsOf(files[file], LABELS[i]!);
      expect(rows.length, file).toBe(plain.numRows);
      for (const name of plain.schema.fields.map((f) => f.name)) {
        const a = column(files[file], name);
        const b = column(plain, name);
        rows.forEach((r, k) => {
          if (!Object.is(a[r], b[k])) expect.fail(`${file} ${name} row ${k}: sweep ${String(a[r])} vs run ${String(b[k])}`);
        });
      }
    }
    const plainTrials = readArrow(join(runOut[i]!, 'trials.arrow'));
    const trialRows = rowsOf(files.trials, LABELS[i]!);
    const a = column(files.trials, 'jct_h') as number[];
    const b = column(plainTrials, 'jct_h') as number[];
    expect(trialRows.length).toBe(b.length);
    trialRows.forEach((r, k) => {
      if (!Object.is(a[r], b[k])) expect.fail(`trials jct_h row ${k}: sweep ${a[r]} vs run ${b[k]}`);
    });
  });
});

describe('the best variant and its paired lead', () => {
  /** Mean jct_h of (variant, scheme) from summary.arrow. */
  function meanJct(label: string, scheme: string): number {
    const v = column(files.summary, 'variant');
    const s = column(files.summary, 'scheme');
    const m = column(files.summary, 'metric');
    const mean = column(files.summary, 'mean') as number[];
    const r = v.findIndex((x, i) => x === label && s[i] === scheme && m[i] === 'jct_h');
    return mean[r]!;
  }

  /** Per-trial jct_h of (variant, scheme) from trials.arrow, in trial order. */
  function trialJct(label: string, scheme: string): Float64Array {
    const v = column(files.trials, 'variant');
    const s = column(files.trials, 'scheme');
    const trial = column(files.trials, 'trial') as number[];
    const jct = column(files.trials, 'jct_h') as number[];
    const out = new Float64Array(TRIALS).fill(NaN);
    v.forEach((x, i) => {
      if (x === label && s[i] === scheme) out[trial[i]!] = jct[i]!;
    });
    expect(out.every(Number.isFinite)).toBe(true);
    return out;
  }

  test('--json best[] names, per scheme, the variant with the lower mean jct_h', () => {
    expect(json.best).toHaveLength(SCHEMES.length);
    for (const scheme of SCHEMES) {
      const b = json.best.find((x: any) => x.scheme === scheme);
      const means = LABELS.map((l) => meanJct(l, scheme));
      const lowest = LABELS[means.indexOf(Math.min(...means))];
      expect(b.best, scheme).toBe(lowest);
      expect(b.runner_up, scheme).toBe(LABELS.find((l) => l !== lowest));
      expect(b.mean_jct_h).toBe(Math.min(...means));
    }
  });

  test('the table marks that variant (and only it) with * for each scheme', () => {
    const marked = new Map<string, string[]>();
    for (const line of table.stdout.split('\n')) {
      const m = /^(job\.checkpoint\.interval=\S+)\s+(\S+)\s+[\d.]+ ± [\d.]+( \*)?\s/.exec(line);
      if (!m) continue;
      if (m[3]) marked.set(m[2]!, [...(marked.get(m[2]!) ?? []), m[1]!]);
    }
    for (const scheme of SCHEMES) {
      const means = LABELS.map((l) => meanJct(l, scheme));
      expect(marked.get(scheme), `${scheme}\n${table.stdout}`).toEqual([LABELS[means.indexOf(Math.min(...means))]]);
    }
  });

  test('lead = runner-up mean − best mean (relative 1e-9); its CI is the paired-t interval of per-trial differences', () => {
    for (const scheme of SCHEMES) {
      const b = json.best.find((x: any) => x.scheme === scheme);
      const lead = meanJct(b.runner_up, scheme) - meanJct(b.best, scheme);
      expect(lead).toBeGreaterThan(0);
      expect(relClose(b.lead_h, lead, 1e-9), `${scheme}: lead ${b.lead_h} vs ${lead}`).toBe(true);
      // The JSON's own per-variant means say the same.
      const jsonMean = (label: string) => json.variants.find((v: any) => v.variant === label).schemes.find((s: any) => s.scheme === scheme).jct_h.mean;
      expect(relClose(b.lead_h, jsonMean(b.runner_up) - jsonMean(b.best), 1e-9)).toBe(true);

      const runnerUp = trialJct(b.runner_up, scheme);
      const best = trialJct(b.best, scheme);
      const d = runnerUp.map((x, t) => x - best[t]!);
      const [low, high] = ci95(meanOf(d), stdevOf(d), TRIALS);
      expect(relClose(b.lead_ci95[0], low, 1e-9), `${scheme}: ${b.lead_ci95} vs ${[low, high]}`).toBe(true);
      expect(relClose(b.lead_ci95[1], high, 1e-9), `${scheme}: ${b.lead_ci95} vs ${[low, high]}`).toBe(true);
      // Paired on the same trials: narrower than an unpaired interval from the two stdevs.
      const unpaired = 1.96 * Math.sqrt((stdevOf(runnerUp) ** 2 + stdevOf(best) ** 2) / TRIALS);
      expect((high - low) / 2).toBeLessThan(unpaired);
    }
  });

  test('the table prints the same lead line per scheme', () => {
    for (const scheme of SCHEMES) {
      const b = json.best.find((x: any) => x.scheme === scheme);
      expect(table.stdout).toContain(`${scheme}: best ${b.best},`);
      expect(table.stdout).toMatch(new RegExp(`${scheme.replace(/[+]/g, '\\+')}: best \\S+,\\s+[\\d.]+ ± [\\d.]+ h \\(95 % CI\\) shorter on average than ${b.runner_up.replace(/[.]/g, '\\.')}`));
    }
  });
});

describe('bad sweeps exit 2 with a message, never a stack trace', () => {
  let calls = 0;
  const bad = async (sets: string[]): Promise<CliResult> => {
    const out = join(dir, `bad-${calls++}`);
    const r = await runCli(['sweep', config, ...sets.flatMap((s) => ['--set', s]), '--trials', '1024', '--quiet', '--out', out]);
    expect(() => readFileSync(join(out, 'summary.arrow')), `${sets.join(' ')} wrote a result`).toThrow();
    expect(r.code, describeResult(r)).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    return r;
  };

  test('sweeping trials', async () => {
    const r = await bad(['trials=1024,2048']);
    expect(r.stderr).toMatch(/trials/);
  });

  test('sweeping seed', async () => {
    const r = await bad(['seed=1,2']);
    expect(r.stderr).toMatch(/seed/);
  });

  test('sweeping trials or seed with a single value (it would silently override --trials / the seed)', async () => {
    expect((await bad(['trials=1024'])).stderr).toMatch(/trials/);
    expect((await bad(['seed=5'])).stderr).toMatch(/seed/);
  });

  test('an unknown key names the key', async () => {
    const r = await bad(['job.chekpoint.interval=1h,2h']);
    expect(r.stderr).toContain('job.chekpoint');
  });

  test('a bad value names the key', async () => {
    const r = await bad([`${KEY}=1h,-2h`]);
    expect(r.stderr).toContain(KEY);
  });
});
