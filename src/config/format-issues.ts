/**
 * Zod issues → the one-line problems of docs/model.md#scenario (`routes[2].length_km: must be > 0,
 * got -5`). `issueMessage` is the per-parse error map giving every built-in check a
 * short message in the file's own vocabulary; messages set on a schema (unknown keys,
 * unit errors, cross-field rules) take precedence over it, as zod ranks them.
 */
import type * as z from 'zod';
import { formatValue } from './format-value.js';

type Path = readonly PropertyKey[];

const NOUN: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  tuple: 'a list',
};

export const issueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : `must be ${NOUN[issue.expected] ?? issue.expected}`;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = small ? issue.minimum : issue.maximum;
      const bound = small ? 'at least' : 'at most';
      if (issue.origin === 'array') return `must have ${bound} ${limit} ${limit === 1 ? 'entry' : 'entries'}`;
      if (issue.origin === 'string') return `must have ${bound} ${limit} ${limit === 1 ? 'character' : 'characters'}`;
      return `must be ${small ? '>' : '<'}${issue.inclusive ? '=' : ''} ${limit}`;
    }
    case 'invalid_value':
      return `must be ${issue.values.map((v) => formatValue(v)).join(' or ')}`;
    case 'unrecognized_keys':
      return 'unknown key';
    case 'invalid_key':
      return 'must be a non-empty name of printable text';
    default:
      return undefined;
  }
};

/** `["routes", 2, "length_km"]` → `routes[2].length_km`. */
export function formatPath(path: Path): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (/^[\w-]+$/.test(String(key))) text += text === '' ? String(key) : `.${String(key)}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text === '' ? 'scenario' : text;
}

/** The raw (pre-validation) value at a path, so "got" quotes what the user wrote. */
export function valueAt(raw: unknown, path: Path): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One line per problem; an unrecognized_keys issue gives one line per unknown key. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: ${issue.message}`);
    }
    const where = formatPath(issue.path);
    // Custom messages (unit errors, cross-field rules) already quote what they need;
    // an invalid record key is its own quote (the value at its path is the entry).
    if (issue.code === 'custom' || issue.code === 'invalid_key') return [`${where}: ${issue.message}`];
    const got = valueAt(raw, issue.path);
    if (got === undefined) {
      return [issue.code === 'invalid_type' ? `${where}: ${issue.message}` : `${where}: required, ${issue.message}`];
    }
    const shown = Array.isArray(got) && (issue.code === 'too_small' || issue.code === 'too_big')
      ? `${got.length}`
      : formatValue(got);
    return [`${where}: ${issue.message}, got ${shown}`];
  });
}
