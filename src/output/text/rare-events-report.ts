/**
 * The importance sampling in force (docs/model.md#rare-events), for `validate`: the
 * method, the factor, and each exposure unit's and regional event's true and biased
 * rates. Nothing when the scenario has no `rare_events`.
 */
import type { CompiledNetwork } from '../../model/compile-scenario.js';
import { HOURS_PER_YEAR } from '../../model/exposure.js';
import type { RareEvents } from '../../model/scenario.js';
import { formatTable, trim } from './table.js';


function when(bias: RareEvents): string {
  if (bias.method === 'uniform') return 'at all times';
  const up = bias.allUpFactor === 1 ? 'not at all' : `× ${trim(bias.allUpFactor, 6)}`;
  return `while some unit or regional hit is down; while all is up, ${up}`;
}

export function rareEventsReport(compiled: Pick<CompiledNetwork, 'scenario' | 'exposure'>): string[] {
  const bias = compiled.scenario.rareEvents;
  if (bias === undefined) return [];
  const { exposure } = compiled;
  const perYear = (ratePerHour: number) => trim(ratePerHour * HOURS_PER_YEAR, 4);
  // A third column when failure biasing raises the rates while all is up too.
  const upFactor = bias.method === 'failure-biasing' && bias.allUpFactor !== 1 ? bias.allUpFactor : null;
  const row = (label: string, ratePerHour: number) => [
    label,
    perYear(ratePerHour),
    perYear(ratePerHour * bias.factor),
    ...(upFactor === null ? [] : [perYear(ratePerHour * upFactor)]),
  ];
  const rows = [
    ...exposure.units.map((u) => row(u.label, u.totalRatePerHour)),
    ...exposure.regional.filter((p) => p.targets.length > 0).map((p) => row(`regional ${p.id}`, p.ratePerHour)),
  ];
  return [
    '',
    `Rare events: importance sampling, ${bias.method} × ${trim(bias.factor, 6)} (cut and regional rates raised ${when(bias)}; repairs, hit probabilities and background interruptions as they are)`,
    formatTable(
      [
        { header: 'unit' },
        { header: 'true cuts / yr', align: 'right' },
        { header: bias.method === 'uniform' ? 'biased cuts / yr' : 'biased, while one is down', align: 'right' },
        ...(upFactor === null ? [] : [{ header: 'biased, while all is up', align: 'right' as const }]),
      ],
      rows,
    ),
    '  every trial carries the likelihood ratio of its timeline up to the last job\'s end as its weight; estimates are weighted means',
  ];
}
