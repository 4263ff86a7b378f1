/**
 * Helpers for the issue-4 tests (sweep, optimize, paired comparisons, Daly per scheme):
 * the BUILT CLI as a child process, temp folders, Arrow reads.
 *
 * Build first: `npx tsc -p tsconfig.json && node scripts/post-build.mjs`
 * (SCALE_ACROSS_CLI points the tests at another build).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataType, tableFromIPC, type Table } from 'apache-arrow';
import { afterAll } from 'vitest';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = process.env.SCALE_ACROSS_CLI ?? join(REPO, 'dist/src/cli/main.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

const running = new Set<ChildProcess>();

/** `node dist/src/cli/main.js …args`, stdio piped (never a TTY); killed after `timeoutMs`. */
export function runCli(args: readonly string[], timeoutMs = 90_000): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -p tsconfig.json && node scripts/post-build.mjs)`);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SCALE_ACROSS_')) env[k] = v;
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolvePromise({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

export function describeResult(r: CliResult): string {
  return `exit ${r.code} after ${Math.round(r.ms)} ms\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Runs and expects exit 0. */
export async function runOk(args: readonly string[], timeoutMs?: number): Promise<CliResult> {
  const r = await runCli(args, timeoutMs);
  if (r.code !== 0) throw new Error(`expected exit 0 from ${args.join(' ')}: ${describeResult(r)}`);
  return r;
}

/** A temp folder removed (and stray children killed) after the test file. */
export function sandbox(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `scale-across-${prefix}-`));
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

export function readArrow(path: string): Table {
  return tableFromIPC(readFileSync(path));
}

/** A column as a plain array (dictionary columns decoded to their strings). */
export function column(table: Table, name: string): unknown[] {
  const vector = table.getChild(name);
  if (vector === null) throw new Error(`no column ${name}; columns: ${table.schema.fields.map((f) => f.name).join(', ')}`);
  if (DataType.isDictionary(vector.type)) {
    const out: string[] = [];
    for (const chunk of vector.data) {
      const dictionary = [...chunk.dictionary!] as string[];
      for (const index of Array.from(chunk.values as ArrayLike<number>)) out.push(dictionary[index]!);
    }
    return out;
  }
  return Array.from(vector.toArray() as ArrayLike<unknown>);
}

/** |a − b| ≤ rel · max(|a|, |b|) (exact equality always passes). */
export function relClose(a: number, b: number, rel: number): boolean {
  return a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

export function meanOf(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Sample standard deviation (n − 1), two-pass. */
export function stdevOf(xs: ArrayLike<number>): number {
  const m = meanOf(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}
