/** Shared by the config tests: a small valid document and a way to read its problems. */
import { ScenarioError } from '../../src/config/scenario-error.js';
import { validateScenario } from '../../src/config/validate-scenario.js';

/** Two sites, one route, one hazard: valid as it stands; tests break one thing at a time. */
export function minimal(): Record<string, any> {
  return {
    name: 'pair',
    sites: [
      { id: 'dc-a', gpus: 8 },
      { id: 'dc-b', gpus: 8 },
    ],
    routes: [
      { id: 'a-b', between: ['dc-a', 'dc-b'], length_km: 100, deployment: { buried: 1 }, capacity_tbps: 10 },
    ],
    hazards: { excavator: { rate: { buried: 1 }, repair: { fixed: '8h' } } },
    job: { work: '10d', checkpoint: { interval: '1h' } },
  };
}

/** The problems a thunk reports, or a failed expectation if it does not throw one. */
export function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  throw new Error('expected a ScenarioError, but nothing was thrown');
}

export const problemsOfRaw = (raw: unknown): readonly string[] => problemsOf(() => validateScenario(raw));
