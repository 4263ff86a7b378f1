/**
 * Lets the threads give back the SharedArrayBuffers of the results handed over.
 *
 * A result's arrays live on SharedArrayBuffers (shared-arrays.ts); their memory is freed
 * only once every thread that held one has collected its handle. The worker's own heap
 * barely grows (its arrays are off-heap), and the coordinator's small heap rarely needs a
 * full collection, so V8 may not collect for a long time: a full run once kept every
 * shard's rows alive, 378 MB at 10⁶ trials and 1.1 GB at 4·10⁶ (one site, two workers).
 * The rows no longer need this: their buffers go round between the coordinator and the
 * workers (row-buffers.ts). What each shard still allocates (its aggregates, ≈ 26 bytes
 * a trial of a one-scheme scenario, header and checksum) is collected every
 * RELEASE_BYTES on a worker and DROPPED_RELEASE_BYTES on the coordinator, with or without
 * rows, so that peak RSS does not climb with the trial count until V8 collects of its own
 * accord (a full run of case (b): 193 → 321 MB from 2.5·10⁵ to 10⁶ trials before; a
 * --summary-only one: 196 → 369 MB from 10⁶ to 10⁷). A full collection of these small
 * heaps costs a few ms.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A worker collects after handing over this much new shared memory. */
const RELEASE_BYTES = 8 << 20;
/**
 * The coordinator collects after dropping this much: every worker's results, so a
 * multiple of a worker's figure; its collections are coordinator time that the workers
 * wait on (≈ 3 ms each).
 */
const DROPPED_RELEASE_BYTES = 32 << 20;

type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' }) => void;

let collect: Gc | null = null;
function gc(): Gc {
  if (collect === null) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Gc;
  }
  return collect;
}

let handedOver = 0;

/** Worker side: counts `bytes` of new shared memory handed to the coordinator; collects when enough has been. */
export function handedOverShared(bytes: number): void {
  handedOver += bytes;
  if (handedOver < RELEASE_BYTES) return;
  handedOver = 0;
  gc()();
}

let dropped = 0;

/** Coordinator side: counts `bytes` of shared memory of results merged and saved; collects when enough has been. */
export function droppedShared(bytes: number): void {
  dropped += bytes;
  if (dropped < DROPPED_RELEASE_BYTES) return;
  dropped = 0;
  gc()();
}
