/**
 * The partial-result format: what is encoded is what is decoded, bit for bit; every
 * kind of damage is told apart from a good result and said in words.
 */
import { describe, expect, it } from 'vitest';
import { decodePartial, encodePartial, partialBytes, PartialResultError, type PartialResult } from '../../src/campaign/partial-result.js';
import { InOrderBuffer } from '../../src/stats/in-order-buffer.js';

const HASH = '0123456789abcdef'.repeat(4);
const OTHER = 'f'.repeat(64);

function sample(rows: boolean): PartialResult {
  const f = (n: number, k: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * k) * 1e3);
  return {
    first: 2048,
    count: 1500,
    summaries: [f(40, 1), f(41, 2)],
    causes: [f(12, 3), f(12, 4)],
    pairs: f(9, 5),
    values: rows ? [f(30, 6), f(30, 7)] : null,
    status: rows ? [Uint8Array.of(0, 1, 2), Uint8Array.of(2, 1, 0, 1, 1)] : null,
    weights: rows ? [f(1500, 8), f(1500, 9)] : null,
  };
}

function concat(pieces: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

describe('partial result format', () => {
  for (const rows of [true, false]) {
    it(`round-trips a result ${rows ? 'with' : 'without'} rows exactly, 8-byte aligned`, () => {
      const r = sample(rows);
      const bytes = concat(partialBytes(encodePartial(r, HASH)));
      expect(bytes.byteLength % 8).toBe(0);
      const back = decodePartial(bytes, HASH);
      expect(back.first).toBe(r.first);
      expect(back.count).toBe(r.count);
      expect(back.summaries.map((a) => Array.from(a))).toEqual(r.summaries.map((a) => Array.from(a)));
      expect(back.causes.map((a) => Array.from(a))).toEqual(r.causes.map((a) => Array.from(a)));
      expect(Array.from(back.pairs!)).toEqual(Array.from(r.pairs!));
      expect(back.values?.map((a) => Array.from(a)) ?? null).toEqual(r.values?.map((a) => Array.from(a)) ?? null);
      expect(back.weights?.map((a) => Array.from(a)) ?? null).toEqual(r.weights?.map((a) => Array.from(a)) ?? null);
      expect(back.status?.map((a) => Array.from(a)) ?? null).toEqual(r.status?.map((a) => Array.from(a)) ?? null);
    });
  }

  it('names each kind of damage: every single flipped byte, a cut, a NaN in the header, another campaign', () => {
    const good = concat(partialBytes(encodePartial(sample(true), HASH)));
    // Every byte position, flipped: never accepted.
    for (let i = 0; i < good.byteLength; i++) {
      const bad = good.slice();
      bad[i]! ^= 0x01;
      expect(() => decodePartial(bad, HASH), `byte ${i}`).toThrow(PartialResultError);
    }
    expect(() => decodePartial(good.slice(0, good.byteLength - 1), HASH)).toThrow(/cut short/);
    expect(() => decodePartial(good.slice(0, 10), HASH)).toThrow(/shorter than a header/);
    const nan = good.slice();
    new DataView(nan.buffer).setFloat64(16, NaN, true);
    expect(() => decodePartial(nan, HASH)).toThrow(/trial range/);
    expect(() => decodePartial(good, OTHER)).toThrow(/another campaign/);
  });
});

describe('in-order buffer', () => {
  it('emits in trial order whatever the arrival order, holding only what waits, and refuses overlaps', () => {
    const seen: number[] = [];
    const buffer = new InOrderBuffer<string>((item, first) => seen.push(first));
    buffer.offer(2048, 1024, 'c');
    buffer.offer(1024, 1024, 'b');
    expect(seen).toEqual([]);
    expect(buffer.waiting).toBe(2);
    buffer.offer(0, 1024, 'a');
    expect(seen).toEqual([0, 1024, 2048]);
    expect(buffer.waiting).toBe(0);
    expect(buffer.next).toBe(3072);
    expect(() => buffer.offer(2048, 2048, 'x')).toThrow(/overlap trials already taken/);
    buffer.offer(5120, 1024, 'e');
    expect(() => buffer.offer(4096, 2048, 'x')).toThrow(/overlap held trials \[5120, 6144\)/);
  });
});
