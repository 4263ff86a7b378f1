/**
 * A mergeable quantile sketch with a RANK-error guarantee, deterministic whatever the
 * sharding: the summary quantiles (p05 … p999) come from it.
 *
 * Why not the log sketch. A relative-error sketch resolves x to ±0.5 %: ±4 h on a JCT
 * of 810 h whose whole spread is a few hours, ±2 crashes on 400 background crashes,
 * and never gives an atom (a stall of exactly one switch-over) back exactly. A rank
 * sketch returns a value seen in the data whose rank is within a small fraction of n of
 * the one asked for, whatever the shape or location of the distribution.
 *
 * Structure: a dyadic tree over the campaign's fixed blocks (BLOCK_TRIALS trials each).
 *   - A leaf is one block: its values sorted, exactly (at most CAPACITY = 1024 of them).
 *   - Node (l, j) covers blocks j·2^l … (j+1)·2^l − 1; it is made from its two children
 *     by merging their sorted items and keeping every other one (KLL-style compaction,
 *     Karnin, Lang & Liberty, FOCS 2016), starting at offset 0 or 1 as a hash of
 *     (l, j, sketch) says. Every item of a level-l node stands for 2^l trials, so a node
 *     holds at most CAPACITY items.
 * A node is a function of its blocks' values only, computed by the one `combine`
 * below whether a worker or the coordinator builds it. A worker ships the maximal
 * dyadic nodes inside its shard; the coordinator keeps a binary counter of nodes (the
 * "frontier") and combines two siblings as soon as both are there. After blocks 0 … B−1
 * the frontier is the canonical dyadic cover of [0, B), one node per bit of B, each
 * bit-identical whatever the worker count, shard size, arrival order or resume.
 *
 * Weights (importance sampling). Every item carries a weight: a leaf item its trial's
 * likelihood-ratio weight, a kept item of a compaction the sum of the weights of the
 * pair it stands for (an odd item out at the end counts twice when kept, as unweighted;
 * dropped otherwise). Quantiles are those of the weighted empirical distribution,
 * self-normalised: the item where the cumulative weight reaches q·Σw. With every trial
 * weight 1 an item of a level-l node weighs exactly 2^l, so the sketch, its quantiles
 * and (with the weights left out of the wire format, below) its bytes are those of an
 * unweighted one.
 *
 * Accuracy. A leaf is exact. A compaction of items of weight w changes the estimated
 * rank of any threshold by 0 or ±w, with a sign set by the offset; the offsets are
 * pseudo-random and independent, so the errors add as a random walk: for n = 1024·2^L
 * trials the rank error of a quantile has a standard deviation of about 2^L/2, i.e.
 * ≈ n/2048 ≈ 0.05 % of n (0.2 % at 4 SD), and none at all up to 1024 trials. Ranks 1
 * and n return the exact min and max.
 *
 * Memory. A node is at most CAPACITY doubles per sketch; the frontier holds at most
 * ⌊log₂ B⌋ + 1 nodes (13 for 5·10⁶ trials: 13 × 1024 doubles per scheme × metric);
 * a shard ships at most 2·log₂(its blocks) + 1 nodes, usually one.
 *
 * Wire format of a set of nodes (a Float64Array, also the frontier's resume state):
 *   [MAGIC, VERSION, sketches K, node count N,
 *    then per node: level, index, unit (1 when every item weighs 2^level, else 0),
 *    K item counts, the items of sketch 0 … K−1, then unless unit their weights in
 *    the same order].
 */

/**
 * The rank error the quantiles are shown with, as a fraction of n: 4 standard
 * deviations of the compaction's random walk (module comment). `resolution` turns it
 * into a value: what a quantile is known to.
 */
export const RANK_SKETCH_RANK_ERROR = 0.002;

/** Items per node and values per leaf: the block size of the aggregation. */
export const RANK_SKETCH_CAPACITY = 1024;

const MAGIC = 0x5ca1b1; // "scale-across rank sketch"
/** 2: items carry weights (1 had none). */
const VERSION = 2;
const HEAD = 4;

/**
 * One node of the tree for K sketches: items of sketch k at [k·CAPACITY, k·CAPACITY +
 * counts[k]), each with its weight at the same index of `weights`.
 */
