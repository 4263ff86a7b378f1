/**
 * A part file: what shard task i of n of a campaign leaves in `<out>/parts/`
 * (`part-0003-of-0016.scxpart`) for `scale-across merge`. It is nothing but the task's
 * partial results (partial-result.ts), one after another in trial order, each with its
 * own checksum; the first also carries the part's meta section: the campaign (resolved
 * scenarios, variant labels, hash) and which shard this is, so that `merge` needs no
 * config file and can tell a foreign, duplicate or misplaced part from a good one.
 *
 * The rank-sketch nodes (src/stats/rank-sketch.ts) are most of a partial result's bytes:
 * each of the task's ≈ 30 results ships one node of up to 1 024 doubles per sketch. The
 * writer therefore combines them as the merge's frontier would, and writes the part's
 * nodes once, with its last result (the others carry an empty node set): the canonical
 * dyadic nodes inside the part's blocks, typically 6 instead of 30. The bits are those
 * of the merge's own combining: a node (level, index) is a function of its two children
 * only (`combine`), whichever stack forms it, and both stacks are fed the same nodes in
 * block order, so the frontier ends with the same nodes whether it combines them itself
 * or receives them combined.
 *
 * Without importance sampling the part writer also folds the log sketches of the
 * histograms (the other half of a part's bytes): their counts are integers, exact in
 * any order of addition, so the last result carries the sum of the part's blocks as one
 * sketch group and the others none (src/stats/shard-aggregate.ts, "Sketch groups"). A
 * weighted campaign's sketches stay per block: their sums round, so only block order
 * gives the bits of a one-machine run.
 *
 * A part is written to a temp name and renamed into place once complete (and fsynced):
 * a task killed mid-write leaves no part, a rerun of the same index writes the same
 * bytes under the same name, so there is never more than one part per index.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { METRIC_COUNT } from '../model/metrics.js';
import type { Scenario } from '../model/scenario.js';
import { AtomicFileStream, isAtomicTempName } from '../output/atomic-file.js';
import { RankSketchFrontier } from '../stats/rank-sketch.js';
import { createSketchBank } from '../stats/log-sketch.js';
import { MAX, MIN, SLOT } from '../stats/moments.js';
import {
  addSparseSketches,
  BLOCK_TRIALS,
  shardAggregateFromData,
  sparseSketches,
  withSketchesAndNodes,
  type ShardAggregate,
} from '../stats/shard-aggregate.js';
import { campaignHash } from './campaign-spec.js';
import { syntheticWeights } from './fault-injection.js';
import {
  decodePartial,
  encodePartial,
  partialBytes,
  partialHeaderBytes,
  PARTIAL_SECTION_KIND,
  PartialResultError,
  readPartialHeader,
  type EncodedPartial,
  type PartialResult,
} from './partial-result.js';
import type { ShardTask } from './shard-task-plan.js';

export const PARTS_DIR = 'parts';
export const PART_SUFFIX = '.scxpart';

export function partFileName(task: ShardTask): string {
  return `part-${String(task.index).padStart(4, '0')}-of-${String(task.count).padStart(4, '0')}${PART_SUFFIX}`;
}

/** The meta section of a part, as JSON. */
export interface PartMeta {
  readonly shard_index: number;
  readonly shard_count: number;
  /** The part's trials: first … first + trials − 1. */
  readonly first: number;
  readonly trials: number;
  readonly campaign_hash: string;
  /** Whether the part holds the per-trial rows (not --summary-only). */
  readonly rows: boolean;
  readonly scenarios: readonly Scenario[];
  readonly variant_labels: readonly string[] | null;
  /** The command that runs this campaign's shard tasks, without `--shard` (for the message naming missing shards). */
  readonly command: readonly string[];
}

/** The shard task's results into its part file, in trial order; the file appears at `finish`. */
export class PartWriter {
  private readonly file: AtomicFileStream;
  private next: number;
  /** Per variant: the rank-sketch nodes of the results written so far, combined (written with the last result). */
  private nodes: RankSketchFrontier[] | null = null;
  /** Per variant: the log sketches of the results written so far, summed (written with the last result); null when weighted. */
  private sketches: Float64Array[] | null = null;
  /** Whether every trial of the campaign weighs 1 (no importance sampling): then the sketches are folded. */
  private readonly fold: boolean;

