/**
 * Result arrays of a shard, allocated on SharedArrayBuffers: a worker's postMessage
 * hands them to the coordinator by reference, with no copy, like a transfer.
 *
 * Why not transfer plain ArrayBuffers: the first ArrayBuffer an isolate detaches
 * invalidates V8's "array buffer detaching" protector, which throws away every piece of
 * optimised code of that worker that reads a typed array (the whole simulation) and
 * recompiles it with detach checks. Measured on configs/default.yaml: ≈ 0.35 s of extra
 * background compilation per worker, CPU that a fully loaded machine takes from the
 * other workers. A SharedArrayBuffer is never detached.
 */
import type { Float64Allocator } from '../stats/float64-allocator.js';

export const sharedFloat64: Float64Allocator = (length) => new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));

export function sharedBytes(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}