interface RankNode {
  level: number;
  index: number;
  /**
   * Every item weighs exactly 2^level (an unweighted campaign's node). `weights` is then
   * not kept up to date (an unweighted merge need not fill and combine them): read an
   * item's weight through `unitWeightsFilled` or as `2 ** level`.
   */
  unit: boolean;
  readonly counts: Int32Array;
  readonly items: Float64Array;
  readonly weights: Float64Array;
}

function newNode(sketches: number): RankNode {
  return {
    level: 0,
    index: 0,
    unit: false,
    counts: new Int32Array(sketches),
    items: new Float64Array(sketches * RANK_SKETCH_CAPACITY),
    weights: new Float64Array(sketches * RANK_SKETCH_CAPACITY),
  };
}

/** Writes a unit node's weights out (2^level each), for the code that reads them item by item. */
function unitWeightsFilled(node: RankNode): Float64Array {
  if (node.unit) {
    const w = 2 ** node.level;
    for (let k = 0; k < node.counts.length; k++) {
      const base = k * RANK_SKETCH_CAPACITY;
      node.weights.fill(w, base, base + node.counts[k]!);
    }
  }
  return node.weights;
}

/** First block after the node. */
function nodeEnd(node: RankNode): number {
  return (node.index + 1) * 2 ** node.level;
}

/** The compaction offset (0 or 1) of node (level, index)'s sketch k: a fixed hash. */
function offsetBit(level: number, index: number, k: number): number {
  let h = Math.imul(level + 1, 0x9e3779b1) ^ Math.imul(index + 0x632be5ab, 0x85ebca6b) ^ Math.imul(k + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h & 1;
}

/**
 * Makes `out` the parent of siblings `left` and `right` (same level, left.index even,
 * right.index = left.index + 1): per sketch, the sorted merge of both cut into pairs,
 * of each pair the item at the hashed offset with the pair's weight. Allocation-free.
 */
function combine(left: RankNode, right: RankNode, out: RankNode): void {
  if (left.unit && right.unit) {
    combineUnit(left, right, out);
    return;
  }
  const level = left.level + 1;
  const index = left.index >>> 1;
  const K = left.counts.length;
  unitWeightsFilled(left);
  unitWeightsFilled(right);
  for (let k = 0; k < K; k++) {
    const base = k * RANK_SKETCH_CAPACITY;
    const a = left.items;
    const b = right.items;
    let i = base;
    let j = base;
    const iEnd = base + left.counts[k]!;
    const jEnd = base + right.counts[k]!;
    const aw = left.weights;
    const bw = right.weights;
    const second = offsetBit(level, index, k) === 1;
    let o = base;
    let first = true;
    let firstWeight = 0;
    while (i < iEnd || j < jEnd) {
      let x: number;
      let w: number;
      if (j >= jEnd || (i < iEnd && a[i]! <= b[j]!)) {
        x = a[i]!;
        w = aw[i++]!;
      } else {
        x = b[j]!;
        w = bw[j++]!;
      }
      if (first) {
        firstWeight = w;
        if (!second) out.items[o] = x;
      } else {
        if (second) out.items[o] = x;
        out.weights[o++] = firstWeight + w;
      }
      first = !first;
    }
    // An odd item out: kept at offset 0 for two (as unweighted compaction does), dropped at 1.
    if (!first && !second) out.weights[o++] = 2 * firstWeight;
    out.counts[k] = o - base;
  }
  out.level = level;
  out.index = index;
  out.unit = false;
}

/**
 * `combine` of two unit nodes: the same items (the merged sequence's items at positions
 * of the hashed parity: the first of each pair at offset 0 with an odd item out kept,
 * the second at offset 1 with it dropped), and a unit parent, since every kept item
 * stands for two of weight 2^level. Without the weights, a plain merge that writes every
 * other item, and copies the rest of one side with a stride once the other runs out.
 */
function combineUnit(left: RankNode, right: RankNode, out: RankNode): void {
  const level = left.level + 1;
  const index = left.index >>> 1;
  const K = left.counts.length;
  const a = left.items;
  const b = right.items;
  const items = out.items;
  for (let k = 0; k < K; k++) {
    const base = k * RANK_SKETCH_CAPACITY;
    let i = base;
    let j = base;
    const iEnd = base + left.counts[k]!;
    const jEnd = base + right.counts[k]!;
    // Position p of the merged sequence is kept when (p & 1) === keep.
    const keep = offsetBit(level, index, k);
    let p = 0;
    let o = base;
    while (i < iEnd && j < jEnd) {
      const x = a[i]!;
      const y = b[j]!;
      let v: number;
      if (x <= y) {
        v = x;
        i++;
      } else {
        v = y;
        j++;
      }
      if ((p & 1) === keep) items[o++] = v;
      p++;
    }
    const rest = i < iEnd ? a : b;
    let t = i < iEnd ? i : j;
    const tEnd = i < iEnd ? iEnd : jEnd;
    // The first kept item of the rest: this position if its parity is kept, else the next.
    if ((p & 1) !== keep) t++;
    for (; t < tEnd; t += 2) items[o++] = rest[t]!;
    out.counts[k] = o - base;
  }
  out.level = level;
  out.index = index;
  out.unit = true;
}

/**
 * Sorts a[lo … hi] ascending in place, moving w[i] with a[i] (a leaf of weighted
 * trials). Quicksort as `sortRange`, insertion sort below 16. No NaN.
 */
function sortPairs(a: Float64Array, w: Float64Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const p = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < p) i++;
      while (a[j]! > p) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        const u = w[i]!;
        w[i] = w[j]!;
        w[j] = u;
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      sortPairs(a, w, lo, j);
      lo = i;
    } else {
      sortPairs(a, w, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i]!;
    const u = w[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > v) {
      a[j + 1] = a[j]!;
      w[j + 1] = w[j]!;
      j--;
    }
    a[j + 1] = v;
    w[j + 1] = u;
  }
}

