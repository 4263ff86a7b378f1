/**
 * The real-data example, configs/real/cogentco.yaml: it is exactly what the import
 * command in its header writes from the map beside it, `validate` accepts it, and a
 * short campaign runs under its six schemes (runs the build in dist/).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist/src/cli/main.js');
const EXAMPLE = 'configs/real/cogentco.yaml';
const dir = mkdtempSync(join(tmpdir(), 'scale-across-real-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

test('the command in its header regenerates it byte for byte', () => {
  const text = readFileSync(join(ROOT, EXAMPLE), 'utf8');
  const command = text.split('\n')[1]!.replace(/^#\s+/, '');
  expect(command).toMatch(/^scale-across import configs\/real\/Cogentco\.graphml .*-o configs\/real\/cogentco\.yaml$/);
  // The arguments hold no spaces or quotes, so splitting on spaces gives them back.
  const args = command.split(' ').slice(1);
  const out = join(dir, 'cogentco.yaml');
  args[args.indexOf('-o') + 1] = out;
  const imported = cli(...args);
  expect(imported.status).toBe(0);
  expect(readFileSync(out, 'utf8')).toBe(text.replace(`-o ${EXAMPLE}`, `-o ${out}`));
});

test('validate accepts it', () => {
  const validated = cli('validate', EXAMPLE);
  expect(validated.stderr).toBe('');
  expect(validated.status).toBe(0);
  expect(validated.stdout).toContain('Places: 197: sites atlanta (8192 GPUs), chicago (8192 GPUs), dallas (8192 GPUs); 194 junctions');
  // --all: a row per route (each names its two ends with "–").
  const all = cli('validate', EXAMPLE, '--all');
  expect(all.status).toBe(0);
  expect(all.stdout).toContain('Job site pairs: path per scheme');
  expect(all.stdout.split('\n').length).toBeGreaterThan(245 + 197);
});

test('200 trials run under the six schemes, none worse than ideal on average', () => {
  const run = cli('run', EXAMPLE, '--trials', '200', '--workers', '1', '--summary-only', '--quiet', '--json', '--out', join(dir, 'run'));
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const summary = JSON.parse(run.stdout) as { trials: number; schemes: { scheme: string; trials: number; jct_h: { mean: number } }[] };
  expect(summary.schemes.map((s) => s.scheme)).toEqual(['ideal', 'unprotected', '1+1', 'restore', '1+1+restore', 'elastic']);
  expect(summary.schemes.every((s) => s.trials === 200)).toBe(true);
  // Common random numbers: every scheme replays the same trials, and no scheme beats a network that never fails.
  const ideal = summary.schemes[0]!.jct_h.mean;
  for (const s of summary.schemes) expect(s.jct_h.mean).toBeGreaterThanOrEqual(ideal - 1e-9);
});
