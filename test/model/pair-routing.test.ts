/**
 * Pair routing on small hand-drawn graphs (docs/model.md#paths): the least-latency
 * primary, the backup sharing no route and no SRLG with it, the route-disjoint-only
 * path reported when no fully disjoint one exists, and restoration detours over the
 * routes still up. Latencies by hand: smf is 4.9 µs/km.
 *
 *        x                 r0 a–b 100 km  (SRLG duct)
 *   r1 /   \ r2            r1 a–x  60 km  (SRLG duct)    a–x–b 120 km
 *     a —r0— b             r2 x–b  60 km
 *   r3 \   / r4            r3 a–y 100 km                 a–y–b 200 km
 *        y                 r4 y–b 100 km
 */
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/config/index.js';
import { jobSitePairs, RestorationPaths, routePairs } from '../../src/model/pair-routing.js';
import { StepTime } from '../../src/model/step-time.js';
import { Topology } from '../../src/model/topology.js';

const ROUTES = [
  '{ id: r0, between: [a, b], length_km: 100, deployment: { buried: 1 }, capacity_tbps: 10, srlgs: [duct] }',
  '{ id: r1, between: [a, x], length_km: 60, deployment: { buried: 1 }, capacity_tbps: 10, srlgs: [duct] }',
  '{ id: r2, between: [x, b], length_km: 60, deployment: { buried: 1 }, capacity_tbps: 4 }',
  '{ id: r3, between: [a, y], length_km: 100, deployment: { buried: 1 }, capacity_tbps: 10 }',
  '{ id: r4, between: [y, b], length_km: 100, deployment: { buried: 1 }, capacity_tbps: 10 }',
];

function scenario(routes: readonly string[], sites = ['a', 'b']) {
  return parseScenarioText(
    `name: graph
sites: [${sites.map((s) => `{ id: ${s}, gpus: 8 }`).join(', ')}]
junctions: [x, y]
routes:
${routes.map((r) => `  - ${r}`).join('\n')}
srlgs: [{ id: duct, length_km: 1, deployment: { buried: 1 } }]
hazards: { excavator: { rate: { buried: 1 }, repair: { fixed: 8h } } }
job: { work: 10d, checkpoint: { interval: 1h }, step: { compute: 1s, wan_bytes: 1TB, wan_round_trips: 1, overlap: 0 } }
`,
    'graph.yaml',
  );
}

const ids = (topology: Topology, routes: readonly number[] | undefined) => routes?.map((r) => topology.routeIds[r]);

describe('routePairs', () => {
  it('primary: the least-latency path; backup: the least-latency one sharing no route and no SRLG', () => {
    const s = scenario(ROUTES);
    const topology = new Topology(s);
    const [pair] = routePairs(s, topology);
    expect(ids(topology, pair!.primary.routes)).toEqual(['r0']);
    expect(pair!.primary.latencyUs).toBeCloseTo(100 * 4.9, 9);
    // a–x–b is shorter but r1 shares the duct with r0: the backup is a–y–b.
    expect(ids(topology, pair!.backup?.routes)).toEqual(['r3', 'r4']);
    expect(pair!.backup!.latencyUs).toBeCloseTo(200 * 4.9, 9);
    expect(pair!.routeDisjointOnly).toBeNull();
  });

  it('without a fully disjoint path: no backup, and the route-disjoint path sharing an SRLG is reported', () => {
    const s = scenario(ROUTES.slice(0, 3));
    const topology = new Topology(s);
    const [pair] = routePairs(s, topology);
    expect(pair!.backup).toBeNull();
    expect(ids(topology, pair!.routeDisjointOnly?.routes)).toEqual(['r1', 'r2']);
    expect(pair!.routeDisjointOnly!.latencyUs).toBeCloseTo(120 * 4.9, 9);
    expect(pair!.routeDisjointOnly!.bandwidthTbps).toBe(4); // the narrowest route, r2
  });

  it('every pair of job sites, in the order of job.sites', () => {
    const s = scenario([...ROUTES, '{ id: r5, between: [b, c], length_km: 10, deployment: { buried: 1 }, capacity_tbps: 10 }'], ['a', 'b', 'c']);
    expect(jobSitePairs(s)).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
    const topology = new Topology(s);
    const pairs = routePairs(s, topology);
    expect(pairs.map((p) => ids(topology, p.primary.routes))).toEqual([['r0'], ['r0', 'r5'], ['r5']]);
  });
});

describe('RestorationPaths', () => {
  const s = scenario(ROUTES);
  const topology = new Topology(s);
  const pairs = routePairs(s, topology);
  const stepTime = new StepTime(s, pairs.map((p) => p.primary));
  /** The down set as the timeline holds it: one int32 word per 32 routes. */
  const bit = (...names: string[]) => Int32Array.of(names.reduce((m, n) => m | (1 << topology.routeIds.indexOf(n)), 0));

  it('detours over the routes still up, ignoring SRLGs; −1 when the sites are cut apart', () => {
    const restoration = new RestorationPaths(topology, pairs, stepTime, 0.5);
    const viaX = restoration.pathFor(0, bit('r0'));
    expect(ids(topology, restoration.path(viaX).routes)).toEqual(['r1', 'r2']);
    const viaY = restoration.pathFor(0, bit('r0', 'r2'));
    expect(ids(topology, restoration.path(viaY).routes)).toEqual(['r3', 'r4']);
    expect(restoration.routeSet(viaY).routes).toEqual([topology.routeIds.indexOf('r3'), topology.routeIds.indexOf('r4')].sort((a, b) => a - b));
    expect(restoration.pathFor(0, bit('r0', 'r2', 'r3'))).toBe(-1);
    // A down route off the path changes nothing: the same detour, the same index.
    expect(restoration.pathFor(0, bit('r0', 'r4'))).toBe(viaX);
    expect(restoration.pathFor(0, bit('r0'))).toBe(viaX);
  });

  it('keeps each detour’s communication time at the scheme’s capacity fraction', () => {
    const restoration = new RestorationPaths(topology, pairs, stepTime, 0.5);
    const viaX = restoration.pathFor(0, bit('r0'));
    expect(restoration.comm(viaX)).toBe(stepTime.pairComm(restoration.path(viaX), 0.5));
    expect(restoration.comm(viaX)).toBeGreaterThan(stepTime.pairComm(restoration.path(viaX), 1));
  });
});
