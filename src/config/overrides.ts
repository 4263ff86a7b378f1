/**
 * `--set key=value`: one change to the RAW document, before validation, so that an
 * override goes through exactly the checks a value written in the file would.
 *
 * Key syntax: segments separated by dots; a segment may also be written in brackets,
 * which allows dots inside it (`schemes[v1.2]`). In a mapping a segment is a key; in a
 * list it is an index when all digits, otherwise the `id` of an element. So these are
 * the same key:
 *   routes[0].length_km   routes.0.length_km   routes[a-b-north].length_km   routes.a-b-north.length_km
 * A missing mapping on the way is created (`job.step.compute` when the file has no
 * `step`), so defaults can be overridden; a list is never created. An unknown key
 * anywhere on the path is an error naming it.
 */
import { formatPath, issueMessage } from './format-issues.js';
import { formatValue } from './format-value.js';
import { parseYaml } from './parse-yaml.js';
import { ScenarioError } from './scenario-error.js';
import { scenarioSchema } from './scenario-schema.js';

interface Segment {
  readonly name: string;
  readonly bracketed: boolean;
}

/**
 * @param value parsed as YAML: `12` is a number, `30min` and `daly` stay strings,
 *   `{us_per_km: 3.34}` is a mapping.
 * @returns a new document; `raw` is not modified (unchanged branches are shared).
 * @throws {ScenarioError} naming `key` when it cannot be parsed or resolved.
 */
export function applyOverride(raw: unknown, key: string, value: string): unknown {
  return applyOverrideAt(raw, key, value).doc;
}

/** {@link applyOverride}, also returning the path the key resolved to (`routes[0].length_km`). */
export function applyOverrideAt(raw: unknown, key: string, value: string): { doc: unknown; path: string } {
  const segments = parseKey(key);
  const parsed = parseYaml(value, key);
  const path: (string | number)[] = [];
  const doc = setAt(raw, segments, parsed, path, key);
  rejectUnknownKey(doc, path, key);
  return { doc, path: formatPath(path) };
}

// A whole key, then its segments: `name` or `[anything but ]]`, joined by dots.
const KEY = /^(?:[^.[\]]+|\[[^\]]+\])(?:\.[^.[\]]+|\[[^\]]+\])*$/;
const SEGMENT = /\[([^\]]+)\]|([^.[\]]+)/g;

function parseKey(key: string): Segment[] {
  if (!KEY.test(key)) {
    throw new ScenarioError([
      `${key}: not a valid key (write e.g. job.checkpoint.interval, schemes[1].restore or routes[a-b-north].length_km)`,
    ]);
  }
  return [...key.matchAll(SEGMENT)].map(([, bracketed, plain]) =>
    bracketed === undefined ? { name: plain ?? '', bracketed: false } : { name: bracketed, bracketed: true },
  );
}

/** `node` with `value` set at `segments`; records the resolved path in `path`. */
function setAt(
  node: unknown,
  segments: readonly Segment[],
  value: unknown,
  path: (string | number)[],
  key: string,
): unknown {
  const [segment, ...rest] = segments;
  if (segment === undefined) return value;
  const fail = (why: string): never => {
    throw new ScenarioError([`${key}: ${why}`]);
  };
  const here = formatPath(path);

  if (Array.isArray(node)) {
    const index = indexIn(node, segment.name) ?? fail(`${here} has no entry ${describe(node, segment.name)}`);
    path.push(index);
    const copy = [...node];
    copy[index] = setAt(node[index], rest, value, path, key);
    return copy;
  }
  if (node === undefined && segment.bracketed) {
    fail(`${here} is not in the file, so ${here}[${segment.name}] does not exist`);
  }
  if (node !== undefined && (node === null || typeof node !== 'object')) {
    fail(`${here} is ${formatValue(node)}, not a mapping or a list`);
  }
  if (segment.name === '__proto__') fail(`unknown key "__proto__"`);
  const mapping = (node ?? {}) as Record<string, unknown>;
  path.push(segment.name);
  return { ...mapping, [segment.name]: setAt(mapping[segment.name], rest, value, path, key) };
}

/** An index (all digits) or the position of the element with that `id`. */
function indexIn(list: readonly unknown[], name: string): number | undefined {
  if (/^\d+$/.test(name)) {
    const index = Number(name);
    return index < list.length ? index : undefined;
  }
  const index = list.findIndex((item) => idOf(item) === name);
  return index === -1 ? undefined : index;
}

function idOf(item: unknown): string | undefined {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function describe(list: readonly unknown[], name: string): string {
  if (/^\d+$/.test(name)) return `[${name}] (it has ${list.length})`;
  const ids = list.map(idOf).filter((id) => id !== undefined);
  return `with id "${name}"${ids.length > 0 ? ` (ids: ${ids.join(', ')})` : ''}`;
}

/**
 * A key the schema does not know, on the overridden path, is the override's fault:
 * report it now, naming the --set key. Other problems are left to validation.
 */
function rejectUnknownKey(doc: unknown, path: readonly (string | number)[], key: string): void {
  const parsed = scenarioSchema.safeParse(doc, { error: issueMessage });
  for (const issue of parsed.error?.issues ?? []) {
    if (issue.code !== 'unrecognized_keys') continue;
    const name = issue.keys.find((name) => isPrefix([...issue.path, name], path));
    if (name !== undefined) {
      // The unknown key is named once: as the key given, or where in it the typo is.
      const unknown = formatPath([...issue.path, name]);
      throw new ScenarioError([`${key}: ${unknown === key ? '' : `${unknown}: `}${issue.message}`]);
    }
  }
}

function isPrefix(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => key === path[i]);
}
