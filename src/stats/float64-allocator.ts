/**
 * How the worker-side aggregators allocate the arrays they return. The default is a
 * plain Float64Array; the campaign's workers pass `sharedFloat64`
 * (src/campaign/shared-arrays.ts) so that results reach the coordinator by reference
 * without transferring (detaching) an ArrayBuffer.
 */
export type Float64Allocator = (length: number) => Float64Array;

export const plainFloat64: Float64Allocator = (length) => new Float64Array(length);
