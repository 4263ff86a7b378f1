/**
 * What the end-to-end deployment tests share: the built CLI as a child process, whether
 * it has the scale-out commands yet, and the byte-for-byte comparison of two result
 * folders' Arrow files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CLI, ROOT } from './slurm-cluster.js';

/** True once the CLI lists a `merge` command (the scale-out engine has landed). */
export function cliHasMerge(): boolean {
  const help = spawnSync(process.execPath, [CLI, '--help'], { cwd: ROOT, encoding: 'utf8' });
  return /^\s*scale-across merge\b/m.test(help.stdout);
}

export const NO_MERGE_NOTICE =
  '\n*** SKIPPED: the CLI has no `merge` command yet (run --shard / merge not merged in); remove this guard once it has ***\n';

export interface Exit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** The CLI as a child process; `started` is called with it so a test can signal it. */
export function cli(args: readonly string[], env: NodeJS.ProcessEnv = process.env, started?: (kill: (s: NodeJS.Signals) => void) => void): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stderr }));
    started?.((s) => child.kill(s));
  });
}

/** The environment without any scheduler's task index, plus `extra`. */
export function envWithout(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX']) delete env[name];
  return { ...env, ...extra };
}

/** The two folders hold the same Arrow files, byte for byte (and at least one). */
export function expectSameArrowFiles(expectedDir: string, actualDir: string): void {
  const arrow = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.arrow')).sort();
  const names = arrow(expectedDir);
  expect(names.length).toBeGreaterThan(0);
  expect(arrow(actualDir)).toEqual(names);
  for (const name of names) {
    const a = readFileSync(join(expectedDir, name));
    const b = readFileSync(join(actualDir, name));
    expect(b.equals(a), `${name} differs`).toBe(true);
  }
}
