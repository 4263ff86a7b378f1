/**
 * Lets a worker thread give back the SharedArrayBuffers of the results it handed over.
 *
 * A result's arrays live on SharedArrayBuffers (shared-arrays.ts); their memory is freed
 * only once every thread that held one has collected its handle. The worker's own heap
 * barely grows (its arrays are off-heap), so V8 may never collect it: a full run kept
 * every shard's rows alive, 378 MB at 10⁶ trials and 1.1 GB at 4·10⁶ (one site, two
 * workers): the handles sat in the coordinator's old generation, which its small heap
 * rarely collects. Every RELEASE_BYTES of shared memory handed over or dropped, the
 * thread collects, so what is held is bounded whatever the trial count.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const RELEASE_BYTES = 64 << 20;

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

/** Worker side: counts `bytes` of shared memory handed to the coordinator; collects when enough has been. */
export function handedOverShared(bytes: number): void {
  handedOver += bytes;
  if (handedOver < RELEASE_BYTES) return;
  handedOver = 0;
  gc()();
}

let dropped = 0;

/**
 * Coordinator side: counts `bytes` of shared memory whose results are merged and saved;
 * collects when enough has been. Those results lived long enough to reach the old
 * generation, and the coordinator's small heap makes full collections rare: a full one
 * (≈ 10 ms for a heap of tens of MB) every RELEASE_BYTES.
 */
export function droppedShared(bytes: number): void {
  dropped += bytes;
  if (dropped < RELEASE_BYTES) return;
  dropped = 0;
  gc()();
}
