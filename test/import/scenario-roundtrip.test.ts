/**
 * The generated file is a scenario the loader accepts as it is: Abilene (14 routes,
 * under today's 31-route cap) goes through `src/config` without a single problem, and
 * what it loads is what the map said.
 */
import { expect, test } from 'vitest';
import { parseScenarioText } from '../../src/config/index.js';
import { importFixture, ZOO } from './helpers.js';

test('Abilene with three campuses loads through the scenario loader', () => {
  const result = importFixture(`${ZOO}Abilene.graphml`, 'Seattle=8192,Chicago=8192,New York=8192', {
    defaults: { deployment: { buried: 0.7, conduit: 0.3 }, capacityTbps: 6.4, fiber: 'hollow-core' },
  });
  const scenario = parseScenarioText(result.yaml, 'abilene.yaml');
  expect(scenario.sites.map((site) => site.id)).toEqual(['seattle', 'chicago', 'new-york']);
  expect(scenario.junctions).toHaveLength(8);
  expect(scenario.routes).toHaveLength(14);
  const route = scenario.routes.find((r) => r.id === 'new-york-chicago');
  expect(route?.lengthKm).toBeCloseTo(1489.59, 3);
  expect(route?.capacityTbps).toBe(6.4);
  expect(route?.usPerKm).toBe(3.34); // hollow-core
  expect(route?.deployment).toMatchObject({ buried: 0.7, conduit: 0.3, aerial: 0 });
  expect(scenario.schemes.map((scheme) => scheme.id)).toEqual(['ideal', 'unprotected', '1+1', 'restore', 'elastic']);
});
