/**
 * Finished shards kept on disk under `<out>/.shards/` while a campaign runs, so an
 * interrupted campaign resumes where it stopped. One file per shard, named after its
 * trials (`<first, 12 digits>-<count>.shard`), holding the shard's partial result in
 * the one format of partial-result.ts: campaign hash and checksum included.
 *
 * A shard file is trusted only after it is read back whole: a file of another campaign
 * (hash), a damaged one (checksum: cut short, flipped bytes, a NaN written into its
 * header), a misplaced one (its name and its trials disagree, it overlaps another, it is
 * not block-aligned) or anything that is not a file is named, set aside into
 * `.shards/rejected/`, and its trials run again.
 *
 * Shard files are scratch, not results: written to a temp name and renamed into place
 * once every byte is written (a short write, e.g. a full disk, never gets a final name),
 * but not fsynced (an fsync per shard cost more than the coordinator's whole budget).
 */
import { closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BLOCK_TRIALS } from '../stats/shard-aggregate.js';
import { isAtomicTempName, tempPathFor } from '../output/atomic-file.js';
import { diskFullAfterBytes } from './fault-injection.js';
import { decodePartial, partialBytes, PartialResultError, type EncodedPartial, type PartialResult } from './partial-result.js';
import type { TrialRange } from './shard-plan.js';

export const SHARDS_DIR = '.shards';
export const REJECTED_DIR = 'rejected';
const NAME = /^(\d{12})-(\d+)\.shard$/;

export interface KeptShard {
  readonly first: number;
  readonly count: number;
  readonly hasRows: boolean;
  readonly path: string;
}

export interface RejectedShard {
  /** Where the file was. */
  readonly path: string;
  /** Where it was set aside. */
  readonly setAside: string;
  readonly reason: string;
}

export function shardFileName(first: number, count: number): string {
  return `${String(first).padStart(12, '0')}-${count}.shard`;
}

/** The bytes of a file, in a buffer of its own (so typed arrays can view it at any 8-aligned offset). */
export function readWholeFile(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, bytes, done, size - done, done);
      if (n === 0) break;
      done += n;
    }
    return done === size ? bytes : bytes.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** Bytes written by shard saves so far in this process (for the disk-full fault injection). */
let savedBytes = 0;

export class ShardStore {
  readonly dir: string;

  constructor(outDir: string) {
    this.dir = join(outDir, SHARDS_DIR);
  }

  /** Forgets every kept shard (and what was set aside). */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Forgets the kept shards but keeps what was set aside (for the user to look at). */
  clearKept(): void {
    if (!existsSync(this.dir)) return;
    const rejected = join(this.dir, REJECTED_DIR);
    if (!existsSync(rejected) || readdirSync(rejected).length === 0) return this.clear();
    for (const name of readdirSync(this.dir)) if (name !== REJECTED_DIR) rmSync(join(this.dir, name), { recursive: true, force: true });
  }

