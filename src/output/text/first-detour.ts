/**
 * The first detour a restoration scheme takes for one job pair: the least-latency path
 * with every route of the pair's primary cut (and of its backup, for
 * one-plus-one-restoration), and the job's rate while that pair runs on it at the
 * scheme's capacity fraction and every other pair on its primary.
 */
import type { CompiledScenario } from '../../model/compile-scenario.js';
import { RestorationPaths } from '../../model/pair-routing.js';
import { denseRoutes } from '../../model/route-set.js';
import type { Scheme } from '../../model/scenario.js';
import type { Path } from '../../model/topology.js';

export type RestoringScheme = Extract<Scheme, { kind: 'restoration' | 'one-plus-one-restoration' }>;

export function isRestoring(scheme: Scheme): scheme is RestoringScheme {
  return scheme.kind === 'restoration' || scheme.kind === 'one-plus-one-restoration';
}

export interface Detour {
  /** null when cutting those routes leaves the pair's sites unconnected. */
  readonly path: Path | null;
  /** Relative job rate on the detour (1 = the healthy step). */
  readonly jobRate: number;
}

export function firstDetour(compiled: CompiledScenario, pairIndex: number, scheme: RestoringScheme): Detour {
  const { topology, pairs, stepTime } = compiled;
  const pair = pairs[pairIndex]!;
  const restoration = new RestorationPaths(topology, pairs, stepTime, scheme.capacityFraction);
  const cut = denseRoutes(topology.routeWords, pair.primary.routeSet, scheme.kind === 'one-plus-one-restoration' ? (pair.backup?.routeSet ?? null) : null);
  const detour = restoration.pathFor(pairIndex, cut);
  if (detour < 0) return { path: null, jobRate: 0 };
  const slowest = (i: number) => (i === pairIndex ? restoration.comm(detour) : stepTime.pairComm(pairs[i]!.primary, 1));
  return { path: restoration.path(detour), jobRate: stepTime.rateFor(Math.max(...pairs.map((_, i) => slowest(i)))) };
}
