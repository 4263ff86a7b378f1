/**
 * The one source of randomness of the model.
 *
 * Every trial draws from separate named streams derived from (campaign seed, trial,
 * stream) — SPEC §4 — so a trial is a pure function of its index and a change in one
 * part of the model never shifts another part's draws.
 *
 * The generator is seedrandom's Alea (Baagøe 2010), the fastest of seedrandom's
 * generators here (≈ 7 ns a draw against ≈ 70 ns for the default ARC4). What is not
 * taken from seedrandom is its seeding: `seedrandom.alea(seedString)` builds a closure
 * and runs the Mash hash over the string, ≈ 3 µs per stream, which at two streams per
 * trial would be most of a trial's budget. Instead the triple is hashed with murmur3's
 * 32-bit finaliser straight into Alea's state and the stream object is reseeded in
 * place, so a trial allocates nothing. `test/model/random-stream.test.ts` checks that
 * the draws are exactly those of `seedrandom.alea(…, { state })` from the same state.
 */

/** Stream ids: one per independent part of a trial. */
export const STREAM_NETWORK = 1;
export const STREAM_BACKGROUND = 2;

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** murmur3 fmix32: a bijection on 32-bit integers with full avalanche. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

export class RandomStream implements AleaState {
  // Fields start as non-integral doubles so V8 stores them unboxed from the outset: a
  // field that starts as a small integer and later holds doubles boxes every write.
  c = 1;
  s0 = 0.5;
  s1 = 0.5;
  s2 = 0.5;
  /** Box–Muller gives two normals per pair of uniforms; the second waits here. */
  private spareNormal = 0.5;
  private hasSpareNormal = false;

  /** Reseeds in place from (seed, trial, stream); seed may be any integer < 2^53. */
  reseed(seed: number, trial: number, stream: number): void {
    const seedLow = seed >>> 0;
    const seedHigh = Math.floor(seed / 4294967296) >>> 0;
    let h = mix32(seedLow ^ 0x9e3779b9);
    h = mix32(h ^ seedHigh ^ 0x7f4a7c15);
    h = mix32(h ^ (trial >>> 0));
    h = mix32((h ^ Math.imul(stream, 0x27d4eb2f)) >>> 0);
    this.c = 1;
    this.s0 = mix32(h ^ 0x165667b1) * TWO_POW_MINUS_32;
    this.s1 = mix32(h ^ 0xd3a2646c) * TWO_POW_MINUS_32;
    this.s2 = mix32(h ^ 0xfd7046c5) * TWO_POW_MINUS_32;
    this.hasSpareNormal = false;
  }

  /** Uniform on [0, 1) with 32-bit resolution (Alea's `next`). */
  uniform(): number {
    const t = 2091639 * this.s0 + this.c * TWO_POW_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }

  /** Exponential with the given mean; 1 − u lies in (0, 1], so the log is finite. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform());
  }

  /** Standard normal by Box–Muller. */
  normal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpareNormal = true;
    return radius * Math.cos(angle);
  }
}
