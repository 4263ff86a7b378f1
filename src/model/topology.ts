/**
 * The place graph of docs/model.md#paths: sites and junctions are nodes, routes are edges weighted
 * by one-way latency. A path's routes are a RouteSet (route-set.ts), so "is any route
 * of this path down" is one `&` per bitset word it touches.
 */
import { PlaceQueue } from './place-queue.js';
import { RouteSet, wordsFor } from './route-set.js';
import type { Scenario } from './scenario.js';

export interface Path {
  /** Route indices from one end to the other. */
  readonly routes: readonly number[];
  readonly routeSet: RouteSet;
  /** SRLG indices of its routes, ascending, each once. */
  readonly srlgs: readonly number[];
  /** One-way propagation latency, µs. */
  readonly latencyUs: number;
  /** Smallest capacity along the path, Tbit/s. */
  readonly bandwidthTbps: number;
}

export class Topology {
  readonly places: readonly string[];
  readonly placeIndex: ReadonlyMap<string, number>;
  readonly routeIds: readonly string[];
  readonly routeEnds: readonly (readonly [number, number])[];
  readonly routeLatencyUs: Float64Array;
  readonly routeCapacityTbps: Float64Array;
  /** SRLG indices of each route. */
  readonly routeSrlgs: readonly (readonly number[])[];
  /** Int32 words of a bitset over the routes. */
  readonly routeWords: number;
  /** Route indices incident to each place. */
  private readonly incident: readonly number[][];
  private readonly dist: Float64Array;
  private readonly viaRoute: Int32Array;
  private readonly done: Uint8Array;
  private readonly queue: PlaceQueue;

  constructor(scenario: Scenario) {
    this.places = [...scenario.sites.map((s) => s.id), ...scenario.junctions];
    this.placeIndex = new Map(this.places.map((p, i) => [p, i]));
    const srlgIndex = new Map(scenario.srlgs.map((s, i) => [s.id, i]));
    const routes = scenario.routes;
    this.routeIds = routes.map((r) => r.id);
    this.routeEnds = routes.map((r) => [this.place(r.between[0]), this.place(r.between[1])] as const);
    this.routeLatencyUs = Float64Array.from(routes, (r) => r.lengthKm * r.usPerKm);
    this.routeCapacityTbps = Float64Array.from(routes, (r) => r.capacityTbps);
    this.routeSrlgs = routes.map((r) => r.srlgs.map((s) => srlgIndex.get(s)!));
    this.routeWords = wordsFor(routes.length);
    this.dist = new Float64Array(this.places.length);
    this.viaRoute = new Int32Array(this.places.length);
    this.done = new Uint8Array(this.places.length);
    // Every improvement pushes one entry: at most one per route end, plus the source.
    this.queue = new PlaceQueue(2 * routes.length + 1);
    this.incident = this.places.map(() => []);
    routes.forEach((_, i) => {
      const [a, b] = this.routeEnds[i]!;
      this.incident[a]!.push(i);
      if (b !== a) this.incident[b]!.push(i);
    });
  }

  place(id: string): number {
    const i = this.placeIndex.get(id);
    if (i === undefined) throw new Error(`unknown place ${id}`);
    return i;
  }

  /**
   * Least-latency path from `from` to `to` avoiding the routes set in the bitset
   * `blocked[base …]` (null: none blocked) (Dijkstra; ties go to the lower place and
   * route index, so paths are deterministic). null when no path exists.
   */
  leastLatencyPath(from: number, to: number, blocked: Int32Array | null, base = 0): Path | null {
    // Scratch reused across calls: restoration searches once per cut of a path in use.
    const dist = this.dist.fill(Infinity);
    const viaRoute = this.viaRoute.fill(-1);
    const done = this.done.fill(0);
    dist[from] = 0;
    const queue = this.queue;
    queue.clear();
    queue.push(0, from);
    while (queue.size > 0) {
      const u = queue.pop();
      if (done[u]) continue; // stale: settled through a shorter entry
      if (u === to) break;
      done[u] = 1;
      for (const r of this.incident[u]!) {
        if (blocked !== null && (blocked[base + (r >>> 5)]! >>> (r & 31)) & 1) continue;
        const [a, b] = this.routeEnds[r]!;
        const v = a === u ? b : a;
        const d = dist[u]! + this.routeLatencyUs[r]!;
        if (d < dist[v]!) {
          dist[v] = d;
          viaRoute[v] = r;
          queue.push(d, v);
        }
      }
    }
    if (dist[to] === Infinity) return null;
    const routes: number[] = [];
    for (let v = to; v !== from; ) {
      const r = viaRoute[v]!;
      routes.push(r);
      const [a, b] = this.routeEnds[r]!;
      v = a === v ? b : a;
    }
    routes.reverse();
    return this.pathOf(routes);
  }

  pathOf(routes: readonly number[]): Path {
    const srlgs = new Set<number>();
    let latencyUs = 0;
    let bandwidthTbps = Infinity;
    for (const r of routes) {
      for (const s of this.routeSrlgs[r]!) srlgs.add(s);
      latencyUs += this.routeLatencyUs[r]!;
      bandwidthTbps = Math.min(bandwidthTbps, this.routeCapacityTbps[r]!);
    }
    return { routes, routeSet: new RouteSet(routes), srlgs: [...srlgs].sort((a, b) => a - b), latencyUs, bandwidthTbps };
  }

  /** Routes sharing an SRLG with any of `srlgs`. */
  routesInSrlgs(srlgs: readonly number[]): RouteSet {
    const wanted = new Set(srlgs);
    const routes: number[] = [];
    for (let r = 0; r < this.routeIds.length; r++) if (this.routeSrlgs[r]!.some((s) => wanted.has(s))) routes.push(r);
    return new RouteSet(routes);
  }
}
