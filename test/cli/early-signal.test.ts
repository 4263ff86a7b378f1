/**
 * A SIGINT while the program is still loading (the first second of a campaign command on
 * a busy machine) stops cleanly with a message and exit 130, instead of killing the
 * process with nothing said: the CLI entry installs its signal catcher before it loads
 * the rest. The start-up window is held open by a fault hook, so the signal lands in it
 * every time.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, REPO } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'scale-across-early-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a signal during start-up', () => {
  it('stops a campaign command cleanly with a message (exit 130), writing nothing', async () => {
    const started = join(dir, 'started');
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [cliPath(), 'run', 'configs/default.yaml', '--trials', '2048', '--summary-only', '--out', out], {
      cwd: REPO,
      env: { ...process.env, SCALE_ACROSS_FAULT_STARTED_FILE: started, SCALE_ACROSS_FAULT_STARTUP_MS: '3000' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!existsSync(started) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(started)).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted (SIGINT) before the campaign started: nothing was written');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(out, 'summary.arrow'))).toBe(false);
  });
});
