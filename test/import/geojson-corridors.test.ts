/**
 * GeoJSON import and shared corridors found from the geometry (InterTubes-style
 * conduit sharing turned into SRLGs): the lengths are checked against the fixture's
 * construction on the equator, where 1° = 6371.0088 × π / 180 = 111.19508 km both ways.
 */
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseScenarioText } from '../../src/config/index.js';
import { ImportError, importMap, sharedCorridors } from '../../src/import/index.js';
import { GEOJSON, importFixture, options } from './helpers.js';

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
/** 5.0 km of meridian, as in the fixture. */
const L = 5 / KM_PER_DEGREE;

describe('corridor.geojson', () => {
  const result = importFixture(`${GEOJSON}corridor.geojson`, 'East South=1024,Far A North=1024');
  const byId = new Map(result.network.routes.map((route) => [route.id, route]));

  test('points are places, lines routes, properties route keys', () => {
    expect(result.network.places).toHaveLength(8);
    expect([...byId.keys()]).toEqual(['west-loop', 'east-loop', 'far-a', 'far-b', 'east-south-far-a-south']);
    // west-loop: 0.05° west, 5.0 km north, 0.05° back = 2 × 5.559754 + 5 km.
    expect(byId.get('west-loop')?.lengthKm).toBeCloseTo(2 * 0.05 * KM_PER_DEGREE + 5, 3);
    const doc = parse(result.yaml) as { routes: Record<string, unknown>[] };
    expect(doc.routes[0]).toMatchObject({ deployment: { buried: 0.5, conduit: 0.5 }, capacity_tbps: 6.4 });
    expect(doc.routes[1]).toMatchObject({ fiber: 'hollow-core', regions: ['coast'], capacity_tbps: 12.8 });
  });

  // west-loop and east-loop run 50 m apart along the 5.0 km stretch, then turn away at
  // right angles; a point on either's turning leg x km from its corner is x + 0.05 km
  // from the other's corner, so it is within 100 m for x ≤ 0.05 km at each end:
  // shared = 5.0 + 2 × 0.05 = 5.1 km.
  test('two lines 50 m apart over 5.0 km share a 5.1 km corridor', () => {
    expect(result.corridors).toHaveLength(1);
    const [corridor] = result.corridors;
    expect(corridor?.members.map((r) => result.network.routes[r]?.id)).toEqual(['west-loop', 'east-loop']);
    expect(corridor?.lengthKm).toBeCloseTo(5.1, 4);
  });

  test('two lines 105 m apart (beyond the 100 m corridor distance) share nothing', () => {
    const members = result.corridors.flatMap((corridor) => corridor.members.map((r) => result.network.routes[r]?.id));
    expect(members).not.toContain('far-a');
    expect(members).not.toContain('far-b');
    // …and at 110 m they would.
    const wider = importFixture(`${GEOJSON}corridor.geojson`, 'East South=1024,Far A North=1024', { corridorKm: 0.11 });
    const far = wider.corridors.find((corridor) => corridor.members.includes(2));
    expect(far?.lengthKm).toBeCloseTo(5, 4);
  });

  test('the scenario names the SRLG on both routes and loads without error', () => {
    const doc = parse(result.yaml) as { routes: { id: string; srlgs?: string[] }[]; srlgs: { id: string; length_km: number }[] };
    expect(doc.srlgs).toEqual([{ id: 'corridor-1', length_km: 5.1, deployment: { buried: 0.8, aerial: 0.2 } }]);
    expect(doc.routes.filter((route) => route.srlgs?.includes('corridor-1')).map((route) => route.id)).toEqual(['west-loop', 'east-loop']);
    const scenario = parseScenarioText(result.yaml, 'corridor.yaml');
    expect(scenario.routes).toHaveLength(5);
  });

  test('--min-shared above the shared length finds nothing', () => {
    const strict = importFixture(`${GEOJSON}corridor.geojson`, 'East South=1024,Far A North=1024', { minSharedKm: 5.2 });
    expect(strict.corridors).toEqual([]);
  });
});

