/**
 * `elastic`: the connectivity the elastic job (elastic-replay.ts) needs. Connectivity is
 * that of `none`: a pair of job sites is connected iff every route of its primary is up.
 * As a ConnectivityView, `rate` is the FULL job's rate (1 when every pair is connected —
 * the network is "whole" — else 0), so a plain `replayJob` on this view behaves as `none`.
 *
 * Unlike the other views, `nextTime` is the next instant at which the set of down
 * *required* routes (routes of some primary) changes, not only the full rate: a shrunk
 * job depends on the pairs inside its group only, so it must see every such change.
 * Changes at one instant are coalesced; changes of routes no primary uses are not seen.
 *
 * The view projects the timeline onto the primaries' routes (a RouteSet of any size) and
 * hands the replay sets of PAIRS, bit k = pair k (compiled.pairs order), each pair
 * standing for the routes of its primary: `downMask` is the pairs whose primary is
 * down, `requiredRoutes` every pair, `groupRoutes(g)` the pairs inside group g. "Is the
 * group connected" is then `(downMask & groupRoutes(g)) === 0`, as it was with route
 * masks, whatever the size of the mesh; pairs fit an int32 up to 8 job sites.
 *
 * Groups are bit masks of job sites, bit i = the i-th job site in scenario order (the
 * order of `sites:` in the scenario file). A group is usable iff every pair in it is
 * connected (a clique of the connectivity graph); a single site is always usable (it
 * needs no WAN). `largestGroup()` follows the issue literally: the usable group with the
 * most sites; ties → more GPUs; then scenario order (the group whose first differing
 * site comes first in scenario order, i.e. the lexicographically smallest list of
 * scenario positions). It is cached per set of disconnected pairs (bounded).
 */
import { ENTRY_CUT, ENTRY_REGIONAL_HIT, type NetworkTimeline } from '../network-timeline.js';
import { firstCutCause } from '../cause-metrics.js';
import type { CompiledNetwork } from '../compiled-network.js';
import { RouteSet } from '../route-set.js';
import type { ConnectivityView } from './connectivity-view.js';

export interface ElasticSite {
  readonly id: string;
  /** GPUs the job uses at this site. */
  readonly gpus: number;
}

export interface ElasticPair {
  readonly from: string;
  readonly to: string;
  readonly primary: { readonly routeSet: RouteSet };
}

/** The most job sites elastic takes: their 28 pairs fit a set of pairs (bits 0…30 of an int32). */
export const MAX_ELASTIC_SITES = 8;

export class ElasticView implements ConnectivityView {
  /** Full-job rate: 1 iff every pair is connected (the network is whole), else 0. */
  rate = 1;
  nextTime = Infinity;
  /** While `rate` is 0: cause of the cut that broke the full job (as `none`); else −1. */
  stallCause = -1;
  /** Pairs whose primary is down now (bit k = pair k); 0 iff the network is whole. */
  downMask = 0;

  readonly siteCount: number;
  /** The group of every job site. */
  readonly fullMask: number;
  readonly totalGpus: number;
  /** Every pair (bit k = pair k): the routes of all primaries. */
  readonly requiredRoutes: number;

  private readonly siteGpus: Float64Array;
  private readonly pairA: Int32Array;
  private readonly pairB: Int32Array;
  private readonly pairRoutes: readonly RouteSet[];
  /** Union of the primaries' routes: the timeline projected onto them. */
  private readonly required: RouteSet;
  /** Down bits of `required` per word of it, after the change scanned last. */
  private readonly projection: Int32Array;
  /** Scratch for the clique search: adjacency masks of the current network state. */
  private readonly adjacency: Int32Array;
  private bestMask = 0;
  private bestSize = 0;
  private bestGpus = 0;
  private readonly groupCache = new Map<number, number>();

  private timeline!: NetworkTimeline;
  private cursor = 0;
  private nextDown = 0;
  private nextFrom = 0;
  private nextTo = -1;
  /** Timeline entries (inclusive) of the change last moved to. */
  private from = 0;
  private to = -1;

