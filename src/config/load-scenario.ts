/**
 * Scenario files → `Scenario`. Every failure (unreadable file, broken YAML, alias
 * bomb, bad values, bad overrides) becomes a {@link ScenarioError} naming the file,
 * never a stack trace (docs/model.md#scenario: exit code 2).
 */
import { readFileSync, statSync } from 'node:fs';
import type { Scenario } from '../model/scenario.js';
import { applyOverrideAt } from './overrides.js';
import { MAX_FILE_BYTES } from './limits.js';
import { parseScenarioYaml } from './parse-yaml.js';
import { ScenarioError } from './scenario-error.js';
import { validateScenario } from './validate-scenario.js';

/**
 * `key=value` pairs as given by `--set` or CLI flags, applied in order. `flag` names
 * the override in messages (`--trials`); by default it is `--set key=value`.
 */
export type Override = readonly [key: string, value: string, flag?: string];

const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

/**
 * @param overrides applied to the raw document before validation (see overrides.ts)
 * @throws {ScenarioError} e.g. `cannot read configs/x.yaml: no such file`; a problem
 *   with a value an override set names the override, not the file:
 *   `--set job.work=-1: must be >= 0, got -1`.
 */
export function loadScenarioFile(path: string, overrides: readonly Override[] = []): Scenario {
  let doc: unknown = readScenarioDocument(path);
  const origins: { readonly path: string; readonly label: string }[] = [];
  for (const [key, value, flag] of overrides) {
    // A key that does not resolve is the flag's fault; its message starts with the key.
    const applied = withSource(flag ?? '--set', () => applyOverrideAt(doc, key, value));
    doc = applied.doc;
    origins.push({ path: applied.path, label: flag ?? `--set ${key}=${value}` });
  }
  try {
    return validateScenario(doc);
  } catch (error) {
    if (!(error instanceof ScenarioError) || error.source !== undefined) throw error;
    throw blame(error.problems, path, origins);
  }
}

/**
 * Each problem prefixed with where its value came from: the last override that set its
 * path (the path left out when it is the override's own), else the file.
 */
function blame(problems: readonly string[], file: string, origins: readonly { path: string; label: string }[]): ScenarioError {
  let fromFlags = false;
  const lines = problems.map((problem) => {
    const origin = [...origins].reverse().find(
      ({ path }) => problem.startsWith(`${path}:`) || problem.startsWith(`${path}.`) || problem.startsWith(`${path}[`),
    );
    if (origin === undefined) return `${file}: ${problem}`;
    fromFlags = true;
    const own = problem.startsWith(`${origin.path}: `) ? problem.slice(origin.path.length + 2) : problem;
    return `${origin.label}: ${own}`;
  });
  return fromFlags ? new ScenarioError(lines) : new ScenarioError(problems, file);
}

/**
 * @param source names the text in messages (a file path, `<stdin>`, …)
 * @throws {ScenarioError} whose `message` prefixes every problem with `source`.
 */
export function parseScenarioText(text: string, source: string): Scenario {
  const raw = parseScenarioYaml(text, source);
  return withSource(source, () => validateScenario(raw));
}

/**
 * The file as a raw (unvalidated) mapping: what `sweep` and `optimize` override key by
 * key before validating each variant.
 */
export function readScenarioDocument(path: string): Record<string, unknown> {
  let text: string;
  try {
    // Refused before reading: parsing tens of MB of YAML takes minutes and GBs.
    if (statSync(path).size > MAX_FILE_BYTES) throw new ScenarioError([tooLarge(path, statSync(path).size)]);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = READ_FAILURES[code] ?? (error instanceof Error ? error.message : String(error));
    throw new ScenarioError([`cannot read ${path}: ${reason}`]);
  }
  // A pipe or device has no size to stat: its text is checked once read.
  if (text.length > MAX_FILE_BYTES) throw new ScenarioError([tooLarge(path, text.length)]);
  return parseScenarioYaml(text, path);
}

function tooLarge(path: string, bytes: number): string {
  return `cannot read ${path}: ${(bytes / 1e6).toFixed(1)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MiB a scenario file may have (docs/limits.md)`;
}

function withSource<T>(source: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ScenarioError && error.source === undefined) {
      throw new ScenarioError(error.problems, source);
    }
    throw error;
  }
}
