/**
 * The BUILT CLI run as a child process (stdio piped, so never a TTY) and the temp
 * folders those runs write into.
 *
 * The tests run the build in `dist/` (build first: `npm run build`, or
 * `npx tsc -p tsconfig.json && node scripts/post-build.mjs`). Each test file runs a
 * snapshot of it, copied to a temp folder when the file starts (with package.json and a
 * link to node_modules): tests that compare runs made seconds apart must not see a
 * rebuild in between. Set SCALE_ACROSS_CLI to run another build as it is.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach } from 'vitest';
import { SCENARIO_YAML } from '../fixtures/campaign-scenario.js';

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
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
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
 * A temp folder for this test file (under os.tmpdir()), removed after the file's tests;
 * stray child processes are killed after each test. Snapshots the build at once,
 * before any test runs (see cliPath).
 */
export function sandbox(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `scale-across-${prefix}-`));
  cliPath();
  afterEach(() => {
    for (const child of running) child.kill('SIGKILL');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A sandbox holding the campaign scenario (test/fixtures/campaign.yaml) as `config`. */
export function campaignSandbox(): { readonly dir: string; readonly config: string; out(name: string): string } {
  const dir = sandbox('campaign');
  const config = join(dir, 'scenario.yaml');
  writeFileSync(config, SCENARIO_YAML);
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
