/**
 * What the coordinator's thread and the Parquet thread say to each other. Messages go
 * over a MessagePort; the coordinator, which must not return to its event loop in the
 * middle of a merge, waits on two words of shared memory instead of on messages:
 * IN_FLIGHT, batches posted and not yet taken by the writer (it waits while there are
 * MAX_IN_FLIGHT, so a burst of merged shards cannot pile up in memory), and STATUS.
 */
import type { MessagePort } from 'node:worker_threads';

export const IN_FLIGHT = 0;
export const STATUS = 1;
/**
 * Batches (≈ 5 MB each) the thread may hold before the coordinator waits, and the
 * shared buffers (slots) they travel in, reused round robin: with fewer than
 * MAX_IN_FLIGHT batches not yet taken (copied into the encoder's WebAssembly memory) by
 * the thread, the next slot is free.
 * Reused shared memory rather than a fresh buffer per batch: the coordinator allocates
 * nothing per batch, and no buffer is allocated on one thread and freed on another.
 */
export const MAX_IN_FLIGHT = 4;

export const enum Status {
  Running = 0,
  Done = 1,
  Failed = 2,
  Aborted = 3,
}

export interface ThreadData {
  /** Two Int32 words: IN_FLIGHT and STATUS. */
  readonly shared: SharedArrayBuffer;
  /** Messages to the thread; it posts `{ error }` back on failure. */
  readonly port: MessagePort;
}

export type ToThread =
  /** Start trials.parquet: `schema` is the Arrow file's schema message (framed). */
  | { readonly type: 'trials'; readonly path: string; readonly schema: Uint8Array }
  /**
   * One record batch as a whole IPC stream (schema, dictionaries, the batch, end of
   * stream), what the encoder takes as it is, at [0, length) of slot `slot`; a slot's
   * buffer comes along when it is new (grown).
   */
  | { readonly type: 'batch'; readonly slot: number; readonly buffer: SharedArrayBuffer | null; readonly length: number }
  /** No more batches: end trials.parquet (footer, fsync) while the coordinator writes the other files. */
  | { readonly type: 'end-trials' }
  /** End trials.parquet if not yet ended, convert these [arrow, parquet] files, report Done or Failed. */
  | { readonly type: 'finish'; readonly conversions: readonly (readonly [string, string])[] }
  /** Discard trials.parquet's temp file, report Aborted. */
  | { readonly type: 'abort' };

export interface FromThread {
  readonly error: string;
}