  /**
   * @param sites the job's sites in scenario order (bit i of a group = sites[i])
   * @param pairs every pair of job sites with its primary (compiled.pairs)
   * @param hazards number of hazards (cause indices of regional events follow them)
   */
  constructor(
    sites: readonly ElasticSite[],
    pairs: readonly ElasticPair[],
    private readonly hazards: number,
  ) {
    if (sites.length > MAX_ELASTIC_SITES)
      throw new Error(`job.sites: elastic takes at most ${MAX_ELASTIC_SITES} job sites, got ${sites.length}`);
    this.siteCount = sites.length;
    this.siteGpus = Float64Array.from(sites, (s) => s.gpus);
    let full = 0;
    for (let i = 0; i < sites.length; i++) full |= 1 << i;
    this.fullMask = full;
    this.totalGpus = sites.reduce((sum, s) => sum + s.gpus, 0);
    const index = new Map(sites.map((s, i) => [s.id, i]));
    const siteIndex = (id: string) => {
      const i = index.get(id);
      if (i === undefined) throw new Error(`elastic: pair site ${id} is not a job site`);
      return i;
    };
    this.pairA = Int32Array.from(pairs, (p) => siteIndex(p.from));
    this.pairB = Int32Array.from(pairs, (p) => siteIndex(p.to));
    this.pairRoutes = pairs.map((p) => p.primary.routeSet);
    this.requiredRoutes = pairs.length === 0 ? 0 : (0xffffffff >>> (32 - pairs.length)) | 0;
    this.required = RouteSet.union(this.pairRoutes);
    this.projection = new Int32Array(this.required.words.length);
    this.adjacency = new Int32Array(sites.length);
  }

  /** The primaries' routes: the job runs whole at full rate while they are all up. */
  get watched(): RouteSet {
    return this.required;
  }

  reset(timeline: NetworkTimeline): void {
    this.timeline = timeline;
    this.cursor = 0;
    this.rate = 1;
    this.stallCause = -1;
    this.downMask = 0;
    this.projection.fill(0);
    this.from = 0;
    this.to = -1;
    this.findNext();
  }

  advance(): void {
    this.downMask = this.nextDown;
    this.from = this.nextFrom;
    this.to = this.nextTo;
    const rate = this.downMask === 0 ? 1 : 0;
    if (rate === 0) {
      if (this.rate !== 0) this.stallCause = this.stallCauseFor(this.requiredRoutes);
    } else this.stallCause = -1;
    this.rate = rate;
    this.findNext();
  }

  /**
   * The cause (cause-metrics.ts) of the first cut or regional hit, among the timeline
   * entries of the change last moved to, that took down a route of the primary of one
   * of the pairs `pairs`; −1 if none. The replay calls it when a group it runs on
   * becomes disconnected.
   */
  stallCauseFor(pairs: number): number {
    const tl = this.timeline;
    const words = tl.words;
    for (let i = this.from; i <= this.to; i++) {
      const kind = tl.kind[i];
      if (kind !== ENTRY_CUT && kind !== ENTRY_REGIONAL_HIT) continue;
      let hit = false;
      for (let k = 0; k < this.pairRoutes.length && !hit; k++) {
        if (((pairs >> k) & 1) === 0) continue;
        const routes = this.pairRoutes[k]!;
        // Before entry 0 every route is up.
        hit = i > 0 ? routes.newlyHitBy(tl.downMask, i * words, tl.downMask, (i - 1) * words) : routes.hitBy(tl.downMask, 0);
      }
      if (!hit) continue;
      return kind === ENTRY_CUT ? tl.cause[i]! : this.hazards + tl.cause[i]!;
    }
    return this.to >= this.from ? firstCutCause(tl, this.from, this.to, this.hazards) : -1;
  }

  /** The pairs inside `group` (bit k = pair k): their primaries are the routes it needs up. */
  groupRoutes(group: number): number {
    let pairs = 0;
    for (let k = 0; k < this.pairRoutes.length; k++) {
      if ((group >> this.pairA[k]!) & 1 && (group >> this.pairB[k]!) & 1) pairs |= 1 << k;
    }
    return pairs;
  }