  constructor(
    readonly path: string,
    private readonly meta: PartMeta,
  ) {
    // Weights come from importance sampling (a scenario's rare_events) or, in tests, from
    // SCALE_ACROSS_FAULT_WEIGHTS (the shard task's workers see this process's environment).
    this.fold = syntheticWeights() === null && meta.scenarios.every((s) => s.rareEvents === undefined);
    this.file = AtomicFileStream.open(path);
    this.next = meta.first;
  }

  /** The next partial result in trial order (its worker's encoding is not used: the writer moves its rank-sketch nodes). */
  add(result: PartialResult, _encoded: EncodedPartial | null): void {
    if (result.first !== this.next) throw new RangeError(`part: trials from ${result.first} arrive where ${this.next} is next`);
    const last = result.first + result.count === this.meta.first + this.meta.trials;
    this.nodes ??= result.summaries.map((data) => {
      const frontier = new RankSketchFrontier(shardAggregateFromData(data).schemes * METRIC_COUNT);
      frontier.skip(this.meta.first / BLOCK_TRIALS);
      return frontier;
    });
    if (this.fold) this.sketches ??= result.summaries.map((data) => createSketchBank(shardAggregateFromData(data).schemes * METRIC_COUNT));
    const summaries = result.summaries.map((data, v) => {
      const agg = shardAggregateFromData(data);
      const frontier = this.nodes![v]!;
      frontier.add(agg.quantileNodes);
      const nodes = last ? frontier.serialize() : new RankSketchFrontier(frontier.sketches).serialize();
      if (this.sketches === null) return withSketchesAndNodes(agg, agg.sketchGroups, agg.sketchRanges, agg.sketchCounts, nodes);
      const bank = this.sketches[v]!;
      foldSketches(bank, agg, result.first);
      if (!last) return withSketchesAndNodes(agg, 0, NONE, NONE, nodes);
      const { ranges, counts } = sparseSketches(bank, frontier.sketches);
      return withSketchesAndNodes(agg, 1, ranges, counts, nodes);
    });
    // The first result also carries the meta section; every one is checksummed here, as the bytes written.
    const meta = result.first === this.meta.first ? Buffer.from(JSON.stringify(this.meta), 'utf8') : null;
    const bytes = encodePartial({ ...result, summaries, meta }, this.meta.campaign_hash);
    for (const piece of partialBytes(bytes)) this.file.write(piece);
    this.next += result.count;
  }

  /** Makes the part appear at its name (fsynced), then drops temp files earlier attempts at this index left. */
  finish(): void {
    if (this.next !== this.meta.first + this.meta.trials) throw new Error(`part: ${this.next - this.meta.first} of ${this.meta.trials} trials written`);
    this.file.commit();
    const name = basename(this.path);
    for (const other of readdirSync(dirname(this.path)))
      if (other.startsWith(`${name}.`) && isAtomicTempName(other)) rmSync(join(dirname(this.path), other), { force: true });
  }

  abort(): void {
    this.file.abort();
  }
}

const NONE = new Float64Array(0);

/**
 * Adds the sketches of `agg` (trials from `first`) to `bank`, after checking that every
 * trial of it weighs exactly 1, which is what makes the fold exact.
 */
function foldSketches(bank: Float64Array, agg: ShardAggregate, first: number): void {
  for (let b = 0; b < agg.blocks; b++)
    if (agg.blockWeights[b * SLOT + MIN] !== 1 || agg.blockWeights[b * SLOT + MAX] !== 1)
      throw new Error(`part: trials from ${first + b * BLOCK_TRIALS} weigh other than 1 in a campaign without importance sampling`);
  addSparseSketches(bank, agg.sketchRanges, agg.sketchCounts, agg.schemes * METRIC_COUNT);
}