/** True when every item of `node` weighs 2^level (an unweighted node: its weights need not travel). */
function unitWeights(node: RankNode): boolean {
  if (node.unit) return true;
  const unit = 2 ** node.level;
  for (let k = 0; k < node.counts.length; k++) {
    const base = k * RANK_SKETCH_CAPACITY;
    for (let i = base; i < base + node.counts[k]!; i++) if (node.weights[i] !== unit) return false;
  }
  return true;
}

/**
 * A binary counter of nodes over consecutive blocks: push nodes in block order, two
 * siblings on top are combined at once. Nodes no longer on the stack go back to a pool.
 */
class NodeStack {
  readonly nodes: RankNode[] = [];
  private readonly pool: RankNode[] = [];

  constructor(readonly sketches: number) {}

  /** A node to fill, then `push`. */
  take(): RankNode {
    return this.pool.pop() ?? newNode(this.sketches);
  }

  /** Where a partial merge passed over blocks that never came (0: no gap yet). */
  private skippedTo = 0;

  /** First block not yet covered (0 when empty). */
  get end(): number {
    const top = this.nodes[this.nodes.length - 1];
    return Math.max(top ? nodeEnd(top) : 0, this.skippedTo);
  }

  /** Passes over blocks up to `block` (a partial merge's missing shard): nodes on either side never combine. */
  skipTo(block: number): void {
    if (!(block >= this.end)) throw new Error(`rank sketch: cannot skip back to block ${block} from ${this.end}`);
    this.skippedTo = block;
  }

  push(node: RankNode): void {
    this.nodes.push(node);
    for (;;) {
      const n = this.nodes.length;
      if (n < 2) return;
      const right = this.nodes[n - 1]!;
      const left = this.nodes[n - 2]!;
      // Only the two halves of one aligned group combine: never across a skipped gap.
      if (left.level !== right.level || (left.index & 1) !== 0 || left.index + 1 !== right.index) return;
      const parent = this.take();
      combine(left, right, parent);
      this.nodes.length = n - 2;
      this.pool.push(left, right);
      this.nodes.push(parent);
    }
  }

  clear(): void {
    this.pool.push(...this.nodes);
    this.nodes.length = 0;
    this.skippedTo = 0;
  }
}