  /**
   * Writes a shard file off the coordinator's thread (libuv's pool does the I/O, with no
   * copy of the arrays, which must not change until the promise settles). The file
   * appears at its name, complete, when the promise resolves.
   * @throws the write's error (e.g. ENOSPC), or one naming a short write; nothing is
   *   left at the final name then.
   */
  async save(encoded: EncodedPartial): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const { first, count } = encoded.result;
    const path = join(this.dir, shardFileName(first, count));
    const temp = tempPathFor(path);
    const pieces = partialBytes(encoded);
    const total = pieces.reduce((n, p) => n + p.byteLength, 0);
    const file = await open(temp, 'wx');
    try {
      const limit = diskFullAfterBytes();
      if (limit !== null && savedBytes + total > limit) {
        // A full disk as the kernel reports it: a short write, then ENOSPC.
        await file.write(pieces[0]!.subarray(0, Math.max(0, Math.min(pieces[0]!.byteLength, limit - savedBytes))));
        throw Object.assign(new Error(`ENOSPC: no space left on device, write (${temp})`), { code: 'ENOSPC' });
      }
      let written = (await file.writev(pieces)).bytesWritten;
      // writev may stop short (a signal, a nearly full disk): go on from there, and take a
      // write that makes no progress as the disk being full.
      while (written < total) {
        let skip = written;
        const rest: Uint8Array[] = [];
        for (const p of pieces) {
          if (skip >= p.byteLength) skip -= p.byteLength;
          else {
            rest.push(p.subarray(skip));
            skip = 0;
          }
        }
        const n = (await file.writev(rest)).bytesWritten;
        if (n === 0) throw Object.assign(new Error(`short write: ${written} of ${total} bytes of ${temp}`), { code: 'ENOSPC' });
        written += n;
      }
      savedBytes += total;
    } catch (error) {
      await file.close().catch(() => {});
      await rm(temp, { force: true });
      throw error;
    }
    await file.close();
    await rename(temp, path);
  }

  /**
   * Every kept shard of the campaign `campaignHash` of `trials` trials, in trial order,
   * each read back whole and checked; the others are set aside and returned as rejected.
   */
  scan(campaignHash: string, trials: number): { kept: KeptShard[]; rejected: RejectedShard[] } {
    const kept: KeptShard[] = [];
    const rejected: RejectedShard[] = [];
    if (!existsSync(this.dir)) return { kept, rejected };
    const reject = (name: string, reason: string) => {
      const aside = join(this.dir, REJECTED_DIR);
      mkdirSync(aside, { recursive: true });
      let target = join(aside, name);
      for (let i = 1; existsSync(target); i++) target = join(aside, `${name}.${i}`);
      renameSync(join(this.dir, name), target);
      rejected.push({ path: join(this.dir, name), setAside: target, reason });
    };
    for (const name of readdirSync(this.dir).sort()) {
      const path = join(this.dir, name);
      if (name === REJECTED_DIR || name === 'manifest.json') continue;
      if (isAtomicTempName(name)) {
        rmSync(path, { recursive: true, force: true }); // a write cut short by a crash: never complete
        continue;
      }
      const named = NAME.exec(name);
      if (named === null) {
        reject(name, 'not a shard file name');
        continue;
      }
      if (!lstatSync(path).isFile()) {
        reject(name, 'not a regular file');
        continue;
      }
      let result: PartialResult;
      try {
        result = decodePartial(readWholeFile(path), campaignHash);
      } catch (error) {
        if (!(error instanceof PartialResultError)) throw error;
        reject(name, error.message);
        continue;
      }
      const { first, count } = result;
      const range = `trials ${first}–${first + count - 1}`;
      if (Number(named[1]) !== first || Number(named[2]) !== count) reject(name, `misplaced: it holds ${range}`);
      else if (first % BLOCK_TRIALS !== 0 || first + count > trials || (count % BLOCK_TRIALS !== 0 && first + count !== trials))
        reject(name, `misplaced: ${range} are not whole blocks of this campaign's ${trials} trials`);
      else if (kept.length > 0 && first < kept.at(-1)!.first + kept.at(-1)!.count)
        reject(name, `misplaced: ${range} overlap ${shardFileName(kept.at(-1)!.first, kept.at(-1)!.count)}`);
      else kept.push({ first, count, hasRows: result.values !== null, path });
    }
    return { kept, rejected };
  }

  /** A kept shard's result, read again and checked. @throws PartialResultError naming the file. */
  load(shard: KeptShard, campaignHash: string): PartialResult {
    try {
      return decodePartial(readWholeFile(shard.path), campaignHash);
    } catch (error) {
      if (error instanceof PartialResultError) throw new PartialResultError(`${shard.path}: ${error.message} (it changed during the run)`);
      throw error;
    }
  }

  static ranges(kept: readonly KeptShard[]): TrialRange[] {
    return kept.map((k) => [k.first, k.count] as const);
  }
}
