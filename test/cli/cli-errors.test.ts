/**
 * The built CLI as a user meets it (docs/model.md#scenario and README.md#commands): bad input gets one clear message
 * per problem naming the file and the field path, exit code 2 and never a stack trace;
 * good input prints the promised report; `trace … | head` is not an error.
 *
 * These tests spawn `dist/src/cli/main.js`, so they test what `npm run build` produced
 * (`npm test` builds first). Fixture scenarios are one-line edits of a small valid
 * scenario, written to a temporary folder; the unedited scenario must validate, so each
 * failure is the edit's.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { loadScenarioFile } from '../../src/config/index.js';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { METRIC_COUNT, M } from '../../src/model/metrics.js';
import { TrialRunner } from '../../src/model/trial-runner.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/src/cli/main.js');
const DEFAULT_CONFIG = 'configs/default.yaml';
const EXIT_BAD_INPUT = 2; // README.md#commands: "Exit codes: 0 ok, 2 bad input, 1 anything else"
// Spawning node costs ≈ 0.2 s; trace of the default scenario ≈ 0.5 s more.
const SPAWN_TIMEOUT_MS = 20_000;

function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
}

/** docs/model.md#scenario "never a stack trace": no V8 frame lines, no Node internals. */
function expectNoStackTrace(stderr: string) {
  expect(stderr).not.toMatch(/^ {4}at /m);
  expect(stderr).not.toContain('node:internal');
  expect(stderr).not.toMatch(/^\w*Error: /m);
}

/** A small valid scenario (docs/model.md#scenario layout): two sites, one route, one hazard, `none`. */
const VALID = `name: cli-fixture
seed: 1
trials: 10
sites: [{ id: a, gpus: 1 }, { id: b, gpus: 1 }]
routes:
  - { id: a-b, between: [a, b], length_km: 100, deployment: { buried: 1 }, capacity_tbps: 10 }
hazards:
  cut: { rate: { buried: 1 }, repair: { fixed: 8h } }
job:
  work: 10h
  step: { compute: 1s, wan_bytes: 1GB, wan_round_trips: 1, overlap: 0 }
  checkpoint: { interval: 1h, write: 1min }
  restart: 5min
  collective_timeout: 1min
schemes: [{ id: none, kind: none }]
`;

/** VALID with one edit; throws if the text to replace is not there (a vacuous fixture). */
function variant(from: string, to: string): string {
  if (!VALID.includes(from)) throw new Error(`fixture edit: "${from}" not in the valid scenario`);
  return VALID.replace(from, to);
}

let dir = '';
const file = (name: string) => join(dir, name);

interface BadCase {
  name: string;
  /** File name in the temp folder; null: the file is never written (missing file). */
  fileName: string;
  text: string | null;
  /** Checks stderr; `path` is the config path as passed on the command line. */
  check: (stderr: string, path: string) => void;
}

