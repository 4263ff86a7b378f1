/**
 * The boundary between user input and the model: a raw document (parsed YAML, or any
 * JSON-like value) → a `Scenario` the core can trust, or a {@link ScenarioError}
 * listing every problem.
 *
 * Two phases, like a compiler: first the shape of every key (all shape problems
 * together), then, on a well-shaped file, the rules relating its parts (all of those
 * together). Cross-references are not checked on a misshapen file because their
 * findings would be guesses about what the user meant.
 */
import type { Scenario } from '../model/scenario.js';
import { checkDerived, checkStep } from './check-derived.js';
import { checkReferences } from './check-references.js';
import { healthyNetwork } from './derived-figures.js';
import { formatIssues, issueMessage } from './format-issues.js';
import { ScenarioError } from './scenario-error.js';
import { scenarioSchema } from './scenario-schema.js';
import { toScenario } from './to-scenario.js';

/**
 * @throws {ScenarioError} with one line per problem, e.g.
 *   `routes[2].length_km: must be > 0, got -5`.
 */
export function validateScenario(raw: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(raw, { error: issueMessage });
  if (!parsed.success) throw new ScenarioError(formatIssues(parsed.error.issues, raw));
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) throw new ScenarioError(problems);
  const { job } = parsed.data;
  // The healthy step needs the resolved topology, not W (any W will do here); W from
  // `steps` needs the step, so a step out of bounds is reported on its own.
  const network = healthyNetwork(toScenario(parsed.data, 1));
  const stepProblems = checkStep(network.step, job.step.compute);
  if (stepProblems.length > 0) throw new ScenarioError(stepProblems);
  const work = job.work ?? job.steps! * network.step;
  const scenario = toScenario(parsed.data, work);
  if (job.work === undefined && scenario.horizon <= work)
    throw new ScenarioError([`horizon: must be > the job's work (${job.steps} steps = ${Number(work.toPrecision(6))} h), got ${scenario.horizon} h`]);
  const derived = checkDerived(scenario, network);
  if (derived.length > 0) throw new ScenarioError(derived);
  return scenario;
}