function encode(nodes: readonly RankNode[], sketches: number): Float64Array {
  let length = HEAD;
  const unit = nodes.map(unitWeights);
  nodes.forEach((node, i) => {
    let items = 0;
    for (let k = 0; k < sketches; k++) items += node.counts[k]!;
    length += 3 + sketches + (unit[i] ? items : 2 * items);
  });
  const out = new Float64Array(length);
  out[0] = MAGIC;
  out[1] = VERSION;
  out[2] = sketches;
  out[3] = nodes.length;
  let at = HEAD;
  nodes.forEach((node, i) => {
    out[at++] = node.level;
    out[at++] = node.index;
    out[at++] = unit[i] ? 1 : 0;
    for (let k = 0; k < sketches; k++) out[at++] = node.counts[k]!;
    for (let k = 0; k < sketches; k++) {
      const base = k * RANK_SKETCH_CAPACITY;
      out.set(node.items.subarray(base, base + node.counts[k]!), at);
      at += node.counts[k]!;
    }
    if (unit[i]) return;
    for (let k = 0; k < sketches; k++) {
      const base = k * RANK_SKETCH_CAPACITY;
      out.set(node.weights.subarray(base, base + node.counts[k]!), at);
      at += node.counts[k]!;
    }
  });
  return out;
}

/**
 * Reads the nodes of `data` one by one into `stack` (as `take` + `push`).
 * @throws naming what is wrong when `data` is not a node set for `sketches` sketches, a
 *   node is malformed, or the nodes do not continue the stack's blocks.
 */
function decodeInto(data: Float64Array, stack: NodeStack): void {
  const K = stack.sketches;
  if (data.length < HEAD || data[0] !== MAGIC) throw new Error('rank sketch: not a scale-across rank sketch');
  if (data[1] !== VERSION || data[2] !== K) {
    throw new Error(`rank sketch: version ${data[1]} with ${data[2]} sketches, expected version ${VERSION} with ${K}`);
  }
  const count = data[3]!;
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`rank sketch: bad node count ${count}`);
  let at = HEAD;
  for (let i = 0; i < count; i++) {
    if (at + 3 + K > data.length) throw new Error('rank sketch: truncated');
    const level = data[at++]!;
    const index = data[at++]!;
    const unit = data[at++]!;
    if (unit !== 0 && unit !== 1) throw new Error(`rank sketch: bad unit-weights flag ${unit}`);
    if (!Number.isInteger(level) || level < 0 || level > 52 || !Number.isSafeInteger(index) || index < 0) {
      throw new Error(`rank sketch: bad node (${level}, ${index})`);
    }
    if (index * 2 ** level !== stack.end) {
      throw new Error(`rank sketch: node starts at block ${index * 2 ** level}, expected ${stack.end}`);
    }
    const node = stack.take();
    node.level = level;
    node.index = index;
    node.unit = unit === 1;
    let items = 0;
    for (let k = 0; k < K; k++) {
      const c = data[at++]!;
      if (!Number.isInteger(c) || c < 0 || c > RANK_SKETCH_CAPACITY) throw new Error(`rank sketch: bad item count ${c}`);
      node.counts[k] = c;
      items += c;
    }
    if (at + (unit ? items : 2 * items) > data.length) throw new Error('rank sketch: truncated');
    for (let k = 0; k < K; k++) {
      const base = k * RANK_SKETCH_CAPACITY;
      const c = node.counts[k]!;
      node.items.set(data.subarray(at, at + c), base);
      for (let t = base + 1; t < base + c; t++) {
        if (!(node.items[t - 1]! <= node.items[t]!)) throw new Error('rank sketch: items not sorted');
      }
      at += c;
    }
    for (let k = 0; k < K; k++) {
      const base = k * RANK_SKETCH_CAPACITY;
      const c = node.counts[k]!;
      if (unit) continue;
      node.weights.set(data.subarray(at, at + c), base);
      for (let t = base; t < base + c; t++) {
        if (!(node.weights[t]! >= 0 && node.weights[t]! < Infinity)) throw new Error('rank sketch: bad item weight');
      }
      at += c;
    }
    stack.push(node);
  }
  if (at !== data.length) throw new Error('rank sketch: trailing data');
}

