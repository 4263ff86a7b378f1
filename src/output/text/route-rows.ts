/** The columns `validate` shows per route and per SRLG, for the full tables and the summaries alike. */
import type { CompiledScenario } from '../../model/compile-scenario.js';
import { HOURS_PER_YEAR } from '../../model/exposure.js';
import { routeReliability } from './route-reliability.js';
import { formatDuration, percent, trim, type Column } from './table.js';

export const ROUTE_COLUMNS: readonly Column[] = [
  { header: 'route' },
  { header: 'between' },
  { header: 'km', align: 'right' },
  { header: 'one-way ms', align: 'right' },
  { header: 'Tbit/s', align: 'right' },
  { header: 'SRLGs' },
  { header: 'regions' },
  { header: 'cuts/yr', align: 'right' },
  { header: 'MTTR', align: 'right' },
  { header: 'availability', align: 'right' },
  { header: 'down/yr', align: 'right' },
];

export function routeRow(compiled: CompiledScenario, i: number): string[] {
  const r = compiled.scenario.routes[i]!;
  const rel = routeReliability(compiled, i);
  return [
    r.id,
    `${r.between[0]}–${r.between[1]}`,
    trim(r.lengthKm),
    trim(compiled.topology.routeLatencyUs[i]! / 1000, 4),
    trim(r.capacityTbps),
    r.srlgs.join(',') || '—',
    r.regions.join(',') || '—',
    trim(rel.cutsPerYear, 3),
    formatDuration(rel.mttr),
    percent(rel.availability, 5),
    formatDuration((1 - rel.availability) * HOURS_PER_YEAR),
  ];
}

export const SRLG_COLUMNS: readonly Column[] = [
  { header: 'SRLG' },
  { header: 'km', align: 'right' },
  { header: 'members' },
  { header: 'cuts/yr', align: 'right' },
];

/** Cuts per hour of SRLG s: its own exposure unit's rate. */
export function srlgRatePerHour(compiled: CompiledScenario, s: number): number {
  const id = compiled.scenario.srlgs[s]!.id;
  return compiled.exposure.units.find((u) => u.label === `srlg ${id}`)!.totalRatePerHour;
}

export function srlgRow(compiled: CompiledScenario, s: number): string[] {
  const srlg = compiled.scenario.srlgs[s]!;
  const members = compiled.scenario.routes.filter((r) => r.srlgs.includes(srlg.id)).map((r) => r.id);
  return [srlg.id, trim(srlg.lengthKm), members.join(', '), trim(srlgRatePerHour(compiled, s) * HOURS_PER_YEAR, 3)];
}
