/**
 * `--out` checked before a campaign starts, so that a folder that cannot be one is
 * refused as bad input naming the flag (exit 2) instead of failing inside the run with
 * a raw EEXIST / ENOENT / ENOTDIR. Nothing is created here: the campaign creates the
 * folder when it takes its lock.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from './user-error.js';

/** @throws {UserError} naming `--out` when `dir` cannot be (or become) a result folder. */
export function checkOutDir(dir: string): void {
  if (dir.trim() === '') throw new UserError('--out: must name a folder, got an empty path');
  const fail = (why: string): never => {
    throw new UserError(`--out ${dir}: ${why}`);
  };
  // The deepest part of the path that exists must be a folder we may write in.
  let existing = resolve(dir);
  for (;;) {
    const kind = kindOf(existing);
    if (kind === 'folder') break;
    if (kind === 'other') {
      fail(existing === resolve(dir) ? 'exists and is not a folder' : `${existing} is a file, not a folder`);
    }
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    fail(existing === resolve(dir) ? 'permission denied (cannot write there)' : `cannot create it: permission denied in ${existing}`);
  }
}

function kindOf(path: string): 'folder' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    // ENOTDIR: a parent is a file; the walk up reaches it and reports it.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    return 'other';
  }
}