/** Doubles a node set starting at data[offset] occupies (for a container that embeds one). */
export function rankSketchLength(data: Float64Array, offset: number): number {
  if (offset + HEAD > data.length || data[offset] !== MAGIC) return NaN;
  const K = data[offset + 2]!;
  const count = data[offset + 3]!;
  let at = offset + HEAD;
  for (let i = 0; i < count && at + 3 + K <= data.length; i++) {
    at += 2;
    const unit = data[at++] === 1;
    let items = 0;
    for (let k = 0; k < K; k++) items += data[at++]!;
    at += unit ? items : 2 * items;
  }
  return at - offset;
}

// Per-thread scratch of the worker side, reused from shard to shard (counters all 0 between blocks).
let workerStack: NodeStack | null = null;
let zeroCounts = new Int32Array(0);
let filledCounts = new Int32Array(0);
function scratchZeros(K: number): Int32Array {
  if (zeroCounts.length < K) zeroCounts = new Int32Array(K);
  return zeroCounts;
}
function scratchFilled(K: number): Int32Array {
  if (filledCounts.length < K) filledCounts = new Int32Array(K);
  return filledCounts;
}

/**
 * The rank sketches of a shard (worker side): `values` laid out
 * `[(t · schemes + s) · metrics + m]` and the trials' weights `weights[t]` for trial
 * offsets t = 0 … n − 1 of the shard, which starts at block `firstBlock`; one sketch per
 * (s, m), numbered s · metrics + m. Returns the maximal dyadic nodes inside the shard,
 * encoded. Values and weights must be finite.
 */
export function rankSketchShard(values: Float64Array, weights: Float64Array, schemes: number, metrics: number, firstBlock: number, n: number): Float64Array {
  const K = schemes * metrics;
  if (workerStack === null || workerStack.sketches !== K) workerStack = new NodeStack(K);
  const stack = workerStack;
  stack.clear();
  const blocks = Math.ceil(n / RANK_SKETCH_CAPACITY);
  for (let b = 0; b < blocks; b++) {
    const leaf = stack.take();
    leaf.level = 0;
    leaf.index = firstBlock + b;
    const tStart = b * RANK_SKETCH_CAPACITY;
    const count = Math.min(n, tStart + RANK_SKETCH_CAPACITY) - tStart;
    leaf.unit = unitBlock(weights, tStart, count);
    if (!leaf.unit) {
      weightedLeaf(values, weights, K, tStart, count, leaf);
      stack.push(leaf);
      continue;
    }
    // One sequential pass over the block's rows (a column at a time would stride
    // through them K times): non-zero values to their column, zeros only counted, since
    // most columns are mostly zeros (no stall, no cut) and need not be sorted.
    const zeros = scratchZeros(K);
    const filled = scratchFilled(K);
    for (let t = 0; t < count; t++) {
      const row = (tStart + t) * K;
      for (let k = 0; k < K; k++) {
        const x = values[row + k]!;
        if (x === 0) zeros[k]!++; // -0 too: kept as +0
        else leaf.items[k * RANK_SKETCH_CAPACITY + filled[k]!++] = x;
      }
    }
    for (let k = 0; k < K; k++) {
      const base = k * RANK_SKETCH_CAPACITY;
      const nonZero = filled[k]!;
      let sorted = true;
      for (let i = base + 1; i < base + nonZero && sorted; i++) sorted = leaf.items[i - 1]! <= leaf.items[i]!;
      // TypedArray.prototype.sort without a comparator is a numeric sort in native code
      // (5–15 % faster than the quicksort in JS it replaces, on 1 024 values; an LSD radix
      // sort in JS was no faster). The values are finite and non-zero, so its NaN and −0
      // conventions do not arise. One view object per column and block.
      if (!sorted) leaf.items.subarray(base, base + nonZero).sort();
      // The zeros go where the non-zero values turn positive.
      const z = zeros[k]!;
      if (z > 0) {
        let at = base;
        while (at < base + nonZero && leaf.items[at]! < 0) at++;
        leaf.items.copyWithin(at + z, at, base + nonZero);
        leaf.items.fill(0, at, at + z);
      }
      leaf.counts[k] = count;
      zeros[k] = 0;
      filled[k] = 0;
    }
    stack.push(leaf);
  }
  const out = encode(stack.nodes, K);
  stack.clear();
  return out;
}

