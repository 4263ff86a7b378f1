/**
 * Fuzz: mutated scenarios from every example config through the built CLI, `validate`
 * and a short `run`. Whatever the mutation, the tool answers 0 (valid) or 2 (bad
 * input, a message naming the field): it never hangs (a generous kill timeout detects
 * one; it is not a speed assertion), never crashes with exit 1 or a signal, never
 * prints a stack trace, NaN or Infinity.
 *
 * Mutations replace a value anywhere in a file (a leaf, a mapping or a list) with the
 * known killers — tiny and huge numbers, 1e308 with units, negatives, NaN-like
 * strings, control characters and bidi overrides for ids — or blow a list up. The seed
 * is fixed and the number of cases bounded, so the file is deterministic and quick.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// SCALE_ACROSS_FUZZ_CLI: another build to fuzz (e.g. an older version, to see this test fail on it).
const CLI = process.env.SCALE_ACROSS_FUZZ_CLI ?? join(ROOT, 'dist/src/cli/main.js');
const CONFIGS = ['configs', 'configs/validation'].flatMap((folder) =>
  readdirSync(join(ROOT, folder))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(folder, name)),
);
/** A hang detector: a validate takes < 1 s and a 4-trial run a few, even on a busy box. */
const KILL_AFTER_MS = 60_000;
const CASES = 10;
/** Of the cases that validate, this many are also run (each starts a worker thread). */
const RUNS = 3;
const SEED = 20_261_201;

const dir = mkdtempSync(join(tmpdir(), 'scale-across-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KILLERS: readonly unknown[] = [
  0, -1, 1e-15, 5e-324, 1e308, -1e308, 1e9, 2 ** 53, 0.5, Number.NaN, Infinity, -Infinity,
  '1e308y', '1e308d', '1e308TB', '1e308', '1e-15h', '1ms', '-5h', 'NaN', '.nan', 'Infinity', '', ' ',
  'daly', 'a\u001b]0;pwned\u0007', 'x\ny  forged row', 'abc\u202edef', '\u0000', 'é東', 'x'.repeat(300),
  true, null, [], {},
];

type Path = readonly (string | number)[];

/** Every place a value can be replaced: leaves, and the mappings and lists themselves. */
function places(node: unknown, path: Path = []): Path[] {
  if (node === null || typeof node !== 'object') return [path];
  const children = Array.isArray(node)
    ? node.flatMap((child, i) => places(child, [...path, i]))
    : Object.entries(node).flatMap(([key, child]) => places(child, [...path, key]));
  return path.length === 0 ? children : [path, ...children];
}

function setAt(doc: unknown, path: Path, make: (old: unknown) => unknown): void {
  let node = doc as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  node[last] = make(node[last]);
}

type Mutation = { at: number; value: unknown } | { at: number; grow: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ at: fc.nat(), value: fc.constantFrom(...KILLERS) }) },
  // A list blown up by copies of its own first entry (or a value turned into such a list).
  { weight: 1, arbitrary: fc.record({ at: fc.nat(), grow: fc.constant(5_000) }) },
);

function mutate(config: string, mutations: readonly Mutation[]): string {
  const doc = parse(readFileSync(join(ROOT, config), 'utf8')) as Record<string, unknown>;
  for (const m of mutations) {
    const all = places(doc);
    const path = all[m.at % all.length]!;
    setAt(doc, path, (old) =>
      'grow' in m ? Array.from({ length: m.grow }, () => structuredClone(Array.isArray(old) ? old[0] ?? 1 : old)) : structuredClone(m.value),
    );
  }
  return stringify(doc, { aliasDuplicateObjects: false });
}

let ran = 0;
let counter = 0;

function check(args: readonly string[], what: string): number {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: KILL_AFTER_MS, maxBuffer: 64 << 20 });
  const output = `${result.stdout}\n${result.stderr}`;
  const context = `${what}\n--- exit ${result.status} signal ${result.signal}\n${output.slice(0, 2000)}`;
  expect(result.signal, `killed after ${KILL_AFTER_MS} ms (a hang?): ${context}`).toBeNull();
  expect([0, 2], context).toContain(result.status);
  // A value the user wrote is quoted back ("NaN"): only a bare one is a computed NaN.
  expect(output, context).not.toMatch(/(?<!["\w])(?:NaN|Infinity)(?!["\w])/);
  expect(output, context).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(output, context).not.toContain('node:internal');
  return result.status!;
}

test(`${CASES} mutated example scenarios: exit 0 or 2, no hang, no NaN, no stack trace`, () => {
  expect(CONFIGS.length).toBeGreaterThanOrEqual(10);
  fc.assert(
    fc.property(fc.constantFrom(...CONFIGS), fc.array(mutation, { minLength: 1, maxLength: 2 }), (config, mutations) => {
      const file = join(dir, `case-${counter++}.yaml`);
      writeFileSync(file, mutate(config, mutations));
      const what = `${config} with ${JSON.stringify(mutations, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`;
      const status = check(['validate', file], `validate ${what}`);
      if (status !== 0 || ran >= RUNS) return;
      ran++;
      check(['run', file, '--trials', '4', '--workers', '1', '--summary-only', '--quiet', '--out', join(dir, `out-${counter}`)], `run ${what}`);
    }),
    // Shrinking would spawn hundreds of processes: report the first failing case as is.
    { seed: SEED, numRuns: CASES, endOnFailure: true },
  );
});