describe('the grouping rule', () => {
  // Three meridian lines at 0, 30 and 60 m east, each its own route; c runs only the
  // middle 2.0 km (from 1.5 to 3.5 km north), a and b the whole 5.0 km.
  const east = (m: number) => m / 1000 / KM_PER_DEGREE;
  const north = (km: number) => km / KM_PER_DEGREE;
  const a = [[[0, 0], [0, L]]] as const;
  const b = [[[east(60), 0], [east(60), L]]] as const;
  const c = [[[east(30), north(1.5)], [east(30), north(3.5)]]] as const;

  test('a corridor of three routes is one SRLG with three members; where one leaves, the other two continue', () => {
    const corridors = sharedCorridors([a, b, c], { corridorKm: 0.1, minSharedKm: 1 });
    expect(corridors.map((corridor) => corridor.members)).toEqual([[0, 1], [0, 1, 2]]);
    // {a, b, c}: the shortest member stretch is c's whole 2.0 km (a and b reach
    // √(0.1² − 0.03²) = 0.095394 km past each end of c).
    expect(corridors[1]?.lengthKm).toBeCloseTo(2.0, 5);
    // {a, b}: the rest of a (and b): 5.0 − 2.0 − 2 × 0.095394 = 2.809212 km.
    expect(corridors[0]?.lengthKm).toBeCloseTo(5 - 2 - 2 * Math.sqrt(0.1 ** 2 - 0.03 ** 2), 5);
    // Own length of a = 5.0 − 2.0 − 2.809212 ≥ 0: never negative by construction.
    expect(5 - (corridors[0]?.lengthKm ?? 0) - (corridors[1]?.lengthKm ?? 0)).toBeGreaterThanOrEqual(0);
  });

  test('lines that only cross share nothing', () => {
    const across = [[[-north(2), north(2.5)], [north(2), north(2.5)]]] as const;
    expect(sharedCorridors([a, across], { corridorKm: 0.1, minSharedKm: 1 })).toEqual([]);
  });

  test('hundreds of routes: a 300-line grid finds exactly the 10 pairs drawn side by side', () => {
    const lines: (readonly (readonly (readonly [number, number])[])[])[] = [];
    for (let i = 0; i < 280; i += 1) lines.push([[[i * 0.1, 0], [i * 0.1, 1]]]);
    for (let k = 0; k < 10; k += 1) lines.push([[[k * 0.1 + east(40), 0.2], [k * 0.1 + east(40), 0.4]]]);
    for (let k = 0; k < 10; k += 1) lines.push([[[k, 5], [k + 0.5, 5]]]);
    const corridors = sharedCorridors(lines, { corridorKm: 0.1, minSharedKm: 1 });
    expect(corridors).toHaveLength(10);
    expect(corridors.every((corridor) => Math.abs(corridor.lengthKm - 0.2 * KM_PER_DEGREE) < 1e-3)).toBe(true);
  });
});

describe('bad GeoJSON', () => {
  const point = (name: string, lon: number, lat: number) => ({ type: 'Feature', properties: { name }, geometry: { type: 'Point', coordinates: [lon, lat] } });
  const line = (properties: object, coordinates: number[][]) => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates } });
  const collection = (...features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const run = (text: string) => () => importMap(text, 'bad.geojson', options('A=1,B=1'));
  const A = point('A', 0, 0);
  const B = point('B', 1, 0);

  test.each([
    ['malformed JSON', '{"type": "FeatureCollection", ', /not valid JSON/],
    ['not a FeatureCollection', '[1, 2]', /expected a GeoJSON FeatureCollection/],
    ['no Points', collection(line({}, [[0, 0], [1, 0]])), /no Point features/],
    ['no lines', collection(A, B), /no LineString or MultiLineString features/],
    ['a Polygon', collection(A, B, { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [] } }), /features\[2\]\.geometry: must be a Point, LineString or MultiLineString, got "Polygon"/],
    ['a line end far from every Point', collection(A, B, line({}, [[0, 0], [1.1, 0]])), /features\[2\] \(end\): \[1\.1, 0\] is 11\.12 km from the nearest Point \("b"\)/],
    ['a line with one position', collection(A, B, line({}, [[0, 0]])), /a line needs at least two positions/],
    ['a latitude out of range', collection(A, point('C', 0, 91)), /latitude must be a number in \[-90, 90\], got 91/],
    ['a bad capacity', collection(A, B, line({ capacity_tbps: 'fast' }, [[0, 0], [1, 0]])), /features\[2\]\.properties\.capacity_tbps: must be a number > 0, got "fast"/],
    ['a bad deployment', collection(A, B, line({ deployment: { buried: 0.5 } }, [[0, 0], [1, 0]])), /properties\.deployment: fractions must sum to 1, got 0.5/],
    ['an unknown deployment', collection(A, B, line({ deployment: { underwater: 1 } }, [[0, 0], [1, 0]])), /unknown deployment "underwater"/],
    ['a route id used twice', collection(A, B, line({ id: 'x' }, [[0, 0], [1, 0]]), line({ id: 'x' }, [[0, 0], [1, 0]])), /route id "x" is used twice/],
    ['an SRLG the template lacks', collection(A, B, line({ srlgs: ['nowhere'] }, [[0, 0], [1, 0]])), /lists SRLG "nowhere", which configs\/default.yaml does not define/],
  ])('%s is an ImportError naming it', (_, text, message) => {
    expect(run(text)).toThrowError(ImportError);
    expect(run(text)).toThrowError(message);
  });

  test('an SRLG the template defines is copied with the route', () => {
    const result = importMap(collection(A, B, line({ srlgs: ['i90-corridor'] }, [[0, 0], [1, 0]])), 'ok.geojson', options('A=1,B=1'));
    expect((parse(result.yaml) as { srlgs: { id: string }[] }).srlgs.map((srlg) => srlg.id)).toEqual(['i90-corridor']);
    expect(() => parseScenarioText(result.yaml, 'ok.yaml')).not.toThrow();
  });
});