function unitBlock(weights: Float64Array, tStart: number, count: number): boolean {
  for (let t = tStart; t < tStart + count; t++) if (weights[t] !== 1) return false;
  return true;
}

/** A leaf of a block whose weights are not all 1: every value with its weight, sorted. */
function weightedLeaf(values: Float64Array, weights: Float64Array, K: number, tStart: number, count: number, leaf: RankNode): void {
  for (let k = 0; k < K; k++) {
    const base = k * RANK_SKETCH_CAPACITY;
    for (let t = 0; t < count; t++) {
      const x = values[(tStart + t) * K + k]!;
      leaf.items[base + t] = x === 0 ? 0 : x; // -0 kept as +0, as unweighted leaves do
      leaf.weights[base + t] = weights[tStart + t]!;
    }
    sortPairs(leaf.items, leaf.weights, base, base + count - 1);
    leaf.counts[k] = count;
  }
}

/** Σ over `nodes` of 2^level × (items ≤ v of sketch k): the weight up to v of a frontier of unit nodes (exact: integers). */
function unitWeightUpTo(nodes: readonly RankNode[], k: number, v: number): number {
  const base = k * RANK_SKETCH_CAPACITY;
  let w = 0;
  for (const node of nodes) {
    let lo = base;
    let hi = base + node.counts[k]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (node.items[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    w += (lo - base) * 2 ** node.level;
  }
  return w;
}

/**
 * The quantile the k-way walk of `quantiles` finds, for a frontier of unit nodes: the
 * least item v whose weight up to v reaches `target` (the largest item if none does).
 * The weights are integers, exact in any order, so the walk's running sum is the weight
 * up to each item it passes and both give the same item; this one in O(N² log² CAPACITY)
 * instead of O(N · items), which matters once the frontier has a dozen nodes.
 */
function unitQuantile(nodes: readonly RankNode[], k: number, target: number): number {
  const base = k * RANK_SKETCH_CAPACITY;
  let best = Infinity;
  let largest = -Infinity;
  for (const node of nodes) {
    const c = node.counts[k]!;
    if (c === 0) continue;
    largest = Math.max(largest, node.items[base + c - 1]!);
    // The first item of this node whose weight up to it reaches target.
    let lo = base;
    let hi = base + c;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (unitWeightUpTo(nodes, k, node.items[mid]!) >= target) hi = mid;
      else lo = mid + 1;
    }
    if (lo < base + c && node.items[lo]! < best) best = node.items[lo]!;
  }
  return best === Infinity ? largest : best;
}

/**
 * The coordinator's side: the frontier of the blocks merged so far, `add`ed shard by
 * shard in block order, and the quantiles read from it.
 */
export class RankSketchFrontier {
  private readonly stack: NodeStack;
  // Query scratch: one cursor per frontier node.
  private cursor = new Int32Array(0);

  constructor(readonly sketches: number) {
    this.stack = new NodeStack(sketches);
  }

  /** Blocks covered so far. */
  get blocks(): number {
    return this.stack.end;
  }

  /**
   * Adds the encoded nodes of the next shard (from `rankSketchShard`).
   * @throws when they are malformed or do not start where the frontier ends.
   */
  add(encoded: Float64Array): void {
    decodeInto(encoded, this.stack);
  }

  /** Passes over `blocks` blocks that will never come (a partial merge of shard tasks). */
  skip(blocks: number): void {
    this.stack.skipTo(this.stack.end + blocks);
  }

  /** The frontier's nodes, encoded (the resume state). */
  serialize(): Float64Array {
    return encode(this.stack.nodes, this.sketches);
  }

  /** A frontier restored from `serialize()`. @throws as `add`. */
  static deserialize(data: Float64Array, sketches: number): RankSketchFrontier {
    const frontier = new RankSketchFrontier(sketches);
    frontier.add(data);
    return frontier;
  }

  /**
   * Quantiles of sketch k in one pass: `out[outOffset + j]` = the q_j-quantile of the
   * n values merged (`qs` ascending). Rank r = ceil(q·n) (type 1 of Hyndman & Fan,
   * clamped to [1, n]); ranks 1 and n give the exact `min` and `max`, others the item
   * where the cumulative weight reaches r/n of the sketch's total weight (Σw of the
   * trials, up to what compaction changed). Unweighted, that is the item of rank r; with
   * importance-sampling weights, the weighted empirical distribution's quantile at the
   * sample's resolution 1/n. An empty sketch gives NaN.
   */
  quantiles(k: number, qs: ArrayLike<number>, n: number, min: number, max: number, out: Float64Array, outOffset = 0): void {
    const nodes = this.stack.nodes;
    const N = nodes.length;
    if (this.cursor.length < N) this.cursor = new Int32Array(N);
    const cursor = this.cursor;
    const base = k * RANK_SKETCH_CAPACITY;
    let total = 0;
    let unit = true;
    for (let i = 0; i < N; i++) {
      cursor[i] = 0;
      const node = nodes[i]!;
      if (node.unit) total += node.counts[k]! * 2 ** node.level;
      else for (let t = base; t < base + node.counts[k]!; t++) total += node.weights[t]!;
      unit &&= node.unit;
    }
    let cumulative = 0;
    let value = NaN;
    for (let j = 0; j < qs.length; j++) {
      if (!(n > 0) || total === 0) {
        out[outOffset + j] = NaN;
        continue;
      }
      if (j > 0 && qs[j]! < qs[j - 1]!) throw new RangeError('RankSketchFrontier.quantiles: qs must be ascending');
      const q = qs[j]!;
      const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
      if (rank === 1 || rank === n) {
        out[outOffset + j] = rank === 1 ? min : max;
        continue;
      }
      const target = (rank * total) / n;
      if (unit) {
        value = unitQuantile(nodes, k, target);
        out[outOffset + j] = value < min ? min : value > max ? max : value;
        continue;
      }
      // k-way merge of the nodes' sorted items, advanced until the weight reaches target.
      while (cumulative < target) {
        let best = -1;
        let bestValue = Infinity;
        for (let i = 0; i < N; i++) {
          const node = nodes[i]!;
          if (cursor[i]! < node.counts[k]!) {
            const x = node.items[base + cursor[i]!]!;
            if (best < 0 || x < bestValue) {
              best = i;
              bestValue = x;
            }
          }
        }
        if (best < 0) break;
        const node = nodes[best]!;
        cumulative += node.unit ? 2 ** node.level : node.weights[base + cursor[best]!]!;
        cursor[best]!++;
        value = bestValue;
      }
      out[outOffset + j] = value < min ? min : value > max ? max : value;
    }
  }

  /**
   * What each quantile of sketch k is known to: half the spread between the quantiles
   * RANK_SKETCH_RANK_ERROR·n ranks below and above it (0 where both are the same value,
   * an atom or an exact extreme). `out` as in `quantiles`.
   */
  resolution(k: number, qs: ArrayLike<number>, n: number, min: number, max: number, out: Float64Array, outOffset = 0): void {
    const band = new Float64Array(2 * qs.length);
    const bandQs = new Float64Array(2 * qs.length);
    for (let j = 0; j < qs.length; j++) {
      bandQs[2 * j] = Math.max(0, qs[j]! - RANK_SKETCH_RANK_ERROR);
      bandQs[2 * j + 1] = Math.min(1, qs[j]! + RANK_SKETCH_RANK_ERROR);
    }
    // Ascending as `quantiles` needs: the bands of ascending qs may overlap.
    const order = Array.from(bandQs.keys()).sort((a, b) => bandQs[a]! - bandQs[b]!);
    const sortedQs = Float64Array.from(order, (i) => bandQs[i]!);
    const sortedOut = new Float64Array(order.length);
    this.quantiles(k, sortedQs, n, min, max, sortedOut);
    order.forEach((i, at) => (band[i] = sortedOut[at]!));
    for (let j = 0; j < qs.length; j++) out[outOffset + j] = (band[2 * j + 1]! - band[2 * j]!) / 2;
  }
}
