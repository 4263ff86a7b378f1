/**
 * Routing of the job's site pairs (docs/model.md#paths): every pair of job sites has a
 * least-latency primary; `one-plus-one` adds the least-latency backup sharing no route
 * and no SRLG with it; `restoration` searches a path over the routes up at the moment.
 */
import { denseRoutes, type RouteSet } from './route-set.js';
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
    const primary = topology.leastLatencyPath(a, b, null);
    if (primary === null) throw new Error(`no path between job sites ${from} and ${to}`);
    const words = topology.routeWords;
    const backup = topology.leastLatencyPath(a, b, denseRoutes(words, primary.routeSet, topology.routesInSrlgs(primary.srlgs)));
    const routeDisjointOnly = backup === null ? topology.leastLatencyPath(a, b, denseRoutes(words, primary.routeSet)) : null;
    return { from, to, primary, backup, routeDisjointOnly };
  });
}

/**
 * Restoration paths per pair and set of down routes, computed once per distinct set
 * and cached (docs/model.md#paths: rates depend only on the set of down routes). A path's
 * communication time at the scheme's capacity fraction is kept next to it.
 *
 * The cache key is the down bitset itself when it is one word (≤ 32 routes), else a
 * 52-bit hash of its words; a hit is used only when the stored words match, so a hash
 * collision costs a recomputation, never a wrong path.
 */
export class RestorationPaths {
  private readonly cache: Map<number, number>[];
  private readonly routeSets: RouteSet[] = [];
  private readonly comms: number[] = [];
  private readonly paths: Path[] = [];
  private readonly indexByRoutes = new Map<string, number>();
  private readonly words: number;
  /** Wide keys: the down words of cache slot k at [k * words …], its path at slotPath[k]. */
  private slotWords = new Int32Array(0);
  private slotPath = new Int32Array(0);
  private slots = 0;

  constructor(
    private readonly topology: Topology,
    private readonly pairs: readonly PairRouting[],
    private readonly stepTime: StepTime,
    private readonly capacityFraction: number,
  ) {
    this.cache = pairs.map(() => new Map());
    this.words = topology.routeWords;
  }

  /** Index of the least-latency path for `pair` avoiding the down bitset `down[base …]`; −1 when none. */
  pathFor(pair: number, down: Int32Array, base = 0): number {
    const cache = this.cache[pair]!;
    const words = this.words;
    if (words === 1) {
      const key = down[base]!;
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const index = this.compute(pair, down, base);
      // Bounded: a pathological campaign with very many distinct outage sets recomputes instead of growing.
      if (cache.size > 65536) cache.clear();
      cache.set(key, index);
      return index;
    }
    const key = hashWords(down, base, words);
    const slot = cache.get(key);
    if (slot !== undefined && this.sameWords(slot, down, base)) return this.slotPath[slot]!;
    const index = this.compute(pair, down, base);
    if (this.slots > 65536) {
      for (const c of this.cache) c.clear();
      this.slots = 0;
    }
    cache.set(key, this.store(down, base, index));
    return index;
  }

  private compute(pair: number, down: Int32Array, base: number): number {
    const routing = this.pairs[pair]!;
    const path = this.topology.leastLatencyPath(
      this.topology.place(routing.from),
      this.topology.place(routing.to),
      down,
      base,
    );
    return path === null ? -1 : this.intern(path);
  }

  private sameWords(slot: number, down: Int32Array, base: number): boolean {
    const words = this.words;
    const at = slot * words;
    for (let w = 0; w < words; w++) if (this.slotWords[at + w] !== down[base + w]) return false;
    return true;
  }

  private store(down: Int32Array, base: number, path: number): number {
    const words = this.words;
    if ((this.slots + 1) * words > this.slotWords.length) {
      const grown = new Int32Array(Math.max(16, this.slots * 2) * words);
      grown.set(this.slotWords.subarray(0, this.slots * words));
      this.slotWords = grown;
      const paths = new Int32Array(Math.max(16, this.slots * 2));
      paths.set(this.slotPath.subarray(0, this.slots));
      this.slotPath = paths;
    }
    const slot = this.slots++;
    this.slotWords.set(down.subarray(base, base + words), slot * words);
    this.slotPath[slot] = path;
    return slot;
  }

  /** Paths are interned by route set, so the table stays as small as the set of distinct detours. */
  private intern(path: Path): number {
    const key = path.routes.join(',');
    const known = this.indexByRoutes.get(key);
    if (known !== undefined) return known;
    const index = this.paths.length;
    this.indexByRoutes.set(key, index);
    this.paths.push(path);
    this.routeSets.push(path.routeSet);
    this.comms.push(this.stepTime.pairComm(path, this.capacityFraction));
    return index;
  }

  routeSet(index: number): RouteSet {
    return this.routeSets[index]!;
  }

  comm(index: number): number {
    return this.comms[index]!;
  }

  path(index: number): Path {
    return this.paths[index]!;
  }
}

/** A 52-bit hash of `words` words of `a` from `base` (two 26-bit FNV-1a-style lanes). */
function hashWords(a: Int32Array, base: number, words: number): number {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 | 0;
  for (let w = 0; w < words; w++) {
    const x = a[base + w]!;
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul(h2 ^ (x >>> 7) ^ w, 0x5bd1e995);
  }
  return (h1 & 0x3ffffff) * 0x4000000 + (h2 & 0x3ffffff);
}
