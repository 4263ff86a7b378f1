/**
 * The part of a big network the job is exposed to: the routes and SRLGs on the job
 * pairs' primaries and (when a scheme uses them) backups, highest cut rate first. On an
 * imported backbone of hundreds of routes these few dominate what the job meets;
 * `validate` shows the top of each list.
 */
import type { CompiledScenario } from '../../model/compile-scenario.js';
import { HOURS_PER_YEAR } from '../../model/exposure.js';
import type { Path } from '../../model/topology.js';
import { routeReliability } from './route-reliability.js';
import { srlgRatePerHour } from './route-rows.js';

export interface ExposedItem {
  /** Route or SRLG index. */
  readonly index: number;
  readonly cutsPerYear: number;
  /** Which paths cross it: "primary seattle–chicago, chicago–washington; backup seattle–washington". */
  readonly on: string;
}

/** Every route on a job path, most cuts per year first (ties in file order). */
export function exposedRoutes(compiled: CompiledScenario): ExposedItem[] {
  return exposed(compiled, (path) => path.routes, (r) => routeReliability(compiled, r).cutsPerYear);
}

/** Every SRLG a job path crosses, most cuts per year first (ties in file order). */
export function exposedSrlgs(compiled: CompiledScenario): ExposedItem[] {
  return exposed(compiled, (path) => path.srlgs, (s) => srlgRatePerHour(compiled, s) * HOURS_PER_YEAR);
}

/** Whether any scheme runs on backups, so that their routes count as exposure. */
export function usesBackups(compiled: CompiledScenario): boolean {
  return compiled.scenario.schemes.some((s) => s.kind === 'one-plus-one' || s.kind === 'one-plus-one-restoration');
}

function exposed(compiled: CompiledScenario, members: (path: Path) => readonly number[], cutsPerYear: (index: number) => number): ExposedItem[] {
  const onPrimary = new Map<number, string[]>();
  const onBackup = new Map<number, string[]>();
  const note = (map: Map<number, string[]>, index: number, pair: string) => {
    const pairs = map.get(index) ?? [];
    if (!pairs.includes(pair)) pairs.push(pair);
    map.set(index, pairs);
  };
  const backups = usesBackups(compiled);
  for (const pair of compiled.pairs) {
    const name = `${pair.from}–${pair.to}`;
    for (const index of members(pair.primary)) note(onPrimary, index, name);
    if (backups && pair.backup !== null) for (const index of members(pair.backup)) note(onBackup, index, name);
  }
  const indices = [...new Set([...onPrimary.keys(), ...onBackup.keys()])].sort((a, b) => a - b);
  const items = indices.map((index) => {
    const on = [
      ...(onPrimary.has(index) ? [`primary ${onPrimary.get(index)!.join(', ')}`] : []),
      ...(onBackup.has(index) ? [`backup ${onBackup.get(index)!.join(', ')}`] : []),
    ].join('; ');
    return { index, cutsPerYear: cutsPerYear(index), on };
  });
  // Stable sort: equal rates keep file order.
  return items.sort((a, b) => b.cutsPerYear - a.cutsPerYear);
}
