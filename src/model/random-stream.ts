/**
 * The one source of randomness of the model.
 *
 * Every trial draws from separate named streams derived from (campaign seed, trial,
 * stream) — SPEC §4 — so a trial is a pure function of its index and a change in one
 * part of the model never shifts another part's draws.
 *
 * The generator is seedrandom's Alea (Baagøe 2010), the fastest of seedrandom's
 * generators here (≈ 3 ns a draw against ≈ 70 ns for the default ARC4). What is not
 * taken from seedrandom is its seeding: `seedrandom.alea(seedString)` builds a closure
 * and runs the Mash hash over the string, ≈ 3 µs per stream, which at two streams per
 * trial would be most of a trial's budget. Instead the triple is hashed with murmur3's
 * 32-bit finaliser straight into Alea's state and the stream object is reseeded in
 * place, so a trial allocates nothing. `test/model/random-stream.test.ts` checks that
 * the uniforms are exactly those of `seedrandom.alea(…, { state })` from the same state.
 *
 * What seedrandom does not have: exponentials come from a ziggurat (Marsaglia & Tsang
 * 2000, 256 layers), not from −ln(1 − u). The logarithm cost ≈ 12 ns a draw, a third of
 * a trial with ≈ 280 background interruptions; the ziggurat's common path is one
 * multiplication and one comparison. Following Doornik (2005), the layer and the
 * position in it come from independent bits: the position takes a whole 32-bit draw
 * (so the values keep the 32-bit resolution of −ln(1 − u)) and each 32-bit draw of
 * layer bits serves four layers, 8 bits each (never the position's own low bits, as in
 * the original, which ties the value to the layer). So an exponential costs 1.25 Alea
 * draws on the common path, and the exponentials of a stream are a deterministic
 * function of its uniforms, but not the same function as inversion.
 */

/** Stream ids: one per independent part of a trial. */
export const STREAM_NETWORK = 1;
export const STREAM_BACKGROUND = 2;
/** The network pilot that estimates each scheme's crash rate (network-crash-pilot.ts). */
export const STREAM_PILOT = 3;
/** The Monte Carlo estimate of the latency-jitter penalty of a step (step-time.ts). */
export const STREAM_JITTER = 4;

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
const TWO_POW_32 = 4294967296;
/** Alea's multiplier: a multiply-with-carry generator of lag 3 in base 2^32. */
const ALEA_MULTIPLIER = 2091639;

/** murmur3 fmix32: a bijection on 32-bit integers with full avalanche. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// ── Ziggurat tables for the unit exponential f(x) = e^{−x} ──────────────────────────
//
// 256 blocks of equal area V. Block 0 is the base: the rectangle [0, r) × [0, f(r)]
// plus the tail x ≥ r (area e^{−r}), drawn as a rectangle of width V / f(r) whose part
// beyond r stands for the tail. Block i ≥ 1 is the layer between heights f(x_i) and
// f(x_{i−1}), of width x_i, with x_255 = r, x_{i−1} = −ln(f(x_i) + V / x_i) and x_0 = 0
// (the recurrence gives f(x_1) + V / x_1 = 1 + 5e−14; taking x_0 = 0, f(x_0) = 1 moves
// a 1e−14 share of one layer's probability, far below anything a trial can see).
// A point x = u·width of block i with x below the next narrower width (x_{i−1}; r for
// the base) lies under the curve whatever its height: accepted at once (≈ 99 % of
// draws); the tail and the wedge tests finish the others exactly.

/** r and V of Marsaglia & Tsang (2000), Table 1, for the exponential with 256 blocks. */
const ZIGGURAT_R = 7.69711747013104972;
const ZIGGURAT_V = 0.0039496598225815571993;
/** Width of block i (x_i; V / f(r) for the base). */
const ZIGGURAT_WIDTH = new Float64Array(256);
/** x below this is under the curve (x_{i−1}; r for the base). */
const ZIGGURAT_INNER = new Float64Array(256);
/** f(x_i): the height of block i's lower edge (f(x_0) = 1). */
const ZIGGURAT_F = new Float64Array(256);
{
  const x = new Float64Array(256);
  x[255] = ZIGGURAT_R;
  for (let i = 255; i > 1; i--) x[i - 1] = -Math.log(Math.exp(-x[i]!) + ZIGGURAT_V / x[i]!);
  x[0] = 0;
  for (let i = 0; i < 256; i++) ZIGGURAT_F[i] = Math.exp(-x[i]!);
  ZIGGURAT_WIDTH[0] = ZIGGURAT_V / Math.exp(-ZIGGURAT_R);
  ZIGGURAT_INNER[0] = ZIGGURAT_R;
  for (let i = 1; i < 256; i++) {
    ZIGGURAT_WIDTH[i] = x[i]!;
    ZIGGURAT_INNER[i] = x[i - 1]!;
  }
}

