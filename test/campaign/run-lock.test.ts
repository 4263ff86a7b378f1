/**
 * The result folder's lock (run-lock.ts): it records the run (pid, process start time,
 * host), so a lock whose pid now belongs to another live process is recognised as
 * stale and taken over, while a lock held by a live run blocks with advice on how to
 * clear it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LockedError, lockText, parseLock, processStart, RunLock } from '../../src/campaign/run-lock.js';

const linux = process.platform === 'linux';
let other: ChildProcess;
let dir: string;

beforeAll(() => {
  // Another live process: its pid stands for one reused after a hard kill.
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'scale-across-lock-'));
});
afterAll(() => {
  other.kill();
  rmSync(dir, { recursive: true, force: true });
});

const lockPath = () => join(dir, '.lock');
const errorOf = (run: () => void): LockedError => {
  try {
    run();
  } catch (error) {
    if (error instanceof LockedError) return error;
    throw error;
  }
  throw new Error('expected a LockedError');
};

test('the lock records pid, start time and host, pid first', () => {
  const lock = new RunLock(dir);
  lock.acquire();
  const text = readFileSync(lockPath(), 'utf8');
  expect(text.split('\n')[0]).toBe(String(process.pid));
  expect(parseLock(text)).toEqual({ pid: process.pid, start: processStart(process.pid), host: hostname() });
  if (linux) expect(processStart(process.pid)).toMatch(/^\d+$/);
  lock.release();
});

describe.runIf(linux)('a live pid', () => {
  test('that started at another time is a reused pid: the stale lock is taken over', () => {
    const start = processStart(other.pid!)!;
    writeFileSync(lockPath(), lockText({ pid: other.pid!, start: String(Number(start) + 1), host: hostname() }));
    const lock = new RunLock(dir);
    lock.acquire();
    expect(parseLock(readFileSync(lockPath(), 'utf8'))!.pid).toBe(process.pid);
    lock.release();
  });

  test('that is the run that locked: the folder stays locked, and the message says how to clear it', () => {
    writeFileSync(lockPath(), lockText({ pid: other.pid!, start: processStart(other.pid!), host: hostname() }));
    const error = errorOf(() => new RunLock(dir).acquire());
    expect(error.message).toBe(
      `${dir} is in use by another scale-across run (pid ${other.pid}); wait for it, or choose another --out. ` +
        `If no run is using it (the run was killed), delete ${lockPath()} and run again`,
    );
    rmSync(lockPath());
  });
});

test('a lock from another host cannot be checked here: it holds and names the host', () => {
  writeFileSync(lockPath(), lockText({ pid: 1, start: '1', host: 'elsewhere.example' }));
  const error = errorOf(() => new RunLock(dir).acquire());
  expect(error.message).toContain('(pid 1 on host elsewhere.example)');
  expect(error.message).toContain(`delete ${lockPath()}`);
  rmSync(lockPath());
});

test('an older lock holding only the pid of a finished process is stale', () => {
  const gone = spawn(process.execPath, ['-e', '0']);
  return new Promise<void>((done) => {
    gone.on('exit', () => {
      writeFileSync(lockPath(), `${gone.pid}\n`);
      const lock = new RunLock(dir);
      lock.acquire();
      expect(parseLock(readFileSync(lockPath(), 'utf8'))!.host).toBe(hostname());
      lock.release();
      done();
    });
  });
});
