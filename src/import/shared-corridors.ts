/**
 * Shared corridors from geometry: stretches where route lines run within a corridor
 * distance of each other become SRLGs, so one cut there takes down every route in it.
 * Durairajan et al., "InterTubes: A Study of the US Long-haul Fiber-optic
 * Infrastructure" (SIGCOMM 2015), found most US long-haul fiber sharing conduits along
 * roads and railways with other providers' fiber; a map that draws the lines shows where.
 *
 * The rule, route by route:
 * 1. A stretch of route r is near route q where it lies within `corridorKm` of q's line
 *    (exact segment-to-capsule intersection in a local plane; capsule-interval.ts).
 *    Only runs of at least `minSharedKm` without a break count: two lines that merely
 *    cross, or touch at a shared place, share a few hundred metres at most.
 * 2. Along r, each stretch gets the set of routes near it; r plus that set is the
 *    stretch's group. A corridor of three routes is then one group {r, q, s}, and where
 *    one of them leaves, the rest continues as the group of the remaining two.
 * 3. A group's SRLG length is the shortest of its members' stretches with that group
 *    (the lines in one corridor differ by a few metres), so no member's SRLGs add up to
 *    more than its own length: the scenario's rule own length = length − Σ SRLGs ≥ 0
 *    holds by construction. Groups shorter than `corridorKm` are the slivers where two
 *    members' stretches end a few metres apart and are left out; so are groups whose
 *    members do not all see each other (A near B near C but A not near C: no stretch of
 *    A has the group {A, B, C}, so its length is 0, and the pairs keep their own).
 * 4. A stretch's length includes up to `corridorKm` of each end where the lines diverge
 *    (the points there are still within the distance): the measured share is what a
 *    backhoe working within that distance could cut.
 *
 * Distances use an equirectangular plane around each pair of segments (error ≪ 1 % at
 * the scale of a corridor); lines crossing the antimeridian are not handled. A sweep
 * over longitude with latitude checks prunes pairs of segments whose boxes (grown by
 * the corridor distance) do not overlap, so hundreds of routes take milliseconds.
 */
import { capsuleInterval, type Interval } from './capsule-interval.js';
import { EARTH_RADIUS_KM, haversineKm } from './haversine.js';
import type { Polyline } from './imported-network.js';

export interface CorridorOptions {
  /** Lines closer than this share a corridor, km. */
  readonly corridorKm: number;
  /** Shorter shared runs are ignored, km. */
  readonly minSharedKm: number;
}

export interface Corridor {
  /** Indices of the member routes, ascending. */
  readonly members: readonly number[];
  readonly lengthKm: number;
}

const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;
const RADIANS = Math.PI / 180;
/** Intervals on consecutive segments of one route abut; rounding may leave a hair between. */
const JOIN_KM = 1e-6;

/**
 * @param routes each route's lines (parts in order), or undefined for a route without
 *   geometry (it joins no corridor)
 * @returns corridors ordered by their members (first member, then the next, …)
 */
export function sharedCorridors(routes: readonly (readonly Polyline[] | undefined)[], options: CorridorOptions): Corridor[] {
  const segments = segmentTable(routes, options.corridorKm);
  const routeCount = routes.length;
  const near = nearStretches(segments, routeCount, options.corridorKm);
  const runs = new Map<number, number[]>();
  for (const [pair, intervals] of near) {
    const kept = longRuns(intervals, options.minSharedKm);
    if (kept.length > 0) runs.set(pair, kept);
  }
  return groups(runs, routeCount, options.corridorKm);
}

/** All segments of all routes, column-wise, sorted by the west edge of their grown box. */
interface SegmentTable {
  readonly count: number;
  readonly route: Int32Array;
  /** Position of the segment's start along its route, km. */
  readonly offsetKm: Float64Array;
  readonly lengthKm: Float64Array;
  readonly lon1: Float64Array;
  readonly lat1: Float64Array;
  readonly lon2: Float64Array;
  readonly lat2: Float64Array;
  readonly west: Float64Array;
  readonly east: Float64Array;
  readonly south: Float64Array;
  readonly north: Float64Array;
}

