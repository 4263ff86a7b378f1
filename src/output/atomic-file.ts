/**
 * Atomic file replacement (docs/model.md#results): a dashboard reading a result file sees either the
 * previous complete file or the new complete file, never a truncated one. Data goes to
 * a temp file in the same directory (same filesystem, so rename(2) is atomic), is
 * fsynced, then renamed over the target; the directory is fsynced so the rename itself
 * survives a power cut.
 *
 * The I/O is synchronous on purpose: result files are written by the coordinator
 * between shards, page-cache writes are fast, and a synchronous stream keeps batch
 * order trivially right and memory bounded (no queue of pending writes can build up).
 */

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';

/** Writes smaller than this are coalesced into one buffer before reaching the kernel. */
const COALESCE_BYTES = 1 << 20;

/** The temp name a write to `path` goes through: `<path>.tmp-<pid>-<random>`. */
export function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** True for a file name left behind by a crashed atomic write (safe to delete). */
export function isAtomicTempName(name: string): boolean {
  return /\.tmp-\d+-[0-9a-f]{8}$/.test(basename(name));
}

/**
 * Replaces `path` with `data` atomically.
 * @throws the underlying fs error; the temp file is removed and `path` is untouched.
 * @example writeFileAtomic('results/x/manifest.json', JSON.stringify(m));
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const file = AtomicFileStream.open(path);
  try {
    file.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
}

/**
 * A file written in pieces that appears at its path only once complete.
 * `write` appends, `commit` makes it visible, `abort` discards it; after either, the
 * stream is finished and further calls to `write`/`commit` throw (`abort` is a no-op).
 */
export class AtomicFileStream {
  readonly path: string;
  readonly tempPath: string;
  private fd: number | null;
  private readonly buffer = Buffer.allocUnsafe(COALESCE_BYTES);
  private buffered = 0;
  private written = 0;

  private constructor(path: string, tempPath: string, fd: number) {
    this.path = path;
    this.tempPath = tempPath;
    this.fd = fd;
  }

  /** Creates the temp file next to `path` (the directory must exist). */
  static open(path: string): AtomicFileStream {
    const tempPath = tempPathFor(path);
    // 'wx': never clobber another writer's temp file.
    return new AtomicFileStream(path, tempPath, openSync(tempPath, 'wx', 0o644));
  }

  /** Bytes accepted so far (buffered or on disk). */
  get bytesWritten(): number {
    return this.written;
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** Appends `chunk`; the bytes are copied or written before this returns. */
  write(chunk: Uint8Array): void {
    const fd = this.requireOpen();
    const n = chunk.byteLength;
    if (n === 0) return;
    this.written += n;
    if (this.buffered + n <= COALESCE_BYTES) {
      this.buffer.set(chunk, this.buffered);
      this.buffered += n;
      return;
    }
    this.flush(fd);
    if (n < COALESCE_BYTES) {
      this.buffer.set(chunk, 0);
      this.buffered = n;
    } else {
      writeFully(fd, chunk);
    }
  }

  /** Flushes, fsyncs and closes the temp file, then renames it over `path`. */
  commit(): void {
    const fd = this.requireOpen();
    try {
      this.flush(fd);
      fsyncSync(fd);
    } catch (err) {
      this.abort();
      throw err;
    }
    this.fd = null;
    try {
      closeSync(fd);
      renameSync(this.tempPath, this.path);
    } catch (err) {
      rmSync(this.tempPath, { force: true });
      throw err;
    }
    fsyncDirectory(dirname(this.path));
  }

  /** Closes and deletes the temp file; `path` keeps whatever it held before. */
  abort(): void {
    const fd = this.fd;
    if (fd === null) return;
    this.fd = null;
    this.buffered = 0;
    try {
      closeSync(fd);
    } finally {
      rmSync(this.tempPath, { force: true });
    }
  }

  private flush(fd: number): void {
    if (this.buffered === 0) return;
    writeFully(fd, this.buffer.subarray(0, this.buffered));
    this.buffered = 0;
  }

  private requireOpen(): number {
    if (this.fd === null) throw new Error(`AtomicFileStream for ${this.path} is already committed or aborted`);
    return this.fd;
  }
}

function writeFully(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.byteLength) {
    offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
  }
}

/** Makes a rename durable. Some platforms (Windows) cannot open a directory: skip there. */
function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EINVAL/EPERM on filesystems without directory fsync: the rename is still atomic.
  } finally {
    closeSync(fd);
  }
}
