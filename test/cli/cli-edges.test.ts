/**
 * Command-line edges: each bad flag is refused as bad input (exit 2) naming the flag
 * the user typed, never the config file and never a raw errno; `--workers` far past
 * the cores is capped with a warning.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { checkCampaignArgs, selectSchemes, workerCount, WORKERS_PER_CORE, type CampaignArgs } from '../../src/cli/campaign-options.js';
import { checkOutDir } from '../../src/cli/out-dir.js';
import { UserError } from '../../src/cli/user-error.js';
import { loadScenarioFile } from '../../src/config/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/src/cli/main.js');
const CONFIG = 'configs/default.yaml';
const dir = mkdtempSync(join(tmpdir(), 'scale-across-edges-'));
const file = join(dir, 'a-file');
writeFileSync(file, 'not a folder\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error.message;
  }
  throw new Error('expected an error');
};

const args = (extra: Partial<CampaignArgs>): CampaignArgs => ({ resume: false, overwrite: false, shardFromEnv: false, summaryOnly: true, quiet: true, json: false, ...extra });

describe('--out', () => {
  test.each([
    ['an existing file', file, `--out ${file}: exists and is not a folder`],
    ['an empty path', '', '--out: must name a folder, got an empty path'],
    ['a path under a file', join(file, 'x'), `--out ${join(file, 'x')}: ${file} is a file, not a folder`],
  ])('%s is refused naming --out', (_, out, message) => {
    expect(() => checkOutDir(out)).toThrow(UserError);
    expect(messageOf(() => checkOutDir(out))).toBe(message);
  });

  test('a new folder under a folder, and an existing folder, are fine', () => {
    mkdirSync(join(dir, 'results'));
    expect(() => checkOutDir(join(dir, 'results'))).not.toThrow();
    expect(() => checkOutDir(join(dir, 'new', 'deeper'))).not.toThrow();
  });

  test('the CLI exits 2 naming --out, not with a raw EEXIST', () => {
    const result = cli('run', CONFIG, '--trials', '10', '--summary-only', '--quiet', '--out', file);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`scale-across: --out ${file}: exists and is not a folder\n`);
  });
});

describe('--workers', () => {
  test(`more than ${WORKERS_PER_CORE} per core is capped, with a warning`, () => {
    expect(workerCount(256, 2)).toEqual({
      workers: 8,
      warning: '--workers 256: more than 4 per core gain nothing on 2 cores and cost memory; using 8',
    });
    expect(workerCount(8, 2)).toEqual({ workers: 8 });
    expect(workerCount(undefined, 3)).toEqual({ workers: 3 });
  });
});

describe('flags are blamed, not the config file', () => {
  test('--trials 1e12', () => {
    expect(messageOf(() => checkCampaignArgs(args({ trials: 1e12 })))).toBe('--trials: must be an integer from 1 to 4294967295, got 1000000000000');
  });

  test('an override that is refused by validation names its flag and value', () => {
    expect(messageOf(() => loadScenarioFile(CONFIG, [['job.work', '-1']]))).toBe('--set job.work=-1: must be >= 0, got -1');
    expect(messageOf(() => loadScenarioFile(CONFIG, [['seed', '-3', '--seed']]))).toBe('--seed: must be >= 0, got -3');
    // Blamed on the override that set the bad value, not on a later one of another key.
    expect(messageOf(() => loadScenarioFile(CONFIG, [['job.work', '1e308d'], ['trials', '5']]))).toBe(
      '--set job.work=1e308d: must be finite in hours (at most 1.8e308 hours), got "1e308d"',
    );
  });

  test('sweep --set with an unknown key names the key once', () => {
    const result = cli('sweep', CONFIG, '--set', 'job.foo=1,2', '--trials', '10', '--quiet', '--out', join(dir, 'sweep'));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      '--set: job.foo: unknown key (valid keys: sites, work, steps, step, checkpoint, restart, collective_timeout, background, power, network_energy)\n',
    );
  });

  test('optimize --scheme foo is reported as --scheme', () => {
    const scenario = loadScenarioFile(CONFIG);
    expect(messageOf(() => selectSchemes(scenario, 'foo', '--scheme'))).toMatch(/^--scheme: unknown scheme "foo"; the scenario has: /);
    const result = cli('optimize', CONFIG, '--scheme', 'foo', '--trials', '10', '--quiet', '--out', join(dir, 'opt'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^scale-across: --scheme: unknown scheme "foo"/);
  });
});