const BAD: BadCase[] = [
  {
    name: 'a negative route length',
    fileName: 'negative-length.yaml',
    text: variant('length_km: 100', 'length_km: -5'),
    // The exact line of docs/model.md#scenario ("routes[2].length_km: must be > 0, got -5"), prefixed
    // with the file like a compiler (src/config/scenario-error.ts), and nothing else.
    check: (stderr, path) => expect(stderr).toBe(`${path}: routes[0].length_km: must be > 0, got -5\n`),
  },
  {
    name: 'an unknown key (a typo of an optional key that has a default)',
    fileName: 'typo.yaml',
    // docs/model.md#scenario: "Unknown keys are errors (typos must not silently fall back to defaults)".
    text: variant('collective_timeout: 1min', 'collective_timout: 1min'),
    check: (stderr, path) => expect(stderr).toMatch(lineStarting(`${path}: job.collective_timout: unknown key`)),
  },
  {
    name: 'broken YAML',
    fileName: 'broken.yaml',
    text: variant('sites: [{', 'sites: [[{'),
    // The parser's position, so the user can jump to it.
    check: (stderr, path) => expect(stderr).toMatch(new RegExp(`^${escapeRegExp(path)}: line \\d+, column \\d+: `, 'm')),
  },
  {
    name: 'a missing file',
    fileName: 'does-not-exist.yaml',
    text: null,
    check: (stderr, path) => expect(stderr).toBe(`cannot read ${path}: no such file\n`),
  },
  {
    name: 'a route to an unknown place',
    fileName: 'unknown-place.yaml',
    text: variant('between: [a, b]', 'between: [a, z]'),
    check: (stderr, path) => expect(stderr).toMatch(lineStarting(`${path}: routes[0].between[1]: unknown place "z"`)),
  },
  {
    name: 'deployment fractions not summing to 1',
    fileName: 'fractions.yaml',
    text: variant('deployment: { buried: 1 }', 'deployment: { buried: 0.5, aerial: 0.4 }'),
    check: (stderr, path) => expect(stderr).toMatch(lineStarting(`${path}: routes[0].deployment: fractions must sum to 1`)),
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regexp matching a line of stderr that begins with the literal `prefix`. */
function lineStarting(prefix: string): RegExp {
  return new RegExp(`^${escapeRegExp(prefix)}`, 'm');
}

beforeAll(() => {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} does not exist: build first with \`npm run build\` (\`npm test\` does it for you)`);
  }
  dir = mkdtempSync(join(tmpdir(), 'scale-across-cli-'));
  writeFileSync(file('valid.yaml'), VALID);
  for (const c of BAD) if (c.text !== null) writeFileSync(file(c.fileName), c.text);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('bad scenario files: exit 2, one message naming the file and field, no stack trace', () => {
  test('control: the unedited fixture is valid for validate and trace', () => {
    const v = cli('validate', file('valid.yaml'));
    expect(v.stderr).toBe('');
    expect(v.status).toBe(0);
    const t = cli('trace', file('valid.yaml'), '--trial', '0');
    expect(t.stderr).toBe('');
    expect(t.status).toBe(0);
  });

  const commands: [string, string[]][] = [
    ['validate', []],
    ['trace', ['--trial', '0']],
  ];
  for (const [command, extra] of commands) {
    describe(command, () => {
      test.each(BAD)('$name', (c) => {
        const path = file(c.fileName);
        const r = cli(command, path, ...extra);
        expect(r.error).toBeUndefined();
        expect(r.status, r.stderr).toBe(EXIT_BAD_INPUT);
        expect(r.stdout).toBe('');
        expectNoStackTrace(r.stderr);
        // One message per problem, each naming the file (docs/model.md#scenario).
        for (const line of r.stderr.trimEnd().split('\n')) expect(line).toContain(path);
        c.check(r.stderr, path);
      });
    });
  }
});

describe('validate configs/default.yaml', () => {
  test('exits 0 and prints the routes, the job site pairs and the Daly optimum', () => {
    const r = cli('validate', DEFAULT_CONFIG);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // README.md#commands: "prints the resolved topology, paths, per-route cut rates and availability,
    // Daly's optimum interval".
    expect(r.stdout).toMatch(/^Routes$/m);
    expect(r.stdout).toMatch(/^Job site pairs/m);
    expect(r.stdout).toContain('Daly (2006)');
    // Every route of the file appears as a row of the routes table (oracle: the YAML
    // itself, parsed without the project's loader).
    const doc = parse(readFileSync(join(ROOT, DEFAULT_CONFIG), 'utf8')) as { routes: { id: string }[] };
    for (const route of doc.routes) expect(r.stdout).toMatch(new RegExp(`^${escapeRegExp(route.id)} `, 'm'));
  });
});

describe('trace configs/default.yaml', () => {
  const doc = () =>
    parse(readFileSync(join(ROOT, DEFAULT_CONFIG), 'utf8')) as { schemes: { id: string; kind: string }[] };
  let full: SpawnSyncReturns<string>;
  beforeAll(() => {
    full = cli('trace', DEFAULT_CONFIG, '--trial', '7');
  });

  test('--trial 7 exits 0 with one table (heading, header row, outcome) per scheme of the file', () => {
    expect(full.stderr).toBe('');
    expect(full.status).toBe(0);
    const schemes = doc().schemes;
    expect(schemes.length).toBeGreaterThanOrEqual(2);
    for (const s of schemes) {
      expect(full.stdout).toMatch(new RegExp(`^Trial 7, scheme ${escapeRegExp(s.id)} \\(${s.kind}\\): `, 'm'));
    }
    expect(full.stdout.match(/^ +time h +event +route and cause +job state +progress h +last ckpt h$/gm)).toHaveLength(
      schemes.length,
    );
    expect(full.stdout.match(/^Outcome: jct_h /gm)).toHaveLength(schemes.length);
  });

  // docs/model.md#randomness: "`trace` replays one trial alone": the same trial as in a campaign.
  test('the JCT each table reports is the one the simulation core computes for trial 7', () => {
    const compiled = compileScenario(loadScenarioFile(join(ROOT, DEFAULT_CONFIG)));
    const runner = new TrialRunner(compiled);
    const values = new Float64Array(runner.schemeCount * METRIC_COUNT);
    runner.run(7, values, 0, new Uint8Array(runner.schemeCount), 0);
    const printed = [...full.stdout.matchAll(/^Trial 7, scheme .*: (?:done|censored) after ([\d.]+) h$/gm)].map((m) =>
      Number(m[1]),
    );
    expect(printed).toHaveLength(runner.schemeCount);
    printed.forEach((jct, s) => {
      const expected = values[s * METRIC_COUNT + M.jct_h]!;
      // The heading prints 6 significant digits.
      expect(Math.abs(jct - expected)).toBeLessThanOrEqual(expected * 1e-5);
    });
  });

  test('--scheme nope exits 2 naming every valid scheme', () => {
    const r = cli('trace', DEFAULT_CONFIG, '--trial', '7', '--scheme', 'nope');
    expect(r.status).toBe(EXIT_BAD_INPUT);
    expect(r.stdout).toBe('');
    expectNoStackTrace(r.stderr);
    expect(r.stderr).toContain('"nope"');
    for (const s of doc().schemes) expect(r.stderr).toContain(s.id);
  });

  test('--trial -1 exits 2 naming --trial', () => {
    const r = cli('trace', DEFAULT_CONFIG, '--trial', '-1');
    expect(r.status).toBe(EXIT_BAD_INPUT);
    expect(r.stdout).toBe('');
    expectNoStackTrace(r.stderr);
    expect(r.stderr).toContain('--trial');
  });

  // Precondition of both early-close tests: the output is far larger than a pipe's
  // buffer (64 KiB on Linux), so the writer is still writing when the reader leaves.
  test('trace … | head -3: three lines, nothing on stderr, exit 0 (closing early is the reader\'s choice)', () => {
    expect(full.stdout.length).toBeGreaterThan(4 * 65536);
    const r = spawnSync(
      'bash',
      ['-c', `"$0" "$1" trace ${DEFAULT_CONFIG} --trial 7 | head -3; exit \${PIPESTATUS[0]}`, process.execPath, CLI],
      { cwd: ROOT, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS },
    );
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(4); // three lines and the final newline
    expect(lines[0]).toMatch(/^Trial 7, scheme /);
    expect(lines[2]).toMatch(/^ +time h +event /);
    expect(r.status).toBe(0);
  });

  test('a reader that destroys the pipe after the first chunk gets no EPIPE stack', async () => {
    expect(full.stdout.length).toBeGreaterThan(4 * 65536);
    const child = spawn(process.execPath, [CLI, 'trace', DEFAULT_CONFIG, '--trial', '7'], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    expect(stderr).toBe('');
    expect(signal).toBeNull();
    expect(code).toBe(0);
  });
});

describe('command line usage errors', () => {
  test('no command: exit 2 with the help (listing the commands)', () => {
    const r = cli();
    expect(r.status).toBe(EXIT_BAD_INPUT);
    expectNoStackTrace(r.stderr);
    expect(r.stderr).toContain('Commands:');
    expect(r.stderr).toMatch(/scale-across validate <config>/);
    expect(r.stderr).toMatch(/scale-across trace <config>/);
  });

  test('an unknown command: exit 2 with the help, naming the unknown word', () => {
    const r = cli('frobnicate');
    expect(r.status).toBe(EXIT_BAD_INPUT);
    expectNoStackTrace(r.stderr);
    expect(r.stderr).toContain('Commands:');
    expect(r.stderr).toContain('frobnicate');
  });
});
