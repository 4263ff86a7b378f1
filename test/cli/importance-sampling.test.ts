/**
 * `--importance-sampling` through the built CLI: `validate` shows the biasing in force,
 * `trace` a trial's weight, a bad value exits 2 naming the flag, and `off` leaves every
 * result file byte-identical to a run without the flag.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXIT_BAD_INPUT } from '../../src/cli/exit-codes.js';
import { campaignSandbox, runCli, runOk } from '../support/cli.js';

const TRIAD = 'configs/metro-triad.yaml';
const box = campaignSandbox();

describe('--importance-sampling', () => {
  test('validate shows the method, the factor and each unit\'s true and biased cut rates', async () => {
    const r = await runOk(['validate', TRIAD, '--importance-sampling', '1000']);
    expect(r.stdout).toMatch(/Rare events: importance sampling, failure-biasing × 1000 \(cut and regional rates raised while some unit or regional hit is down; while all is up, not at all/);
    // n-s-ring: 38 km × (0.5 conduit × (1.5 + 0.4) + 0.3 buried × (4 + 0.6) + 0.2 aerial × (1.5 + 1.2 + 0.6)) / 1000 = 0.11362 a year.
    expect(r.stdout).toMatch(/route n-s-ring +0\.1136 +113\.6\n/);
    const plain = await runOk(['validate', TRIAD]);
    expect(plain.stdout).not.toMatch(/Rare events/);
  });

  test('trace shows the weight of the trial', async () => {
    const r = await runOk(['trace', TRIAD, '--trial', '3', '--scheme', '1+1', '--importance-sampling', '1000']);
    expect(r.stdout).toMatch(/\nWeight \d\.\d{5}(e[+-]\d+)?: the likelihood ratio of this timeline, drawn with importance sampling \(failure-biasing × 1000\)/);
    expect((await runOk(['trace', TRIAD, '--trial', '3', '--scheme', '1+1'])).stdout).not.toMatch(/Weight/);
  });

  test.each([
    ['lots', '--importance-sampling: must be a factor (a number ≥ 1) or off, got "lots"'],
    ['0.5', '--importance-sampling: must be >= 1, got 0.5'],
  ])('%s exits 2 with a message naming the flag, no stack trace', async (value, message) => {
    const r = await runCli(['validate', TRIAD, '--importance-sampling', value]);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('run --importance-sampling off writes byte-identical result files to a run without it', async () => {
    const sha = (dir: string, file: string) => createHash('sha256').update(readFileSync(join(dir, file))).digest('hex');
    const common = ['run', box.config, '--trials', '2048', '--workers', '2', '--quiet'];
    await runOk([...common, '--out', box.out('plain')]);
    await runOk([...common, '--out', box.out('off'), '--importance-sampling', 'off']);
    await runOk([...common, '--out', box.out('on'), '--importance-sampling', '10']);
    for (const file of ['trials.arrow', 'summary.arrow', 'comparison.arrow', 'histograms.arrow', 'causes.arrow']) {
      expect(sha(box.out('off'), file), file).toBe(sha(box.out('plain'), file));
      // The comparison can fail: a biased run draws other timelines.
      if (file === 'trials.arrow') expect(sha(box.out('on'), file)).not.toBe(sha(box.out('plain'), file));
    }
  });

  test('run --json carries the weight diagnostics of the manifest when importance sampling is on, and none without it', async () => {
    const common = ['run', box.config, '--trials', '2048', '--workers', '2', '--quiet', '--json'];
    const on = JSON.parse((await runOk([...common, '--out', box.out('json-on'), '--importance-sampling', '10'])).stdout);
    const manifest = JSON.parse(readFileSync(join(box.out('json-on'), 'manifest.json'), 'utf8'));
    expect(on.importance_sampling).toEqual(manifest.importance_sampling);
    expect(on.importance_sampling[0].trials).toBe(2048);
    const off = JSON.parse((await runOk([...common, '--out', box.out('json-off')])).stdout);
    expect(off.importance_sampling).toBeUndefined();
  });
});
