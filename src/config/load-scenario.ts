/**
 * Scenario files → `Scenario`. Every failure (unreadable file, broken YAML, alias
 * bomb, bad values, bad overrides) becomes a {@link ScenarioError} naming the file,
 * never a stack trace (SPEC §2: exit code 2).
 */
import { readFileSync } from 'node:fs';
import type { Scenario } from '../model/scenario.js';
import { applyOverride } from './overrides.js';
import { parseScenarioYaml } from './parse-yaml.js';
import { ScenarioError } from './scenario-error.js';
import { validateScenario } from './validate-scenario.js';

/** `key=value` pairs as given by `--set` or CLI flags, applied in order. */
export type Override = readonly [key: string, value: string];

const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

/**
 * @param overrides applied to the raw document before validation (see overrides.ts)
 * @throws {ScenarioError} e.g. `cannot read configs/x.yaml: no such file`.
 */
export function loadScenarioFile(path: string, overrides: readonly Override[] = []): Scenario {
  // Override problems name their key, not the file: they were not written there.
  const raw = overrides.reduce<unknown>(
    (doc, [key, value]) => applyOverride(doc, key, value),
    readScenarioDocument(path),
  );
  return withSource(path, () => validateScenario(raw));
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
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = READ_FAILURES[code] ?? (error instanceof Error ? error.message : String(error));
    throw new ScenarioError([`cannot read ${path}: ${reason}`]);
  }
  return parseScenarioYaml(text, path);
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
