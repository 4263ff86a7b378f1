/**
 * The shared memory under a shard's per-trial rows, used over and over.
 *
 * A full run hands every shard's rows (outcomes, status codes, weights) from a worker to
 * the coordinator on SharedArrayBuffers (shared-arrays.ts). Allocated afresh per shard,
 * that memory went back only once every thread had garbage-collected its handle, and
 * small heaps collect rarely: peak RSS grew with the trial count, 193 MB at 250 000 and
 * 321 MB at 10⁶ trials of case (b) on two workers (docs/performance.md). Instead the
 * coordinator keeps the buffers of every result it has merged and saved, and sends a set
 * with the next task; the worker writes that shard's rows into it. The number of sets is
 * bounded by what dispatching holds at once, so is the memory, and no collection is
 * needed to get it back.
 *
 * A reused buffer is not cleared: the trial runner writes every element of every row
 * (a --summary-only shard reuses its scratch rows the same way), and a view of exactly
 * the shard's length is what travels, is checksummed and is written.
 */
import { METRIC_COUNT } from '../model/metrics.js';
import type { Scenario } from '../model/scenario.js';
import type { PartialResult } from './partial-result.js';

/** Per variant: the buffers under a result's outcome rows, status codes and weights. */
export interface RowBuffers {
  readonly values: readonly SharedArrayBuffer[];
  readonly status: readonly SharedArrayBuffer[];
  readonly weights: readonly SharedArrayBuffer[];
}

/** Bytes of per-trial rows one trial brings back, all variants together. */
export function rowBytesPerTrial(scenarios: readonly Scenario[]): number {
  return scenarios.reduce((n, s) => n + s.schemes.length * (METRIC_COUNT * Float64Array.BYTES_PER_ELEMENT + 1) + Float64Array.BYTES_PER_ELEMENT, 0);
}

/** The buffers of `result`'s rows, to be used again once nothing reads them; null without rows. */
export function rowBuffersOf(result: PartialResult): RowBuffers | null {
  const { values, status, weights } = result;
  if (values === null || status === null || weights === null) return null;
  const shared = (a: Float64Array | Uint8Array) => (a.buffer instanceof SharedArrayBuffer ? a.buffer : null);
  const sets = [values.map(shared), status.map(shared), weights.map(shared)];
  if (sets.some((list) => list.some((b) => b === null))) return null;
  const [v, s, w] = sets as SharedArrayBuffer[][];
  return { values: v!, status: s!, weights: w! };
}

/**
 * `length` float64s on `reuse` when it is large enough, else on a new buffer of
 * `capacity` (≥ length) elements, so that it can serve any later shard of the campaign.
 * `fresh` counts the bytes newly allocated.
 */
export function sharedFloat64On(reuse: SharedArrayBuffer | undefined, length: number, capacity: number, fresh: { bytes: number }): Float64Array {
  const bytes = length * Float64Array.BYTES_PER_ELEMENT;
  if (reuse !== undefined && reuse.byteLength >= bytes) return new Float64Array(reuse, 0, length);
  const buffer = new SharedArrayBuffer(Math.max(length, capacity) * Float64Array.BYTES_PER_ELEMENT);
  fresh.bytes += buffer.byteLength;
  return new Float64Array(buffer, 0, length);
}

/** `length` bytes on `reuse` when it is large enough, else on a new buffer of `capacity` (≥ length) bytes. */
export function sharedBytesOn(reuse: SharedArrayBuffer | undefined, length: number, capacity: number, fresh: { bytes: number }): Uint8Array {
  if (reuse !== undefined && reuse.byteLength >= length) return new Uint8Array(reuse, 0, length);
  const buffer = new SharedArrayBuffer(Math.max(length, capacity));
  fresh.bytes += buffer.byteLength;
  return new Uint8Array(buffer, 0, length);
}
