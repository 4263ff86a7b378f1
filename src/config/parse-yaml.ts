/**
 * YAML text → plain data, with every failure a {@link ScenarioError} naming the source
 * and, for syntax errors, the line and column.
 */
import { LineCounter, parseDocument } from 'yaml';
import { formatValue } from './format-value.js';
import { ScenarioError } from './scenario-error.js';

/**
 * Alias expansions allowed when building a document. A scenario needs a handful at
 * most; the cap makes a "billion laughs" document fail at once instead of exhausting
 * memory.
 */
export const MAX_ALIAS_COUNT = 100;

/** Any YAML value (a scenario file, or the value of a `--set key=value`). */
export function parseYaml(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  // uniqueKeys: a key written twice is an error, not a silent last-one-wins.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Warnings too (e.g. an unknown !!tag turning a value into a string): nothing silent.
  const problems = [...doc.errors, ...doc.warnings].map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return `line ${line}, column ${col}: ${error.message.split('\n')[0]}`;
  });
  if (problems.length > 0) throw new ScenarioError(problems, source);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws a ReferenceError when the alias budget is exceeded.
    if (!(error instanceof ReferenceError)) throw error;
    throw new ScenarioError(
      [`too many YAML alias expansions (more than ${MAX_ALIAS_COUNT}): a "billion laughs" document?`],
      source,
    );
  }
}

/** A scenario document: like {@link parseYaml}, but the top level must be a mapping. */
export function parseScenarioYaml(text: string, source: string): Record<string, unknown> {
  const data = parseYaml(text, source);
  if (data === null || data === undefined) {
    throw new ScenarioError(['the file is empty: expected a mapping with name, sites, job, …'], source);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    const kind = Array.isArray(data) ? 'a list' : formatValue(data);
    const problem = `the document must be a mapping with name, sites, job, …, got ${kind}`;
    throw new ScenarioError([problem], source);
  }
  return data as Record<string, unknown>;
}
