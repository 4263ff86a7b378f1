/**
 * Which cause costs what, for the end-of-run output: per cause (each hazard and each
 * regional event) the cuts per job, and per scheme the network crashes per job and the
 * work they lost (hours per job). Schemes that see no network (ideal) are left out.
 */
import { CAUSE_CRASHES, CAUSE_CUTS, CAUSE_FIELDS, CAUSE_LOST, causeNames } from '../../model/cause-metrics.js';
import type { Scenario } from '../../model/scenario.js';
import type { CauseAggregator } from '../../stats/cause-aggregator.js';
import { fitTable, terminalColumns } from './fit-table.js';
import { meanOnly } from './uncertain-number.js';

export interface CauseCost {
  cause: string;
  cuts_per_job: number;
  schemes: { scheme: string; crashes_per_job: number; lost_work_h_per_job: number }[];
}

export function causeCosts(scenario: Scenario, causes: CauseAggregator): CauseCost[] {
  const names = causeNames(scenario);
  const at = (s: number, c: number, field: number) => causes.estimate((s * names.length + c) * CAUSE_FIELDS + field).mean;
  const shown = scenario.schemes.map((s, i) => [s, i] as const).filter(([s]) => s.kind !== 'ideal');
  const cutsScheme = shown[0]?.[1] ?? 0;
  return names.map((cause, c) => ({
    cause,
    cuts_per_job: at(cutsScheme, c, CAUSE_CUTS),
    schemes: shown.map(([scheme, s]) => ({
      scheme: scheme.id,
      crashes_per_job: at(s, c, CAUSE_CRASHES),
      lost_work_h_per_job: at(s, c, CAUSE_LOST),
    })),
  }));
}

/**
 * The tables of `causeCosts`, each fitted to `width` columns (fit-table.ts): per cause
 * the cuts and the network crashes per job under each scheme, then the work those
 * crashes lost (h per job); each mean rounded to its 95 % CI. Two tables rather than
 * one with "crashes · lost" cells, so that five schemes fit in 100 columns.
 */
export function causeTable(scenario: Scenario, causes: CauseAggregator, width = terminalColumns()): string {
  const names = causeNames(scenario);
  const shown = scenario.schemes.map((s, i) => [s, i] as const).filter(([s]) => s.kind !== 'ideal');
  if (names.length === 0 || shown.length === 0) return '';
  const cell = (s: number, c: number, field: number) => {
    const e = causes.estimate((s * names.length + c) * CAUSE_FIELDS + field);
    return meanOnly(e.mean, (e.ci95[1] - e.ci95[0]) / 2);
  };
  const schemeColumns = shown.map(([scheme]) => ({ header: scheme.id, align: 'right' as const }));
  const crashes = fitTable(
    [{ header: 'network crashes per job' }, { header: 'cuts/job', align: 'right' }, ...schemeColumns],
    names.map((cause, c) => [cause, cell(shown[0]![1], c, CAUSE_CUTS), ...shown.map(([, s]) => cell(s, c, CAUSE_CRASHES))]),
    width,
  );
  const lost = fitTable(
    [{ header: 'work they lost, h per job' }, ...schemeColumns],
    names.map((cause, c) => [cause, ...shown.map(([, s]) => cell(s, c, CAUSE_LOST))]),
    width,
  );
  return `${crashes}\n\n${lost}`;
}
