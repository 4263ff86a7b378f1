/**
 * One run per result folder (README.md#commands): `<out>/.lock`, created exclusively, says which
 * run holds the folder: its pid, the start time of that process (from /proc/<pid>/stat,
 * where there is one) and its host. A lock is stale, and taken over, when its run is
 * gone: on this host, no process has its pid, or the process that has it now started at
 * another time (the pid was reused after a hard kill). A lock from another host (a
 * shared file system) cannot be checked from here: it holds, and the message says how
 * to clear it if that run is gone.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = '.lock';

/** What a lock file records about the run that holds it. */
export interface LockOwner {
  readonly pid: number;
  /** Start time of the process, in clock ticks since boot (/proc/<pid>/stat field 22); null where unknown. */
  readonly start: string | null;
  readonly host: string | null;
}

export class LockedError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner,
  ) {
    const where = owner.host !== null && owner.host !== hostname() ? ` on host ${owner.host}` : '';
    super(
      `${dir} is in use by another scale-across run (pid ${owner.pid}${where}); wait for it, or choose another --out. ` +
        `If no run is using it (the run was killed${where ? ' or its host is gone' : ''}), delete ${join(dir, LOCK_FILE)} and run again`,
    );
  }

  get pid(): number {
    return this.owner.pid;
  }
}

/** The start time of a live process, or null where /proc is not there to say (not Linux, or the pid is gone). */
export function processStart(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count fields
  // after its last ')'. starttime is field 22, the 20th after comm.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
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
 * The lock file's text: the pid on the first line (as older versions wrote it, and
 * what `cat .lock` should show first), then `start <ticks>` and `host <name>` lines.
 */
export function lockText(owner: LockOwner): string {
  return [String(owner.pid), ...(owner.start === null ? [] : [`start ${owner.start}`]), ...(owner.host === null ? [] : [`host ${owner.host}`]), ''].join('\n');
}

/** A lock file's owner, or null if it names no pid; an older lock holds only a pid. */
export function parseLock(text: string): LockOwner | null {
  const lines = text.split('\n');
  if (!/^\d+$/.test(lines[0]!.trim())) return null;
  const field = (name: string): string | null => {
    const line = lines.find((l) => l.startsWith(`${name} `));
    return line === undefined ? null : line.slice(name.length + 1);
  };
  return { pid: Number(lines[0]!.trim()), start: field('start'), host: field('host') };
}

/** Whether the run that wrote the lock may still be running. */
export function ownerRunning(owner: LockOwner): boolean {
  if (owner.host !== null && owner.host !== hostname()) return true; // cannot tell from here
  if (owner.pid === process.pid || !alive(owner.pid)) return false;
  // The pid is taken: by the run itself, or by a later process that got it again.
  const start = owner.start === null ? null : processStart(owner.pid);
  return start === null || start === owner.start;
}

/**
 * The owner in a lock file. New locks appear whole (see acquire); an empty file, as an
 * older version could leave for an instant, is read again for up to half a second
 * before it counts as abandoned.
 */
function readOwner(path: string): LockOwner | null {
  const until = Date.now() + 500;
  for (;;) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return null; // removed meanwhile
    }
    const owner = parseLock(text);
    if (owner !== null) return owner;
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

  /** @throws LockedError when a live run holds the folder. */
  acquire(): void {
    const self: LockOwner = { pid: process.pid, start: processStart(process.pid), host: hostname() };
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      this.tryAcquire(self, temp);
    } finally {
      rmSync(temp, { force: true });
    }
  }

  private tryAcquire(self: LockOwner, temp: string): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // Written whole under a private name, then linked: the lock appears complete or
        // not at all, and link(2) fails if it exists, like an exclusive create.
        writeFileSync(temp, lockText(self), { flag: 'w' });
        linkSync(temp, this.path);
        this.held = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = readOwner(this.path);
        if (owner !== null && ownerRunning(owner)) throw new LockedError(join(this.path, '..'), owner);
        rmSync(this.path, { force: true }); // stale: its run is gone
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
