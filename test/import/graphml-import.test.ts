/**
 * Topology Zoo GraphML → places and routes: counts, ids, great-circle lengths × the
 * route factor checked against hand-computed haversine distances, and the errors for
 * nodes without coordinates and for job sites the map does not connect.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ImportError, importMap } from '../../src/import/index.js';
import { importFixture, options, ZOO } from './helpers.js';

const ABILENE = `${ZOO}Abilene.graphml`;
const SITES = 'Seattle=8192,Chicago=8192,New York=8192';

describe('Abilene (11 nodes, 14 edges)', () => {
  const result = importFixture(ABILENE, SITES);
  const { places, routes } = result.network;

  test('every node is a place and every edge a route', () => {
    expect(places).toHaveLength(11);
    expect(routes).toHaveLength(14);
    expect(result.network.dropped).toEqual([]);
  });

  test('ids are the labels, lower-case with "-" for spaces, in file order', () => {
    expect(places.map((place) => place.id)).toEqual([
      'new-york', 'chicago', 'washington-dc', 'seattle', 'sunnyvale', 'los-angeles',
      'denver', 'kansas-city', 'houston', 'atlanta', 'indianapolis',
    ]);
    expect(routes.slice(0, 3).map((route) => route.id)).toEqual(['new-york-chicago', 'new-york-washington-dc', 'chicago-indianapolis']);
    expect(result.siteIds).toEqual(['seattle', 'chicago', 'new-york']);
  });

  // Haversine by hand, R = 6371.0088 km, d = 2R·asin(√a), a = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2):
  // New York (40.71427, -74.00597) – Chicago (41.85003, -87.65005):
  //   Δφ = 0.019822752 rad, Δλ = -0.238134119 rad, a = 8.064912164e-3, 2·asin(√a) = 0.179852015
  //   d = 1145.8388 km; × 1.3 = 1489.590 km.
  // Seattle (47.60621, -122.33207) – Sunnyvale (37.36883, -122.03635):
  //   Δφ = -0.178675988, Δλ = 0.005161288, a = 7.963634644e-3, 2·asin(√a) = 0.178716140
  //   d = 1138.6021 km; × 1.3 = 1480.183 km.
  // New York – Washington DC (38.89511, -77.03637):
  //   Δφ = -0.031750332, Δλ = -0.052890458, a = 6.644691168e-4, 2·asin(√a) = 0.051560308
  //   d = 328.4912 km; × 1.3 = 427.039 km.
  test.each([
    ['new-york-chicago', 1489.590],
    ['seattle-sunnyvale', 1480.183],
    ['new-york-washington-dc', 427.039],
  ])('%s is %f km: great circle × the default route factor 1.3', (id, km) => {
    expect(routes.find((route) => route.id === id)?.lengthKm).toBeCloseTo(km, 3);
  });

  test('--route-factor scales every length', () => {
    const plain = importFixture(ABILENE, SITES, { routeFactor: 1 });
    expect(plain.network.routes[0]?.lengthKm).toBeCloseTo(1145.839, 3);
  });

  test('the job sites are sites, every other place a junction, and the template fills the rest', () => {
    const doc = parse(result.yaml) as Record<string, unknown> & { job: { sites: string[]; work: string } };
    expect(doc.sites).toEqual([
      { id: 'seattle', gpus: 8192 },
      { id: 'chicago', gpus: 8192 },
      { id: 'new-york', gpus: 8192 },
    ]);
    expect(doc.junctions).toHaveLength(8);
    expect(doc.job.sites).toEqual(['seattle', 'chicago', 'new-york']);
    expect(doc.job.work).toBe('30d');
    // cascades-slide hits region "cascades", which no imported route lists.
    expect(doc.regional).toBeUndefined();
    expect(result.droppedRegional).toEqual(['cascades-slide']);
    expect(result.yaml).toContain('The Internet Topology Zoo');
  });
});

describe('nodes without coordinates (GÉANT 2012: UA, MD, BY)', () => {
  const GEANT = `${ZOO}Geant2012.graphml`;
  const SITES_EU = 'NL=4096,DE=4096'; // GÉANT labels its PoPs by country code

  test('are an error naming each of them', () => {
    expect(() => importFixture(GEANT, SITES_EU)).toThrowError(ImportError);
    expect(() => importFixture(GEANT, SITES_EU)).toThrowError(
      /3 node\(s\) have no coordinates.*ua \(node 10, "UA"\), md \(node 11, "MD"\), by \(node 19, "BY"\).*--drop-unplaced/,
    );
  });

  test('--drop-unplaced leaves them and their edges out, and says so', () => {
    const result = importFixture(GEANT, SITES_EU, { dropUnplaced: true });
    expect(result.network.places).toHaveLength(37);
    const droppedPlaces = result.network.dropped.filter((line) => line.startsWith('place '));
    expect(droppedPlaces.map((line) => line.split(' ')[1])).toEqual(['ua', 'md', 'by']);
    const droppedEdges = result.network.dropped.length - droppedPlaces.length;
    expect(result.network.routes.length + droppedEdges).toBe(61);
  });
});

describe('a graph whose job sites are not connected', () => {
  // UsCarrier falls apart when its unplaced (hyperedge) nodes go: Ashburn, Herndon,
  // Leesburg, … form a component of 6 places cut off from Atlanta's 138.
  const US = `${ZOO}UsCarrier.graphml`;

  test('is an error naming the components', () => {
    const attempt = () => importFixture(US, 'Atlanta=4096,Ashburn=4096', { dropUnplaced: true, splitJunctions: false });
    expect(attempt).toThrowError(/not connected by routes/);
    expect(attempt).toThrowError(/component 1: job site\(s\) atlanta with .*\(138 places\)/);
    expect(attempt).toThrowError(/component 2: job site\(s\) ashburn with front-royal, warrenton, leesburg, winchester, herndon \(6 places\)/);
  });

  test('namesake labels get -2 by node order, and naming one by label alone is refused', () => {
    expect(() => importFixture(US, 'Jacksonville=1,Atlanta=1')).toThrowError(
      /"Jacksonville" is the label of 2 places; name one by its id: jacksonville, jacksonville-2/,
    );
    const result = importFixture(US, 'jacksonville-2=1,Atlanta=1');
    expect(result.siteIds).toEqual(['jacksonville-2', 'atlanta']);
  });
});

describe('split points: Topology Zoo hyperedge nodes (a link that splits, no position)', () => {
  const US = `${ZOO}UsCarrier.graphml`;

  test('UsCarrier: its 6 are junctions at the centre of their neighbours, so nothing is dropped and Ashburn reaches Atlanta', () => {
    const result = importFixture(US, 'Atlanta=4096,Ashburn=4096');
    expect(result.network.places).toHaveLength(158);
    expect(result.network.routes).toHaveLength(189);
    expect(result.network.dropped).toEqual([]);
    const splits = result.network.places.filter((place) => place.split);
    expect(splits.map((place) => place.id)).toEqual(['split-78', 'split-79', 'split-82', 'split-84', 'split-85', 'split-86']);
    expect(result.network.estimated?.[0]).toMatch(/^junction split-78 \(node 78, a hyperedge: a link that splits\) at .*the centre of edinburg, winchester, harrisonburg$/);
    expect(result.yaml).toContain('# Split points: 6 junction(s) split-<node>');
    // Each lies inside the triangle of the PoPs it joins (no further than the farthest of them).
    for (const split of splits) {
      const ends = result.network.routes.flatMap((route) =>
        route.between.includes(result.network.places.indexOf(split)) ? [result.network.places[route.between[0] === result.network.places.indexOf(split) ? route.between[1] : route.between[0]]!] : [],
      );
      expect(ends).toHaveLength(3);
      const lat = ends.map((end) => end.lat);
      const lon = ends.map((end) => end.lon);
      expect(split.lat).toBeGreaterThan(Math.min(...lat));
      expect(split.lat).toBeLessThan(Math.max(...lat));
      expect(split.lon).toBeGreaterThan(Math.min(...lon));
      expect(split.lon).toBeLessThan(Math.max(...lon));
    }
  });

  // A on the equator at 2° W, B at 2° E; split points S1 (joined to A and S2) and S2
  // (joined to S1 and B), and a real PoP P without a position. On the equator the mean
  // rule is linear: S1 = (2A + B)/3, S2 = (A + 2B)/3, so S1's longitude is
  // −atan(tan 2° / 3) = −0.666907450°; lengths × 1.3 at 111.19508 km per degree:
  // A–S1 = 1.333092550° → 192.703 km, S1–S2 = 1.333814900° → 192.808 km.
  const chain = (hyperedge: string) => `graph [
    Creator "Topology Zoo Toolset"
    node [ id 0 label "A" Latitude 0 Longitude -2 ]
    node [ id 1 label "B" Latitude 0 Longitude 2 ]
    node [ id 2 label "None" ${hyperedge} ]
    node [ id 3 label "None" ${hyperedge} ]
    node [ id 4 label "P" ]
    edge [ source 0 target 2 ]
    edge [ source 2 target 3 ]
    edge [ source 3 target 1 ]
    edge [ source 4 target 1 ]
  ]`;

  test('a chain of split points is solved together: hand-computed positions and lengths', () => {
    const result = importMap(chain('hyperedge 1'), 'chain.gml', options('A=1,B=1', { dropUnplaced: true }));
    const byId = new Map(result.network.places.map((place) => [place.id, place]));
    expect(byId.get('split-2')?.lon).toBeCloseTo(-0.66690745, 7);
    expect(byId.get('split-3')?.lon).toBeCloseTo(0.66690745, 7);
    expect(byId.get('split-2')?.lat).toBeCloseTo(0, 9);
    const km = new Map(result.network.routes.map((route) => [route.id, route.lengthKm]));
    expect(km.get('a-split-2')).toBeCloseTo(192.703, 3);
    expect(km.get('split-2-split-3')).toBeCloseTo(192.808, 3);
    expect(km.get('split-3-b')).toBeCloseTo(192.703, 3);
    // P is a PoP the map did not place, not a split point: it is still left out.
    expect(result.network.dropped).toEqual(['place p (node 4, "P"): no coordinates', 'edge 4 (4 → 1): ends at a dropped node']);
  });

  test('nodes not flagged hyperedge, or --no-split-junctions, stay unplaced (an error naming them)', () => {
    expect(() => importMap(chain(''), 'chain.gml', options('A=1,B=1'))).toThrowError(/3 node\(s\) have no coordinates.*: none \(node 2/);
    expect(() => importMap(chain('hyperedge 1'), 'chain.gml', options('A=1,B=1', { splitJunctions: false }))).toThrowError(
      /3 node\(s\) have no coordinates.* 2 of them are hyperedge nodes/,
    );
  });

  test('a split point with no placed PoP reachable is unplaced too', () => {
    const island = chain('hyperedge 1').replace('edge [ source 0 target 2 ]', '').replace('edge [ source 3 target 1 ]', '');
    expect(() => importMap(island, 'island.gml', options('A=1,B=1'))).toThrowError(
      /3 node\(s\) have no coordinates.*: split-2 .*split-3 .*p \(node 4, "P"\) \(2 of them hyperedge nodes that no located place can be reached from\)\. Give/,
    );
  });
});

describe('--sites', () => {
  test('an unknown label lists the close ones', () => {
    expect(() => importFixture(ABILENE, 'Seatle=1,Chicago=1')).toThrowError(/no place is labelled "Seatle"; close matches: "Seattle"/);
  });

  test.each([
    ['Seattle', /expected label=gpus/],
    ['Seattle=0', /expected label=gpus/],
    ['Seattle=8.5', /expected label=gpus/],
    ['Seattle=1,seattle=2', /a second time/],
  ])('%s is refused', (sites, message) => {
    expect(() => importFixture(ABILENE, sites)).toThrowError(message);
  });
});

describe('malformed GraphML', () => {
  const abilene = readFileSync(ABILENE, 'utf8');
  const run = (text: string) => () => importMap(text, 'bad.graphml', options('Seattle=1,Chicago=1'));

  test.each([
    ['broken XML', abilene.replace('</node>', '</nod>'), /not well-formed XML at line \d+, column \d+/],
    ['no graph', '<graphml></graphml>', /no <graph> element/],
    ['no nodes', '<graphml><graph></graph></graphml>', /the graph has no nodes/],
    ['an edge to a missing node', abilene.replace('<edge source="0" target="1">', '<edge source="0" target="99">'), /edge 1 \(0 → 99\) refers to node "99"/],
    ['a latitude out of range', abilene.replace('40.71427', '140.71427'), /node "0": Latitude: must be a number of degrees in \[-90, 90\], got "140.71427"/],
  ])('%s is an ImportError naming it', (_, text, message) => {
    expect(run(text)).toThrowError(ImportError);
    expect(run(text)).toThrowError(message);
  });
});
