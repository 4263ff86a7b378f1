/**
 * End-to-end helpers for the campaign tests: a small scenario, the BUILT CLI run as a
 * child process (stdio piped, so never a TTY), temp folders, file hashes, Arrow reads.
 *
 * The tests run the build in `dist/` (build first: `npm run build`, or
 * `npx tsc -p tsconfig.json && node scripts/post-build.mjs`). Each test file runs a
 * snapshot of it, copied to a temp folder when the file starts (with package.json and a
 * link to node_modules): tests that compare runs made seconds apart must not see a
 * rebuild in between. Set SCALE_ACROSS_CLI to run another build as it is.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Table, tableFromIPC } from 'apache-arrow';
import { afterAll, afterEach } from 'vitest';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILT_CLI = join(REPO, 'dist/src/cli/main.js');

let cli: string | null = process.env.SCALE_ACROSS_CLI ?? null;

/** The CLI entry this test file runs: a snapshot of dist/ taken on first use (see above). */
export function cliPath(): string {
  if (cli !== null) return cli;
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: build first (npm run build)`);
  const root = mkdtempSync(join(tmpdir(), 'scale-across-cli-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  cpSync(join(REPO, 'dist'), join(root, 'dist'), { recursive: true });
  copyFileSync(join(REPO, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  cli = join(root, 'dist/src/cli/main.js');
  return cli;
}

export const ARROW_FILES = ['trials.arrow', 'summary.arrow', 'histograms.arrow', 'comparison.arrow', 'causes.arrow'] as const;
export const SCHEMES = ['ideal', 'unprotected', '1+1', 'restore'] as const;
export const SEED = 424242;
export const NAME = 'campaign-test';

/**
 * Three sites, four routes (a-b and a-c share the `corridor` SRLG; a-b and b-c sit in
 * the `hills` region hit by landslides), two hazards with high rates so that cuts
 * happen in a 3-day job, background interruptions every ≈ 14 h of the job, and four
 * schemes. ≈ 8 000 trials/s per core.
 */
export const SCENARIO_YAML = `\
name: ${NAME}
seed: ${SEED}
trials: 3000
horizon: 40d
sites:
  - { id: dc-a, gpus: 1024 }
  - { id: dc-b, gpus: 1024 }
  - { id: dc-c, gpus: 1024 }
routes:
  - { id: a-b, between: [dc-a, dc-b], length_km: 300, deployment: { buried: 0.7, aerial: 0.3 }, capacity_tbps: 12.8, srlgs: [corridor], regions: [hills] }
  - { id: a-c, between: [dc-a, dc-c], length_km: 350, deployment: { buried: 1 }, capacity_tbps: 12.8, srlgs: [corridor] }
  - { id: b-c, between: [dc-b, dc-c], length_km: 400, deployment: { buried: 0.5, aerial: 0.5 }, capacity_tbps: 12.8, regions: [hills] }
  - { id: b-c-2, between: [dc-b, dc-c], length_km: 500, deployment: { buried: 1 }, capacity_tbps: 6.4 }
srlgs:
  - { id: corridor, length_km: 30, deployment: { buried: 1 } }
hazards:
  excavator: { rate: { buried: 30 }, repair: { lognormal: { median: 8h, sigma: 0.9 } } }
  rodent: { rate: { aerial: 40 }, repair: { exponential: { mean: 5h } } }
regional:
  - { id: slide, cause: landslide, region: hills, rate: 5, hit_probability: 0.5, repair: { fixed: 2d } }
job:
  work: 3d
  step: { compute: 4s, wan_bytes: 2.5TB, wan_round_trips: 8, overlap: 0.7 }
  checkpoint: { interval: 1h, write: 20s }
  restart: 10min
  collective_timeout: 10min
  background: { mtbf_per_gpu: 5y, recovery: 15min }
  power: { kw_per_gpu: 1.4 }
schemes:
  - { id: ideal, kind: ideal }
  - { id: unprotected, kind: none }
  - { id: 1+1, kind: one-plus-one, switchover: 50ms }
  - { id: restore, kind: restoration, restore: 2min, capacity_fraction: 0.5 }
`;

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface RunningCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
}

export interface CliOptions {
  /** Added to the environment (the test's own SCALE_ACROSS_FAULT_* are never inherited). */
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  /** Kill the process (SIGKILL) after this long: a hung campaign fails the test, not the suite. */
  readonly timeoutMs?: number;
}

const running = new Set<ChildProcess>();

/** Starts `node <snapshot>/dist/src/cli/main.js …args` with piped stdio (no TTY). */
export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const entry = cliPath();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SCALE_ACROSS_')) env[k] = v;
  Object.assign(env, options.env);
  const started = performance.now();
  const child = spawn(process.execPath, [entry, ...args], { cwd: options.cwd ?? REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<CliResult>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolvePromise({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
  return { child, done, stderr: () => stderr };
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** A result's output for an assertion message. */
export function describeResult(r: CliResult): string {
  return `exit ${r.code} (signal ${r.signal}) after ${Math.round(r.ms)} ms\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Runs and expects exit 0. */
export async function runOk(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const r = await runCli(args, options);
  if (r.code !== 0) throw new Error(`expected exit 0 from run ${args.join(' ')}: ${describeResult(r)}`);
  return r;
}

/**
 * A temp folder for this test file (under os.tmpdir()) holding the scenario, removed
 * after the file's tests; stray child processes are killed after each test.
 */
export function campaignSandbox(): { readonly dir: string; readonly config: string; out(name: string): string } {
  const dir = mkdtempSync(join(tmpdir(), 'scale-across-campaign-'));
  const config = join(dir, 'scenario.yaml');
  writeFileSync(config, SCENARIO_YAML);
  cliPath(); // snapshot the build now, before any test runs
  afterEach(() => {
    for (const child of running) child.kill('SIGKILL');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, config, out: (name) => join(dir, name) };
}

/** Polls `predicate` every 20 ms until it is true. @throws after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** sha256 of each of `files` (default: the four Arrow files) in `dir`. */
export function hashes(dir: string, files: readonly string[] = ARROW_FILES): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, sha256(join(dir, f))]));
}

export function readArrow(path: string): Table {
  return tableFromIPC(readFileSync(path));
}

export function readManifest(dir: string): Record<string, any> {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

/** Entries of `dir`, sorted ([] when it does not exist). */
export function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Finished shard files in `<out>/.shards` (not temp files). */
export function shardFiles(out: string): string[] {
  return entries(join(out, '.shards')).filter((n) => n.endsWith('.shard'));
}

/** A temp file left by an atomic write (`<name>.tmp-<pid>-<hex>`). */
export const TEMP_NAME = /\.tmp-\d+-[0-9a-f]{8}$/;
