/**
 * Finished shards kept on disk under `<out>/.shards/` while a campaign runs, so an
 * interrupted campaign resumes where it stopped (SPEC §5). One file per shard, written
 * atomically: a header, the shard's aggregate, and (unless --summary-only) its outcome
 * rows and status codes. The aggregate can be read without the rows, so a resume
 * reloads summaries at once and rows only when their turn in trials.arrow comes.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAtomicTempName, writeFileAtomic } from '../output/atomic-file.js';
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
    writeFileAtomic(join(this.dir, fileName(variant, first, count)), file);
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
      try {
        const header = new Float64Array(HEADER);
        readExactly(fd, header, 0, path);
        if (header[0] !== MAGIC || header[1] !== VERSION) throw new Error(`${path}: not a scale-across shard file`);
        const aggregate = new Float64Array(header[6]!);
        readExactly(fd, aggregate, HEADER * 8, path);
        kept.push({ variant: header[2]!, first: header[3]!, count: header[4]!, aggregate, hasRows: header[7]! > 0, path });
      } finally {
        closeSync(fd);
      }
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
