/**
 * Which cause costs what, for the end-of-run output: per cause (each hazard and each
 * regional event) the cuts per job, and per scheme the network crashes per job and the
 * work they lost (hours per job). Schemes that see no network (ideal) are left out.
 */
import { CAUSE_CRASHES, CAUSE_CUTS, CAUSE_FIELDS, CAUSE_LOST, causeNames } from '../../model/cause-metrics.js';
import type { Scenario } from '../../model/scenario.js';
import type { CauseAggregator } from '../../stats/cause-aggregator.js';
import { formatTable, trim } from './table.js';

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

export function causeTable(scenario: Scenario, causes: CauseAggregator): string {
  const costs = causeCosts(scenario, causes);
  if (costs.length === 0 || costs[0]!.schemes.length === 0) return '';
  const schemes = costs[0]!.schemes.map((s) => s.scheme);
  return formatTable(
    [
      { header: 'cause' },
      { header: 'cuts/job', align: 'right' },
      ...schemes.map((s) => ({ header: `${s}: crashes · lost h`, align: 'right' as const })),
    ],
    costs.map((c) => [
      c.cause,
      trim(c.cuts_per_job, 3),
      ...c.schemes.map((s) => `${trim(s.crashes_per_job, 3)} · ${trim(s.lost_work_h_per_job, 3)}`),
    ]),
  );
}