/** Layers drawn per 32-bit uniform: 8 bits each. */
const LAYERS_PER_DRAW = 4;
/** What the next draw of `fillExponentialSums` is for. */
const MODE_POSITION = 0;
const MODE_TAIL = 1;
const MODE_WEDGE = 2;

export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

export class RandomStream implements AleaState {
  // Fields start as non-integral doubles so V8 stores them unboxed from the outset: a
  // field that starts as a small integer and later holds doubles boxes every write.
  // `c`, Alea's carry, is an integer, but it is kept as a double (Math.floor, not
  // `t | 0`): a conversion to int32 and back costs ≈ 2 ns on Alea's critical path.
  c = 0.5;
  s0 = 0.5;
  s1 = 0.5;
  s2 = 0.5;
  /** Box–Muller gives two normals per pair of uniforms; the second waits here. */
  private spareNormal = 0.5;
  private hasSpareNormal = false;
  /** Unused ziggurat layer bits (int32, consumed 8 bits at a time from the low end). */
  private layerBits = 0;
  private layersLeft = 0;
  /** Where `unitExponential` has its one value drawn. */
  private readonly single = new Float64Array(1);

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
    this.layersLeft = 0;
  }

  /** Uniform on [0, 1) with 32-bit resolution (Alea's `next`; t ≥ 0, so floor = `| 0`). */
  uniform(): number {
    const t = ALEA_MULTIPLIER * this.s0 + this.c * TWO_POW_MINUS_32;
    const carry = Math.floor(t);
    this.c = carry;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - carry);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return mean * this.unitExponential();
  }

  /** Exponential of mean 1, by the ziggurat (see the module comment). */
  unitExponential(): number {
    this.fillExponentialSums(this.single, 0, 1, 0);
    return this.single[0]!;
  }

  /**
   * Running sums of unit exponentials: out[i] = out[i − 1] + E for i in [from, to), with
   * `previous` standing for out[from − 1]. This is the one implementation of the
   * ziggurat (`unitExponential` calls it for one value), written for batches: Alea's
   * state lives in locals through the loop (field loads and stores would double the
   * cost of a draw), and the loop makes no call, whose boxed result would make V8 box
   * every value of the loop. So the rare cases are states of the loop, not a function:
   * each turn takes one Alea draw and uses it by `mode`.
   */
  fillExponentialSums(out: Float64Array, from: number, to: number, previous: number): void {
    let c = this.c;
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let bits = this.layerBits;
    let left = this.layersLeft;
    let sum = previous;
    let mode = MODE_POSITION;
    let layer = 0;
    let x = 0;
    for (let i = from; i < to; ) {
      // One Alea step, as in `uniform`.
      const t = ALEA_MULTIPLIER * s0 + c * TWO_POW_MINUS_32;
      c = Math.floor(t);
      s0 = s1;
      s1 = s2;
      s2 = t - c;
      if (mode === MODE_POSITION) {
        if (left === 0) {
          // This draw becomes four layers' bits; the next one is the position.
          bits = (s2 * TWO_POW_32) | 0; // s2·2^32 is an integer below 2^32: its 32 bits
          left = LAYERS_PER_DRAW;
          continue;
        }
        layer = bits & 255;
        bits >>= 8;
        left--;
        x = s2 * ZIGGURAT_WIDTH[layer]!;
        if (x < ZIGGURAT_INNER[layer]!) {
          out[i++] = sum += x; // under the curve at any height: ≈ 99 % of draws
          continue;
        }
        // Past the base's r: the tail. Past a layer's inner part: the wedge test.
        mode = layer === 0 ? MODE_TAIL : MODE_WEDGE;
        continue;
      }
      if (mode === MODE_TAIL) {
        // Beyond r the exponential has no memory: r + E, with E by inversion (1 − u > 0).
        out[i++] = sum += ZIGGURAT_R - Math.log(1 - s2);
      } else {
        // Keep x if a uniform height in the layer falls under the curve; otherwise the
        // draw starts over from a new block and position.
        const low = ZIGGURAT_F[layer]!;
        if (low + s2 * (ZIGGURAT_F[layer - 1]! - low) < Math.exp(-x)) out[i++] = sum += x;
      }
      mode = MODE_POSITION;
    }
    this.c = c;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.layerBits = bits;
    this.layersLeft = left;
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
