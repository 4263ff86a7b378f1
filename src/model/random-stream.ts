/**
 * The one source of randomness of the model.
 *
 * Every trial draws from separate named streams derived from (campaign seed, trial,
 * stream) — docs/model.md#randomness — so a trial is a pure function of its index and a change in one
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
 * a trial with ≈ 260 background interruptions; the ziggurat's common path is one
 * multiplication and one comparison, ≈ 4 ns a draw in batches. Following Doornik
 * (2005), the layer and the position in it come from independent bits: the position
 * takes a whole 32-bit draw (so the values keep a 32-bit resolution) and each 32-bit
 * draw of layer bits serves four layers, 8 bits each (never the position's own low
 * bits, as in the original, which ties the value to the layer). So an exponential costs
 * 1.25 Alea draws on the common path. The uniforms are still exactly Alea's; the
 * exponentials are a deterministic function of them, but not the same function as
 * inversion (`normal` and Weibull repairs still use the uniforms directly).
 * `test/model/random-stream-ziggurat.test.ts` checks the distribution.
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
  // `t | 0`): a conversion to int32 and back would cost ≈ 2 ns a draw.
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
  /** `fillExponentialSums`'s running sum, and the draw `finishRare` is to complete. */
  private sum = 0.5;
  /**
   * 1 while filling running sums, 0 while filling single draws (`fillExponentials`): each
   * value written is sum · keep + E, which is sum + E exactly, or E exactly.
   */
  private keep = 1;
  private pendingX = 0.5;
  private pendingLayer = 0;

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

  /**
   * Uniform on [0, 1) with 32-bit resolution: Alea's `next`, which computes
   * t = a·s0 + c·2^−32, the new carry c = ⌊t⌋ and the output t − c. Computed here in
   * another order, to the same numbers: t is exact (two multiples of 2^−32 below
   * 2^21 + 1 need 53 bits), so with a·s0 = whole + fraction the output is
   * fraction + c·2^−32, less 1 when that reaches 1 (rarely: c·2^−32 < 2^−11), and the
   * carry is whole, plus 1 then. Alea's order makes each carry wait for the one before,
   * ≈ 10 cycles a draw; this one does not (≈ 1.4 ns a draw in a loop instead of 2.6).
   */
  uniform(): number {
    const product = ALEA_MULTIPLIER * this.s0;
    const whole = Math.floor(product);
    const t = product - whole + this.c * TWO_POW_MINUS_32;
    // The carry (t ≥ 1: under one draw in 2000) without a branch: a branch that rare has
    // no type feedback when V8 optimises, and taking it once throws away the optimised
    // code of everything that inlined the draw (the whole replay loop).
    const carry = t >= 1 ? 1 : 0;
    const next = t - carry;
    this.c = whole + carry;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = next);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return mean * this.unitExponential();
  }

  /** Exponential of mean 1, by the ziggurat (see the module comment). */
  unitExponential(): number {
    this.fillExponentialSums(this.single, 0, 1);
    return this.single[0]!;
  }

  /**
   * Running sums of unit exponentials: out[i] = out[i − 1] + E for i in [from, to), the
   * sum starting at 0 for from = 0. The one implementation of the ziggurat
   * (`unitExponential` asks it for one value): `fillCommon` draws the ≈ 99 % of values
   * that take the common path, and stops at a draw that needs the tail or the wedge
   * test, which `finishRare` completes.
   */
  fillExponentialSums(out: Float64Array, from: number, to: number): void {
    this.keep = 1;
    this.sum = from > 0 ? out[from - 1]! : 0;
    let i = from;
    while ((i = this.fillCommon(out, i, to)) < to) i = this.finishRare(out, i);
  }

  /**
   * Unit exponentials into out[from … to): the values `unitExponential` would return
   * called to − from times, drawn in one loop (≈ 4 ns a value instead of ≈ 9).
   */
  fillExponentials(out: Float64Array, from: number, to: number): void {
    this.keep = 0;
    this.sum = 0;
    let i = from;
    while ((i = this.fillCommon(out, i, to)) < to) i = this.finishRare(out, i);
  }

  /**
   * The ziggurat's common path, in a loop that keeps Alea's state in locals (field loads
   * and stores would double the cost of a draw) and holds no code for the rare cases:
   * their extra draws and Math.log/Math.exp calls in the loop body, even untaken, make
   * V8 allocate registers worse and cost ≈ 2 ns a value. Returns where it stopped: `to`,
   * or a value that `finishRare` must complete from (pendingLayer, pendingX).
   */
  private fillCommon(out: Float64Array, from: number, to: number): number {
    let c = this.c;
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let bits = this.layerBits;
    let left = this.layersLeft;
    let sum = this.sum;
    const keep = this.keep;
    let i = from;
    while (i < to) {
      if (left === 0) {
        // One Alea step (as in `uniform`) for four layers' bits: s2·2^32 is an integer
        // below 2^32, and `| 0` keeps its 32 bits.
        const product = ALEA_MULTIPLIER * s0;
        const whole = Math.floor(product);
        const t = product - whole + c * TWO_POW_MINUS_32;
        const carry = t >= 1 ? 1 : 0; // branch-free, as in `uniform`
        const next = t - carry;
        c = whole + carry;
        s0 = s1;
        s1 = s2;
        s2 = next;
        bits = (s2 * TWO_POW_32) | 0;
        left = LAYERS_PER_DRAW;
      }
      // One Alea step for the position in the layer.
      const product = ALEA_MULTIPLIER * s0;
      const whole = Math.floor(product);
      const t = product - whole + c * TWO_POW_MINUS_32;
      const carry = t >= 1 ? 1 : 0; // branch-free, as in `uniform`
      const next = t - carry;
      c = whole + carry;
      s0 = s1;
      s1 = s2;
      s2 = next;
      const layer = bits & 255;
      bits >>= 8;
      left--;
      const x = s2 * ZIGGURAT_WIDTH[layer]!;
      if (!(x < ZIGGURAT_INNER[layer]!)) {
        this.pendingLayer = layer;
        this.pendingX = x;
        break;
      }
      out[i++] = sum = sum * keep + x;
    }
    this.c = c;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.layerBits = bits;
    this.layersLeft = left;
    this.sum = sum;
    return i;
  }

  /**
   * Completes a draw whose point (pendingLayer, pendingX) is not under the curve at
   * every height; returns the next index to fill (i + 1, or i if the draw was
   * rejected and starts over). In the base block x ≥ r means the tail: r + E, by the
   * exponential's lack of memory, with E by inversion (1 − u > 0). In a layer, x is kept
   * if a uniform height in the layer falls under f(x) (the wedge test).
   */
  private finishRare(out: Float64Array, i: number): number {
    const layer = this.pendingLayer;
    const x = this.pendingX;
    const u = this.uniform();
    if (layer === 0) {
      out[i] = this.sum = this.sum * this.keep + (ZIGGURAT_R - Math.log(1 - u));
      return i + 1;
    }
    // The point (x, y) lies in the wedge between x_{i−1} and x_i. f is convex, so it lies
    // above its tangent at x_i and below the chord: a point under the tangent is under
    // f, a point above the chord is not, and only the sliver between needs Math.exp (a
    // C call of ≈ 30 ns, which would otherwise be most of the cost of a rare draw).
    const xHigh = ZIGGURAT_WIDTH[layer]!;
    const xLow = ZIGGURAT_INNER[layer]!;
    const fHigh = ZIGGURAT_F[layer - 1]!;
    const fLow = ZIGGURAT_F[layer]!;
    const y = fLow + u * (fHigh - fLow);
    const under =
      y <= fLow * (1 + xHigh - x) ||
      (y < fLow + ((fHigh - fLow) * (xHigh - x)) / (xHigh - xLow) && y < Math.exp(-x));
    if (under) {
      out[i] = this.sum = this.sum * this.keep + x;
      return i + 1;
    }
    return i;
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
