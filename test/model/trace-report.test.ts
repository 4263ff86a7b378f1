/**
 * What `trace` prints (src/output/text/trace-report.ts), on trial 42 of
 * configs/default.yaml: one cut (b-c by a rodent at 46.0830 h, repaired at 49.6111 h)
 * among ≈ 400 background interruptions — the README's example.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/config/index.js';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { TrialRunner } from '../../src/model/trial-runner.js';
import { traceReport } from '../../src/output/text/trace-report.js';

const compiled = compileScenario(loadScenarioFile(join(import.meta.dirname, '../../configs/default.yaml')));
const runner = new TrialRunner(compiled);
const scheme = (id: string) => compiled.scenario.schemes.findIndex((s) => s.id === id);

/** The table's rows as [time, event, job state, progress, last checkpoint]. */
function rows(report: string): string[][] {
  const lines = report.split('\n');
  const rule = lines.findIndex((l) => l.startsWith('────'));
  const widths = lines[rule]!.split('  ').map((cell) => cell.length);
  const cells = (line: string) => {
    let at = 0;
    return widths.map((w) => {
      const cell = line.slice(at, at + w).trim();
      at += w + 2;
      return cell;
    });
  };
  const body = lines.slice(rule + 1, lines.indexOf('', rule));
  return body.filter((l) => /^\s*\d/.test(l)).map((l) => {
    const [time, event, , state, progress, checkpoint] = cells(l);
    return [time!, event!, state!, progress!, checkpoint!];
  });
}

describe('trace, trial 42 of configs/default.yaml', () => {
  test('--network under `none`: the cut, the stall, the crash, the repair and the restart, then done', () => {
    const report = traceReport(compiled, runner, 42, scheme('unprotected'), { networkOnly: true });
    expect(rows(report)).toEqual([
      // The cut row shows the job as it is when the cut happens: the same progress as its
      // reaction at that instant (it used to show the last job row's, 39.9 → 39.902).
      ['46.0830', 'cut', 'running', '39.902', '39.9'],
      ['46.0830', 'job stalls (a required pair is disconnected)', 'running (paused)', '39.902', '39.9'],
      // 10 min later (collective timeout): rolled back to the checkpoint.
      ['46.2496', 'job crashes: stall reached the collective timeout', 'waiting', '39.9', '39.9'],
      ['49.6111', 'repaired', 'waiting', '39.9', '39.9'],
      ['49.6111', 'restart begins', 'restarting', '39.9', '39.9'],
      ['817.6884', 'job done', 'done', '720', '719.9'],
    ]);
    expect(report).toMatch(/\(\d+ rows of background interruptions and their restarts not shown\)/);
    expect(report).not.toContain('background interruption\n');
  });

  test('without --network every background interruption is listed', () => {
    const report = traceReport(compiled, runner, 42, scheme('unprotected'));
    const crashes = rows(report).filter((r) => r[1] === 'job crashes: background interruption').length;
    const outcome = /crashes_background (\d+)/.exec(report)![1];
    expect(crashes).toBe(Number(outcome));
    expect(report).not.toContain('not shown');
  });

  test('a cut the job does not see (ideal): progress by hand from the row before it', () => {
    // τ = 6 min, δ = 10 s. From the job row before the cut (at a checkpoint c0, running
    // from t0) the job runs whole run+write cycles of τ + δ, then part of a run: at t,
    // progress = c0 + n·τ + min(rest, τ), n = ⌊(t − t0) / (τ + δ)⌋.
    const table = rows(traceReport(compiled, runner, 42, scheme('ideal')));
    const cut = table.findIndex((r) => r[1] === 'cut');
    const before = table[cut - 1]!;
    expect(before[1]).toBe('restart done');
    const tau = 0.1;
    const delta = 10 / 3600;
    const elapsed = Number(table[cut]![0]) - Number(before[0]);
    const n = Math.floor(elapsed / (tau + delta));
    const expected = Number(before[3]) + n * tau + Math.min(elapsed - n * (tau + delta), tau);
    // The table prints 6 significant digits, the times 4 decimals.
    expect(Number(table[cut]![3])).toBeCloseTo(expected, 2);
    expect(Number(table[cut]![4])).toBeCloseTo(Number(before[3]) + n * tau, 3);
    expect(table[cut]![2]).toBe('running');
  });
});
