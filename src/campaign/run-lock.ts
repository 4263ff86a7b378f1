/**
 * One run per result folder (SPEC §5): `<out>/.lock` holds the running process's pid,
 * created exclusively. A lock left by a process that no longer exists (killed hard) is
 * taken over.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = '.lock';

export class LockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`${dir} is in use by another scale-across run (pid ${pid}); wait for it, or choose another --out`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The pid in a lock file. A lock created this instant may not hold its pid yet: an
 * empty file is read again for up to half a second before it counts as abandoned.
 */
function readPid(path: string): number | null {
  const until = Date.now() + 500;
  for (;;) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return null; // removed meanwhile
    }
    const pid = Number.parseInt(text, 10);
    if (Number.isInteger(pid)) return pid;
    if (Date.now() > until) return null;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

export class RunLock {
  private held = false;
  readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, LOCK_FILE);
  }

  /** @throws LockedError when a live process holds the folder. */
  acquire(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.path, 'wx');
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        this.held = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const pid = readPid(this.path);
        if (pid !== null && pid !== process.pid && alive(pid)) throw new LockedError(join(this.path, '..'), pid);
        rmSync(this.path, { force: true }); // stale: its process is gone
      }
    }
    throw new Error(`could not lock ${this.path}`);
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    rmSync(this.path, { force: true });
  }
}
