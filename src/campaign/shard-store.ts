/**
 * Finished shards kept on disk under `<out>/.shards/` while a campaign runs, so an
 * interrupted campaign resumes where it stopped (SPEC §5). One file per shard, written
 * atomically: a header, the shard's aggregate, and (unless --summary-only) its outcome
 * rows and status codes. The aggregate can be read without the rows, so a resume
 * reloads summaries at once and rows only when their turn in trials.arrow comes.
 *
 * Shard files are scratch, not results: they are renamed into place but not fsynced
 * (an fsync per shard cost more than the coordinator's whole budget). After a power
 * loss a shard file may be short or empty; `list` checks each file's length against
 * its header and drops a damaged one, whose trials are then simply run again.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAtomicTempName, tempPathFor } from '../output/atomic-file.js';
import type { TrialRange } from './shard-plan.js';

const MAGIC = 0x5ca1ad;
const VERSION = 1;
/** magic, version, variant, first, count, schemes, aggregate length, rows length. */
const HEADER = 8;

export const SHARDS_DIR = '.shards';

export interface KeptShard {
  readonly variant: number;
  readonly first: number;
  readonly count: number;
  readonly aggregate: Float64Array;
  readonly hasRows: boolean;
  readonly path: string;
}

function fileName(variant: number, first: number, count: number): string {
  return `v${variant}-${String(first).padStart(10, '0')}-${count}.shard`;
}

export class ShardStore {
  readonly dir: string;

  constructor(outDir: string) {
    this.dir = join(outDir, SHARDS_DIR);
  }

  /** Forgets every kept shard (a fresh, non-resumed run). */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  save(
    variant: number,
    first: number,
    count: number,
    schemes: number,
    aggregate: Float64Array,
    values: Float64Array | null,
    status: Uint8Array | null,
  ): void {
    mkdirSync(this.dir, { recursive: true });
    const rows = values?.length ?? 0;
    const header = Float64Array.of(MAGIC, VERSION, variant, first, count, schemes, aggregate.length, rows);
    const parts: Uint8Array[] = [bytes(header), bytes(aggregate)];
    if (values && status) parts.push(bytes(values), status);
    const total = parts.reduce((n, p) => n + p.length, 0);
    const file = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      file.set(p, at);
      at += p.length;
    }
    const path = join(this.dir, fileName(variant, first, count));
    const temp = tempPathFor(path);
    writeFileSync(temp, file);
    renameSync(temp, path);
  }

  /** Every kept shard's header and aggregate (not its rows), in (variant, trial) order. */
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
      const fd = openSync(path, 'r');
      let shard: KeptShard | null = null;
      try {
        const size = fstatSync(fd).size;
        const header = new Float64Array(HEADER);
        if (size >= HEADER * 8) readExactly(fd, header, 0, path);
        const [magic, version, variant, first, count, schemes, aggregateLength, rows] = header as unknown as number[];
        const expected = (HEADER + aggregateLength! + rows!) * 8 + (rows! > 0 ? count! * schemes! : 0);
        if (magic === MAGIC && version === VERSION && size === expected) {
          const aggregate = new Float64Array(aggregateLength!);
          readExactly(fd, aggregate, HEADER * 8, path);
          shard = { variant: variant!, first: first!, count: count!, aggregate, hasRows: rows! > 0, path };
        }
      } finally {
        closeSync(fd);
      }
      if (shard === null) rmSync(path, { force: true }); // damaged: its trials run again
      else kept.push(shard);
    }
    return kept;
  }

  /** The outcome rows and status codes of a kept shard. */
  readRows(shard: KeptShard, schemes: number, metrics: number): { values: Float64Array; status: Uint8Array } {
    const values = new Float64Array(shard.count * schemes * metrics);
    const status = new Uint8Array(shard.count * schemes);
    const fd = openSync(shard.path, 'r');
    try {
      const offset = (HEADER + shard.aggregate.length) * 8;
      readExactly(fd, values, offset, shard.path);
      readExactly(fd, status, offset + values.byteLength, shard.path);
    } finally {
      closeSync(fd);
    }
    return { values, status };
  }

  ranges(kept: readonly KeptShard[], variant: number): TrialRange[] {
    return kept.filter((k) => k.variant === variant).map((k) => [k.first, k.count] as const);
  }
}

function bytes(a: Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
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
