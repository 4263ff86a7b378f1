/** GML (the Topology Zoo's other format): a hand-made four-node file and broken ones. */
import { describe, expect, test } from 'vitest';
import { ImportError, importMap } from '../../src/import/index.js';
import { importFixture, options, ZOO } from './helpers.js';

describe('tiny.gml', () => {
  const result = importFixture(`${ZOO}tiny.gml`, 'Null Island=64,north-2=64');
  const { places, routes } = result.network;

  test('nodes, labels with entities, namesakes, parallel edges', () => {
    expect(result.format).toBe('gml');
    expect(places.map((place) => [place.id, place.label])).toEqual([
      ['null-island', 'Null Island'],
      ['east-one', 'East & One'],
      ['north', 'North'],
      ['north-2', 'North'],
    ]);
    // Two edges 0–1: two routes, the second suffixed.
    expect(routes.map((route) => route.id)).toEqual(['null-island-east-one', 'null-island-east-one-2', 'null-island-north', 'north-north-2', 'east-one-north-2']);
  });

  // One degree of the equator or a meridian is 6371.0088 × π / 180 = 111.19508 km; × 1.3 = 144.554 km.
  test('one degree along the equator or a meridian is 111.195 km × 1.3', () => {
    expect(routes[0]?.lengthKm).toBeCloseTo(144.554, 3);
    expect(routes[2]?.lengthKm).toBeCloseTo(144.554, 3);
    // 0° → 1° of longitude at latitude 1°: haversine with a = cos²(1°) sin²(0.5°), d = 111.17814 km; × 1.3 = 144.5316.
    expect(routes[3]?.lengthKm).toBeCloseTo(144.532, 3);
  });
});

describe('broken GML', () => {
  const run = (text: string) => () => importMap(text, 'bad.gml', options('A=1,B=1'));
  test.each([
    ['an unclosed list', 'graph [ node [ id 0 ', /line 1: the list of "node" is not closed/],
    ['an unclosed string', 'graph [ node [ id 0 label "A ] ]', /the string of "label" is not closed/],
    ['a value that is none', 'graph [ node [ id ] ]', /"id" needs a number, a "string" or a \[ list \]/],
    ['no graph', 'creator "x"', /no "graph \[ … \]" list/],
    ['no nodes', 'graph [ directed 0 ]', /the graph has no nodes/],
    ['an edge to a missing node', 'graph [ node [ id 0 label "A" Latitude 0 Longitude 0 ] edge [ source 0 target 7 ] ]', /refers to node "7"/],
    ['deep nesting', `graph ${'[ a '.repeat(40)}`, /nested deeper than 32/],
  ])('%s is an ImportError naming it', (_, text, message) => {
    expect(run(text)).toThrowError(ImportError);
    expect(run(text)).toThrowError(message);
  });
});
