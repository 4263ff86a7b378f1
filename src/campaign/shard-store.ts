/**
 * Finished shards kept on disk under `<out>/.shards/` while a campaign runs, so an
 * interrupted campaign resumes where it stopped (SPEC §5). One file per shard: a header,
 * the shard's summary arrays (its aggregates), and (unless --summary-only) its outcome
 * rows and status codes. Summaries can be read without the rows, so a resume reloads
 * them at once and rows only when their turn in trials.arrow comes.
 *
 * Shard files are scratch, not results: they are renamed into place but not fsynced
 * (an fsync per shard cost more than the coordinator's whole budget). After a power
 * loss a shard file may be short or empty; `list` checks each file's length against
 * its header and drops a damaged one, whose trials are then simply run again.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { isAtomicTempName, tempPathFor } from '../output/atomic-file.js';
import type { TrialRange } from './shard-plan.js';

const MAGIC = 0x5ca1ad;
const VERSION = 2;
/** magic, version, first, count, summary sections, float rows sections, byte rows sections. */
const HEADER = 7;

export const SHARDS_DIR = '.shards';

export interface ShardSections {
  /** Small arrays read back at once (aggregates). */
  readonly summaries: readonly Float64Array[];
  /** Outcome rows, read back lazily. */
  readonly rows: readonly Float64Array[];
  /** Status codes, read back lazily with the rows. */
  readonly codes: readonly Uint8Array[];
}

export interface KeptShard {
  readonly first: number;
  readonly count: number;
  readonly summaries: Float64Array[];
  readonly hasRows: boolean;
  readonly path: string;
  /** Lengths of the row and code sections, and where the rows start. */
  readonly rowLengths: readonly number[];
  readonly codeLengths: readonly number[];
  readonly rowsOffset: number;
}

export class ShardStore {
  readonly dir: string;

  constructor(outDir: string) {
    this.dir = join(outDir, SHARDS_DIR);
  }

  /** Forgets every kept shard. */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Writes a shard file off the coordinator's thread (libuv's pool does the I/O, with no
   * copy of the arrays, which must not change until the promise settles): the file
   * appears, complete, at its name when the promise resolves.
   */
  async save(first: number, count: number, sections: ShardSections): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const { summaries, rows, codes } = sections;
    const header = Float64Array.of(
      MAGIC,
      VERSION,
      first,
      count,
      summaries.length,
      rows.length,
      codes.length,
      ...summaries.map((a) => a.length),
      ...rows.map((a) => a.length),
      ...codes.map((a) => a.length),
    );
    const parts: Uint8Array[] = [header, ...summaries, ...rows, ...codes].map(
      (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
    );
    const path = join(this.dir, `${String(first).padStart(12, '0')}-${count}.shard`);
    const temp = tempPathFor(path);
    const file = await open(temp, 'w');
    try {
      await file.writev(parts);
    } finally {
      await file.close();
    }
    await rename(temp, path);
  }

  /** Every intact kept shard's header and summaries (not its rows), in trial order. */
  list(): KeptShard[] {
    if (!existsSync(this.dir)) return [];
    const kept: KeptShard[] = [];
    for (const name of readdirSync(this.dir).sort()) {
      const path = join(this.dir, name);
      if (isAtomicTempName(name)) {
        rmSync(path, { force: true }); // a write cut short by a crash: never complete
        continue;
      }
      if (!name.endsWith('.shard')) continue;
      const shard = readKept(path);
      if (shard === null) rmSync(path, { force: true }); // damaged: its trials run again
      else kept.push(shard);
    }
    return kept;
  }

  /** The outcome rows and status codes of a kept shard, per section. */
  readRows(shard: KeptShard): { rows: Float64Array[]; codes: Uint8Array[] } {
    const fd = openSync(shard.path, 'r');
    try {
      let at = shard.rowsOffset;
      const rows = shard.rowLengths.map((n) => {
        const a = new Float64Array(n);
        readExactly(fd, a, at, shard.path);
        at += a.byteLength;
        return a;
      });
      const codes = shard.codeLengths.map((n) => {
        const a = new Uint8Array(n);
        readExactly(fd, a, at, shard.path);
        at += a.byteLength;
        return a;
      });
      return { rows, codes };
    } finally {
      closeSync(fd);
    }
  }

  static ranges(kept: readonly KeptShard[]): TrialRange[] {
    return kept.map((k) => [k.first, k.count] as const);
  }
}

function readKept(path: string): KeptShard | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < HEADER * 8) return null;
    const head = new Float64Array(HEADER);
    readExactly(fd, head, 0, path);
    const [magic, version, first, count, nSummaries, nRows, nCodes] = Array.from(head);
    if (magic !== MAGIC || version !== VERSION) return null;
    const sectionCount = nSummaries! + nRows! + nCodes!;
    if (size < (HEADER + sectionCount) * 8) return null;
    const lengths = new Float64Array(sectionCount);
    readExactly(fd, lengths, HEADER * 8, path);
    const summaryLengths = Array.from(lengths.subarray(0, nSummaries));
    const rowLengths = Array.from(lengths.subarray(nSummaries, nSummaries! + nRows!));
    const codeLengths = Array.from(lengths.subarray(nSummaries! + nRows!));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const expected = (HEADER + sectionCount + sum(summaryLengths) + sum(rowLengths)) * 8 + sum(codeLengths);
    if (size !== expected) return null;
    let at = (HEADER + sectionCount) * 8;
    const summaries = summaryLengths.map((n) => {
      const a = new Float64Array(n);
      readExactly(fd, a, at, path);
      at += a.byteLength;
      return a;
    });
    return { first: first!, count: count!, summaries, hasRows: nRows! > 0, path, rowLengths, codeLengths, rowsOffset: at };
  } finally {
    closeSync(fd);
  }
}

function readExactly(fd: number, into: Float64Array | Uint8Array, position: number, path: string): void {
  const view = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
  let done = 0;
  while (done < view.length) {
    const n = readSync(fd, view, done, view.length - done, position + done);
    if (n === 0) throw new Error(`${path}: truncated shard file`);
    done += n;
  }
}
