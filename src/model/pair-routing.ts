/**
 * Routing of the job's site pairs (SPEC §3 "Paths"): every pair of job sites has a
 * least-latency primary; `one-plus-one` adds the least-latency backup sharing no route
 * and no SRLG with it; `restoration` searches a path over the routes up at the moment.
 */
import type { Scenario } from './scenario.js';
import type { StepTime } from './step-time.js';
import type { Path, Topology } from './topology.js';

export interface PairRouting {
  readonly from: string;
  readonly to: string;
  readonly primary: Path;
  /** SRLG- and route-disjoint backup; null when none exists. */
  readonly backup: Path | null;
  /** A route-disjoint path that shares an SRLG with the primary, when no fully disjoint one exists (for warnings). */
  readonly routeDisjointOnly: Path | null;
}

export function jobSitePairs(scenario: Scenario): [string, string][] {
  const sites = scenario.job.sites;
  const pairs: [string, string][] = [];
  for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) pairs.push([sites[i]!, sites[j]!]);
  return pairs;
}

export function routePairs(scenario: Scenario, topology: Topology): PairRouting[] {
  return jobSitePairs(scenario).map(([from, to]) => {
    const a = topology.place(from);
    const b = topology.place(to);
    const primary = topology.leastLatencyPath(a, b, 0);
    if (primary === null) throw new Error(`no path between job sites ${from} and ${to}`);
    const backup = topology.leastLatencyPath(a, b, primary.routeMask | topology.routesInSrlgs(primary.srlgMask));
    const routeDisjointOnly = backup === null ? topology.leastLatencyPath(a, b, primary.routeMask) : null;
    return { from, to, primary, backup, routeDisjointOnly };
  });
}

/**
 * Restoration paths per pair and set of down routes, computed once per distinct set
 * and cached (SPEC §3: rates depend only on the set of down routes). A path's
 * communication time at the scheme's capacity fraction is kept next to it.
 */
export class RestorationPaths {
  private readonly cache: Map<number, number>[];
  private readonly routeMasks: number[] = [];
  private readonly comms: number[] = [];
  private readonly paths: Path[] = [];
  private readonly indexByRoutes = new Map<number, number>();

  constructor(
    private readonly topology: Topology,
    private readonly pairs: readonly PairRouting[],
    private readonly stepTime: StepTime,
    private readonly capacityFraction: number,
  ) {
    this.cache = pairs.map(() => new Map());
  }

  /** Index of the least-latency path for `pair` avoiding `downMask`; −1 when none. */
  pathFor(pair: number, downMask: number): number {
    const cache = this.cache[pair]!;
    const hit = cache.get(downMask);
    if (hit !== undefined) return hit;
    const routing = this.pairs[pair]!;
    const path = this.topology.leastLatencyPath(
      this.topology.place(routing.from),
      this.topology.place(routing.to),
      downMask,
    );
    const index = path === null ? -1 : this.intern(path);
    // Bounded: a pathological campaign with very many distinct outage sets recomputes instead of growing.
    if (cache.size > 65536) cache.clear();
    cache.set(downMask, index);
    return index;
  }

  /** Paths are interned by route set, so the table stays as small as the set of distinct detours. */
  private intern(path: Path): number {
    const known = this.indexByRoutes.get(path.routeMask);
    if (known !== undefined) return known;
    const index = this.paths.length;
    this.indexByRoutes.set(path.routeMask, index);
    this.paths.push(path);
    this.routeMasks.push(path.routeMask);
    this.comms.push(this.stepTime.pairComm(path, this.capacityFraction));
    return index;
  }

  routeMask(index: number): number {
    return this.routeMasks[index]!;
  }

  comm(index: number): number {
    return this.comms[index]!;
  }

  path(index: number): Path {
    return this.paths[index]!;
  }
}