function segmentTable(routes: readonly (readonly Polyline[] | undefined)[], corridorKm: number): SegmentTable {
  const rows: { route: number; offset: number; length: number; a: readonly [number, number]; b: readonly [number, number] }[] = [];
  routes.forEach((lines, route) => {
    let offset = 0;
    for (const line of lines ?? []) {
      for (let i = 1; i < line.length; i += 1) {
        const a = line[i - 1] as readonly [number, number];
        const b = line[i] as readonly [number, number];
        const length = haversineKm(a[1], a[0], b[1], b[0]);
        if (length > 0) rows.push({ route, offset, length, a, b });
        offset += length;
      }
    }
  });
  const count = rows.length;
  const table: SegmentTable = {
    count,
    route: new Int32Array(count),
    offsetKm: new Float64Array(count),
    lengthKm: new Float64Array(count),
    lon1: new Float64Array(count),
    lat1: new Float64Array(count),
    lon2: new Float64Array(count),
    lat2: new Float64Array(count),
    west: new Float64Array(count),
    east: new Float64Array(count),
    south: new Float64Array(count),
    north: new Float64Array(count),
  };
  const growLat = corridorKm / KM_PER_DEGREE;
  const boxes = rows.map(({ a, b }) => {
    const maxAbsLat = Math.min(89.9, Math.max(Math.abs(a[1]), Math.abs(b[1])) + growLat);
    const growLon = corridorKm / (KM_PER_DEGREE * Math.cos(maxAbsLat * RADIANS));
    return { west: Math.min(a[0], b[0]) - growLon, east: Math.max(a[0], b[0]) + growLon };
  });
  const order = rows.map((_, i) => i).sort((i, j) => (boxes[i]?.west as number) - (boxes[j]?.west as number));
  order.forEach((source, k) => {
    const row = rows[source]!;
    const box = boxes[source]!;
    table.route[k] = row.route;
    table.offsetKm[k] = row.offset;
    table.lengthKm[k] = row.length;
    table.lon1[k] = row.a[0];
    table.lat1[k] = row.a[1];
    table.lon2[k] = row.b[0];
    table.lat2[k] = row.b[1];
    table.west[k] = box.west;
    table.east[k] = box.east;
    table.south[k] = Math.min(row.a[1], row.b[1]) - growLat;
    table.north[k] = Math.max(row.a[1], row.b[1]) + growLat;
  });
  return table;
}

/**
 * For every ordered pair of routes (r, q), the stretches of r within the distance of q,
 * as flat [start, end, start, end, …] km along r, keyed r × routeCount + q.
 */
function nearStretches(s: SegmentTable, routeCount: number, corridorKm: number): Map<number, number[]> {
  const near = new Map<number, number[]>();
  const add = (r: number, q: number, seg: number, interval: Interval): void => {
    const key = r * routeCount + q;
    let list = near.get(key);
    if (list === undefined) near.set(key, (list = []));
    const offset = s.offsetKm[seg] as number;
    const length = s.lengthKm[seg] as number;
    list.push(offset + interval.start * length, offset + interval.end * length);
  };
  const interval: Interval = { start: 0, end: 0 };
  const active: number[] = [];
  for (let i = 0; i < s.count; i += 1) {
    const west = s.west[i] as number;
    // Segments sorted by west edge: one whose east edge is behind this west edge is done.
    let kept = 0;
    for (const j of active) if ((s.east[j] as number) >= west) active[kept++] = j;
    active.length = kept;
    for (const j of active) {
      if (s.route[i] === s.route[j]) continue;
      if ((s.south[i] as number) > (s.north[j] as number) || (s.south[j] as number) > (s.north[i] as number)) continue;
      // Local plane around the pair: x east, y north, in km.
      const lat0 = ((s.lat1[i] as number) + (s.lat2[i] as number) + (s.lat1[j] as number) + (s.lat2[j] as number)) / 4;
      const lon0 = s.lon1[i] as number;
      const kx = KM_PER_DEGREE * Math.cos(lat0 * RADIANS);
      const ky = KM_PER_DEGREE;
      const pix = ((s.lon1[i] as number) - lon0) * kx;
      const piy = ((s.lat1[i] as number) - lat0) * ky;
      const qix = ((s.lon2[i] as number) - lon0) * kx;
      const qiy = ((s.lat2[i] as number) - lat0) * ky;
      const pjx = ((s.lon1[j] as number) - lon0) * kx;
      const pjy = ((s.lat1[j] as number) - lat0) * ky;
      const qjx = ((s.lon2[j] as number) - lon0) * kx;
      const qjy = ((s.lat2[j] as number) - lat0) * ky;
      const ri = s.route[i] as number;
      const rj = s.route[j] as number;
      if (capsuleInterval(pix, piy, qix, qiy, pjx, pjy, qjx, qjy, corridorKm, interval)) add(ri, rj, i, interval);
      if (capsuleInterval(pjx, pjy, qjx, qjy, pix, piy, qix, qiy, corridorKm, interval)) add(rj, ri, j, interval);
    }
    active.push(i);
  }
  return near;
}

