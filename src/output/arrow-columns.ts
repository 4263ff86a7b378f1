/**
 * Arrow column data built directly from JS arrays and typed arrays (no row objects, no
 * Builder): used by the small result files (summary, comparison, histograms).
 */

import { type Data, Float64, Utf8, makeData } from 'apache-arrow';

const encoder = new TextEncoder();

/** A utf8 column holding `values`. */
export function utf8Column(values: readonly string[]): Data<Utf8> {
  const encoded = values.map((v) => encoder.encode(v));
  const offsets = new Int32Array(values.length + 1);
  let total = 0;
  encoded.forEach((bytes, i) => {
    total += bytes.byteLength;
    offsets[i + 1] = total;
  });
  const data = new Uint8Array(total);
  encoded.forEach((bytes, i) => data.set(bytes, offsets[i]));
  return makeData({ type: new Utf8(), length: values.length, nullCount: 0, valueOffsets: offsets, data });
}

/**
 * A float64 column over `values` (zero-copy). NaN, which the statistics use for "not
 * defined" (a stdev of one sample, a direction for `cuts`), becomes null so that
 * dashboards skip it instead of propagating NaN through their aggregates.
 */
export function float64Column(values: Float64Array): Data<Float64> {
  const length = values.length;
  let nullCount = 0;
  for (let i = 0; i < length; i++) if (Number.isNaN(values[i])) nullCount++;
  if (nullCount === 0) return makeData({ type: new Float64(), length, nullCount: 0, data: values });
  const nullBitmap = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) {
    if (!Number.isNaN(values[i])) nullBitmap[i >> 3] |= 1 << (i & 7);
  }
  return makeData({ type: new Float64(), length, nullCount, nullBitmap, data: values });
}