/** Reads a part's partial results one at a time (memory: one result). */
export class PartReader {
  private readonly fd: number;
  private at = 0;
  /** The campaign hash in the header of the last result read. */
  lastHash = '';

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
  }

  private read(bytes: Uint8Array, position: number): number {
    let done = 0;
    while (done < bytes.byteLength) {
      const n = readSync(this.fd, bytes, done, bytes.byteLength - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  /**
   * The next result, checked against `hash` (null: its own header's hash), or null at the end.
   * @throws PartialResultError on bytes that are not a whole, intact result.
   */
  next(hash: string | null): PartialResult | null {
    const header = this.header();
    if (header === null) return null;
    const { byteLength, campaignHash: own } = header;
    const bytes = new Uint8Array(byteLength);
    const n = this.read(bytes, this.at);
    const result = decodePartial(bytes.subarray(0, n), hash ?? own);
    this.lastHash = own;
    this.at += byteLength;
    return result;
  }

  /**
   * Passes over the next result reading only its header (no checksum: the merge checks
   * it as it reads the result), or null at the end.
   * @throws PartialResultError on a header that is not one, or a file that ends inside the result.
   */
  skip(): { readonly first: number; readonly count: number; readonly campaignHash: string; readonly rows: boolean } | null {
    const header = this.header();
    if (header === null) return null;
    const { first, count, campaignHash, byteLength, sections } = header;
    if (this.at + byteLength > fstatSync(this.fd).size) throw new PartialResultError(`cut short at byte ${this.at}`);
    this.at += byteLength;
    return { first, count, campaignHash, rows: sections.some((s) => s.kind === PARTIAL_SECTION_KIND.values) };
  }

  /** The header of the result at the read position, or null at the end of the file. */
  private header(): ReturnType<typeof readPartialHeader> | null {
    const head = new Uint8Array(16);
    const got = this.read(head, this.at);
    if (got === 0) return null;
    const headerBytes = partialHeaderBytes(head.subarray(0, got));
    if (headerBytes === 0) throw new PartialResultError(`no partial result at byte ${this.at}`);
    const header = new Uint8Array(headerBytes);
    if (this.read(header, this.at) < headerBytes) throw new PartialResultError(`cut short at byte ${this.at}`);
    return readPartialHeader(header);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** What a part holds, once read through and checked. */
export interface CheckedPart {
  readonly path: string;
  readonly meta: PartMeta;
}

/**
 * Reads a part through, checking that the first result carries a meta section agreeing
 * with its header, and that the results cover the part's trials exactly; with `bodies`,
 * every result's checksum too, else only the first's and the other results' headers (a
 * few hundred bytes each: `merge` checks the checksums as it merges, so that it reads
 * every part once).
 * @throws PartialResultError saying what is wrong.
 */
export function checkPart(path: string, bodies = true): CheckedPart {
  const reader = new PartReader(path);
  try {
    const first = reader.next(null);
    if (first === null) throw new PartialResultError('empty');
    if (!first.meta) throw new PartialResultError('no meta section: not a part file');
    let meta: PartMeta;
    try {
      meta = JSON.parse(Buffer.from(first.meta).toString('utf8')) as PartMeta;
    } catch {
      throw new PartialResultError('its meta section is not JSON');
    }
    const hash = campaignHash(meta.scenarios);
    if (meta.campaign_hash !== hash || reader.lastHash !== hash) throw new PartialResultError('its meta section does not match its campaign hash');
    // The header's hash was checked against itself; now against the meta's campaign.
    decodeCheck(first, meta);
    let next = first.first + first.count;
    const following = () => {
      if (bodies) {
        const r = reader.next(hash);
        return r && { first: r.first, count: r.count, rows: r.values !== null };
      }
      const h = reader.skip();
      if (h !== null && h.campaignHash !== hash) throw new PartialResultError('belongs to another campaign (another scenario, seed or trial count)');
      return h;
    };
    for (let r = following(); r !== null; r = following()) {
      if (r.first !== next) throw new PartialResultError(`trials from ${r.first} where ${next} is next`);
      if (r.rows !== meta.rows) throw new PartialResultError('some results with rows, some without');
      next += r.count;
    }
    if (next !== meta.first + meta.trials) throw new PartialResultError(`holds trials ${meta.first}–${next - 1}, not ${meta.first}–${meta.first + meta.trials - 1}`);
    return { path, meta };
  } finally {
    reader.close();
  }
}

function decodeCheck(first: PartialResult, meta: PartMeta): void {
  if (first.first !== meta.first) throw new PartialResultError(`starts at trial ${first.first}, its meta says ${meta.first}`);
  if ((first.values !== null) !== meta.rows) throw new PartialResultError('its rows and its meta disagree');
}