/** Merges the stretches into runs and keeps those of at least `minKm`. */
function longRuns(flat: readonly number[], minKm: number): number[] {
  const intervals: [number, number][] = [];
  for (let k = 0; k < flat.length; k += 2) intervals.push([flat[k] as number, flat[k + 1] as number]);
  intervals.sort((a, b) => a[0] - b[0]);
  const runs: number[] = [];
  let [start, end] = intervals[0] as [number, number];
  const close = (): void => {
    if (end - start >= minKm) runs.push(start, end);
  };
  for (const [s, e] of intervals.slice(1)) {
    if (s <= end + JOIN_KM) end = Math.max(end, e);
    else {
      close();
      [start, end] = [s, e];
    }
  }
  close();
  return runs;
}

/** Steps 2 and 3 of the rule: stretches of each route by group, then one SRLG per group. */
function groups(runs: ReadonlyMap<number, readonly number[]>, routeCount: number, corridorKm: number): Corridor[] {
  // group key ("0,3,7") → member → length along that member with exactly this group.
  const along = new Map<string, Map<number, number>>();
  const byRoute = new Map<number, { at: number; q: number; delta: 1 | -1 }[]>();
  for (const [pair, flat] of runs) {
    const r = Math.floor(pair / routeCount);
    const q = pair % routeCount;
    let events = byRoute.get(r);
    if (events === undefined) byRoute.set(r, (events = []));
    for (let k = 0; k < flat.length; k += 2) {
      events.push({ at: flat[k] as number, q, delta: 1 }, { at: flat[k + 1] as number, q, delta: -1 });
    }
  }
  for (const [r, events] of byRoute) {
    events.sort((a, b) => a.at - b.at || a.delta - b.delta);
    const open = new Map<number, number>();
    let last = 0;
    for (const event of events) {
      if (open.size > 0 && event.at > last) {
        const key = [r, ...open.keys()].sort((a, b) => a - b).join(',');
        let lengths = along.get(key);
        if (lengths === undefined) along.set(key, (lengths = new Map()));
        lengths.set(r, (lengths.get(r) ?? 0) + (event.at - last));
      }
      const count = (open.get(event.q) ?? 0) + event.delta;
      if (count === 0) open.delete(event.q);
      else open.set(event.q, count);
      last = event.at;
    }
  }
  const corridors: Corridor[] = [];
  for (const [key, lengths] of along) {
    const members = key.split(',').map(Number);
    const lengthKm = Math.min(...members.map((member) => lengths.get(member) ?? 0));
    if (lengthKm >= corridorKm) corridors.push({ members, lengthKm });
  }
  return corridors.sort((a, b) => compareMembers(a.members, b.members));
}

function compareMembers(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k += 1) {
    const diff = (a[k] as number) - (b[k] as number);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}