  groupGpus(group: number): number {
    let gpus = 0;
    for (let i = 0; i < this.siteCount; i++) if ((group >> i) & 1) gpus += this.siteGpus[i]!;
    return gpus;
  }

  /** Whether every pair inside `group` is connected now. */
  groupConnected(group: number): boolean {
    return (this.downMask & this.groupRoutes(group)) === 0;
  }

  /**
   * The usable group chosen now: most sites, then most GPUs, then scenario order
   * (see the file comment). The whole job when the network is whole.
   */
  largestGroup(): number {
    const down = this.downMask;
    if (down === 0) return this.fullMask;
    const hit = this.groupCache.get(down);
    if (hit !== undefined) return hit;
    const n = this.siteCount;
    const adj = this.adjacency;
    adj.fill(0);
    for (let k = 0; k < this.pairRoutes.length; k++) {
      if ((down >> k) & 1) continue;
      const a = this.pairA[k]!;
      const b = this.pairB[k]!;
      adj[a]! |= 1 << b;
      adj[b]! |= 1 << a;
    }
    this.bestMask = 0;
    this.bestSize = 0;
    this.bestGpus = -1;
    this.search(this.fullMask, 0, 0, 0);
    const group = this.bestMask;
    if (n > 0 && group === 0) throw new Error('elastic: no usable group (unreachable)');
    // Bounded, as the restoration cache: very many distinct outage sets recompute instead.
    if (this.groupCache.size > 65536) this.groupCache.clear();
    this.groupCache.set(down, group);
    return group;
  }

  /**
   * Branch and bound over cliques: candidates are taken in scenario order, each first
   * included then excluded, so among groups equal in sites and GPUs the first found is
   * the one whose first differing site comes first; later ones replace it only when
   * strictly better.
   */
  private search(candidates: number, group: number, size: number, gpus: number): void {
    const sizeBound = size + popcount(candidates);
    if (sizeBound < this.bestSize) return;
    if (sizeBound === this.bestSize && gpus + this.groupGpus(candidates) <= this.bestGpus) return;
    if (candidates === 0) {
      if (size > this.bestSize || (size === this.bestSize && gpus > this.bestGpus)) {
        this.bestMask = group;
        this.bestSize = size;
        this.bestGpus = gpus;
      }
      return;
    }
    const bit = candidates & -candidates;
    const v = 31 - Math.clz32(bit);
    const rest = candidates & ~bit;
    this.search(rest & this.adjacency[v]!, group | bit, size + 1, gpus + this.siteGpus[v]!);
    this.search(rest, group, size, gpus);
  }

  private findNext(): void {
    const tl = this.timeline;
    const i = tl.nextProjectionChange(this.cursor, this.required, this.projection);
    if (tl.time[i] === Infinity) {
      this.nextTime = Infinity;
      this.cursor = i;
      return;
    }
    const j = tl.changeEnd;
    this.nextTime = tl.time[i]!;
    const base = j * tl.words;
    const setWords = this.required.words;
    for (let k = 0; k < setWords.length; k++) this.projection[k] = tl.downMask[base + setWords[k]!]! & this.required.bits[k]!;
    let down = 0;
    for (let k = 0; k < this.pairRoutes.length; k++) if (this.pairRoutes[k]!.hitBy(tl.downMask, base)) down |= 1 << k;
    this.nextDown = down;
    this.nextFrom = i;
    this.nextTo = j;
    this.cursor = j + 1;
  }
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The elastic view of a compiled scenario: job sites in scenario order, its pairs and causes. */
export function makeElasticView(compiled: Pick<CompiledNetwork, 'scenario' | 'pairs' | 'exposure'>): ElasticView {
  const { scenario } = compiled;
  const jobSites = new Set(scenario.job.sites);
  return new ElasticView(
    scenario.sites.filter((s) => jobSites.has(s.id)),
    compiled.pairs,
    compiled.exposure.causes.length,
  );
}
