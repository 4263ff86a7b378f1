/**
 * `trials.arrow` (docs/model.md#results): one row per trial × scheme, rows ordered by trial then
 * scheme, streamed to disk one record batch at a time as the coordinator hands over
 * finished shards in trial order. Memory use is one batch, whatever the trial count.
 *
 * Columns: [`variant` dictionary<utf8>,] `trial` uint32, `scheme` dictionary<utf8>,
 * `status` dictionary<utf8>, `weight` float64 (the trial's likelihood-ratio weight under
 * importance sampling, the same on every scheme's row; exactly 1 without it, always
 * written so that a dashboard's weighted means need no special case), then every metric of METRICS in order, float64 except the
 * counts (`crashes_network`, `crashes_background`, `cuts`) which are uint32; each metric
 * field carries its `unit` metadata.
 *
 * An IPC file holds a single dictionary per column, so the `scheme` dictionary is the
 * scenario's scheme ids and the `status` dictionary is STATUSES, fixed before the first
 * batch; every batch references the very same dictionary vector, which makes the arrow
 * JS writer emit it once (a different vector would be a "replacement dictionary", which
 * the file format forbids and the writer rejects).
 */

import {
  type Data,
  Dictionary,
  Float64,
  Int8,
  Int16,
  Int32,
  Schema,
  Uint32,
  Utf8,
  type Vector,
  makeData,
  makeVector,
} from 'apache-arrow';
import { METRICS, METRIC_COUNT, METRIC_UNIT, type Metric, STATUSES } from '../model/metrics.js';
import type { Scenario } from '../model/scenario.js';
import { ArrowFileWriter, type IpcMirror } from './arrow-file-writer.js';
import { type ExtraMetadata, fieldWithUnit, schemaMetadata } from './arrow-metadata.js';
import { utf8Column } from './arrow-columns.js';

export { TRIALS_FILE } from './result-file-names.js';

/** Per-trial metrics that are counts, written as uint32 instead of float64. */
export const UINT32_METRICS: ReadonlySet<Metric> = new Set<Metric>(['crashes_network', 'crashes_background', 'cuts']);

/** Rows per record batch when the caller does not say (≈ 14 MB of column data). */
export const DEFAULT_MAX_BATCH_ROWS = 1 << 17;

// Explicit dictionary ids keep the file bytes independent of how many Dictionary types
// the process created before (arrow JS numbers them from a global counter otherwise).
const SCHEME_DICTIONARY_ID = 0;
const STATUS_DICTIONARY_ID = 1;
const VARIANT_DICTIONARY_ID = 2;

export interface TrialsWriterOptions {
  /**
   * Upper bound on rows per record batch; a larger shard is split at trial boundaries.
   * A batch always holds at least one trial (all its schemes).
   */
  readonly maxBatchRows?: number;
  /**
   * For a sweep writing several variants into one file: the variant names. Adds a
   * leading `variant` dictionary<utf8> column; `appendShard`'s `variant` argument
   * indexes this list.
   */
  readonly variants?: readonly string[];
  /** Schema metadata added to the standard keys. */
  readonly extraMetadata?: ExtraMetadata;
  /** Gets a copy of the file's IPC bytes batch by batch (trials.parquet is written from them). */
  readonly mirror?: IpcMirror;
}

type IndexType = Int8 | Int16 | Int32;
type IndexArray = Int8Array | Int16Array | Int32Array;

/** The narrowest signed index type for a dictionary of `size` entries. */
function indexTypeFor(size: number): { type: IndexType; make: (n: number) => IndexArray } {
  if (size <= 0x7f) return { type: new Int8(), make: (n) => new Int8Array(n) };
  if (size <= 0x7fff) return { type: new Int16(), make: (n) => new Int16Array(n) };
  return { type: new Int32(), make: (n) => new Int32Array(n) };
}

interface DictionaryColumn {
  readonly type: Dictionary<Utf8, IndexType>;
  readonly dictionary: Vector<Utf8>;
  readonly makeIndices: (n: number) => IndexArray;
}

function dictionaryColumn(values: readonly string[], id: number): DictionaryColumn {
  const { type, make } = indexTypeFor(values.length);
  return {
    type: new Dictionary(new Utf8(), type, id),
    dictionary: makeVector(utf8Column(values)),
    makeIndices: make,
  };
}

function dictionaryData(column: DictionaryColumn, indices: IndexArray): Data<Dictionary<Utf8, IndexType>> {
  return makeData({
    type: column.type,
    length: indices.length,
    nullCount: 0,
    data: indices,
    dictionary: column.dictionary,
  });
}

export class TrialsWriter {
  readonly schemeCount: number;
  private readonly file: ArrowFileWriter;
  private readonly scheme: DictionaryColumn;
  private readonly status: DictionaryColumn;
  private readonly variant: DictionaryColumn | null;
  private readonly trialsPerBatch: number;
  /**
   * Column buffers reused by every batch (the file sink copies or writes each buffer
   * before `write` returns, so nothing refers to them afterwards), grown on demand up to
   * one full batch so that a small run does not allocate a full batch's worth.
   */
  private scratch: Scratch | null = null;
  private lastVariant = -1;
  private nextTrial = 0;
  private rows = 0;

  private constructor(path: string, scenario: Scenario, options: TrialsWriterOptions) {
    const schemes = scenario.schemes.map((s) => s.id);
    if (schemes.length === 0) throw new Error('trials file: the scenario has no schemes');
    const maxBatchRows = options.maxBatchRows ?? DEFAULT_MAX_BATCH_ROWS;
    if (!Number.isInteger(maxBatchRows) || maxBatchRows < 1) {
      throw new Error(`trials file: maxBatchRows must be a positive integer, got ${maxBatchRows}`);
    }
    const S = schemes.length;
    this.schemeCount = S;
    this.trialsPerBatch = Math.max(1, Math.floor(maxBatchRows / S));
    this.scheme = dictionaryColumn(schemes, SCHEME_DICTIONARY_ID);
    this.status = dictionaryColumn(STATUSES, STATUS_DICTIONARY_ID);
    if (options.variants?.length === 0) throw new Error('trials file: variants must not be empty');
    this.variant = options.variants ? dictionaryColumn(options.variants, VARIANT_DICTIONARY_ID) : null;

    const fields = [
      ...(this.variant ? [fieldWithUnit('variant', this.variant.type)] : []),
      fieldWithUnit('trial', new Uint32()),
      fieldWithUnit('scheme', this.scheme.type),
      fieldWithUnit('status', this.status.type),
      fieldWithUnit('weight', new Float64()),
      ...METRICS.map((m) => fieldWithUnit(m, UINT32_METRICS.has(m) ? new Uint32() : new Float64(), METRIC_UNIT[m])),
    ];
    const schema = new Schema(fields, schemaMetadata(scenario, options.extraMetadata));
    this.file = ArrowFileWriter.open(path, schema, options.mirror ?? null);
  }

  /** Starts writing `path` (visible only after `close()`); the directory must exist. */
  static open(path: string, scenario: Scenario, options: TrialsWriterOptions = {}): TrialsWriter {
    return new TrialsWriter(path, scenario, options);
  }

  get schema(): Schema {
    return this.file.schema;
  }

  /** Rows (trial × scheme) written so far. */
  get rowsWritten(): number {
    return this.rows;
  }

  /**
   * Appends the outcomes of trials `first … first+n−1`, as workers return them:
   * `values[(t * S + s) * METRIC_COUNT + m]`, `status[t * S + s]` and `weights[t]` for
   * trial offset t, scheme s, metric m (S = scheme count). Shards must come in increasing trial order
   * within a variant. The arrays can be reused as soon as this returns.
   * @throws on a layout or ordering mistake (nothing is written then) or an I/O error
   * (the temp file is discarded and the writer is unusable).
   */
  appendShard(first: number, n: number, values: Float64Array, status: Uint8Array, weights: Float64Array, variant = 0): void {
    const S = this.schemeCount;
    if (!Number.isInteger(first) || first < 0 || !Number.isInteger(n) || n < 0 || first + n > 2 ** 32) {
      throw new Error(`trials file: bad shard [${first}, ${first}+${n})`);
    }
    if (values.length !== n * S * METRIC_COUNT) {
      throw new Error(`trials file: shard of ${n} trials × ${S} schemes needs ${n * S * METRIC_COUNT} values, got ${values.length}`);
    }
    if (status.length !== n * S) {
      throw new Error(`trials file: shard of ${n} trials × ${S} schemes needs ${n * S} status codes, got ${status.length}`);
    }
    if (weights.length !== n) throw new Error(`trials file: shard of ${n} trials needs ${n} weights, got ${weights.length}`);
    const variantCount = this.variant?.dictionary.length ?? 1;
    if (!Number.isInteger(variant) || variant < 0 || variant >= variantCount) {
      throw new Error(`trials file: variant index ${variant} out of range [0, ${variantCount})`);
    }
    if (variant === this.lastVariant && first < this.nextTrial) {
      throw new Error(`trials file: shard starting at trial ${first} arrives after trial ${this.nextTrial - 1}`);
    }
    const statusCount = STATUSES.length;
    for (let i = 0; i < status.length; i++) {
      if (status[i] >= statusCount) throw new Error(`trials file: status code ${status[i]} at row ${i} of shard ${first}`);
    }

    for (let t0 = 0; t0 < n; t0 += this.trialsPerBatch) {
      this.writeBatch(first + t0, Math.min(this.trialsPerBatch, n - t0), t0, values, status, weights, variant);
    }
    this.lastVariant = variant;
    this.nextTrial = first + n;
  }

  /** Writes the footer and moves `trials.arrow` into place. */
  close(): void {
    this.file.close();
  }

  /** Discards the temp file; a previous file at the path stays. A no-op after `close()`. */
  abort(): void {
    this.file.abort();
  }

  private writeBatch(
    firstTrial: number,
    trials: number,
    trialOffset: number,
    values: Float64Array,
    status: Uint8Array,
    weights: Float64Array,
    variant: number,
  ): void {
    const S = this.schemeCount;
    const rows = trials * S;
    const rowOffset = trialOffset * S;
    const { trial, schemeIndices, weight, metrics, variantIndices } = this.scratchFor(rows);
    const columns: Data[] = [];

    if (this.variant && variantIndices) {
      columns.push(dictionaryData(this.variant, variantIndices.subarray(0, rows).fill(variant)));
    }

    const trialIds = trial.subarray(0, rows);
    for (let t = 0, r = 0; t < trials; t++) {
      const id = firstTrial + t;
      for (let s = 0; s < S; s++) trialIds[r++] = id;
    }
    columns.push(makeData({ type: new Uint32(), length: rows, nullCount: 0, data: trialIds }));

    columns.push(dictionaryData(this.scheme, schemeIndices.subarray(0, rows)));
    // Status codes are the dictionary indices already: a zero-copy view.
    columns.push(dictionaryData(this.status, new Int8Array(status.buffer, status.byteOffset + rowOffset, rows)));

    const weightColumn = weight.subarray(0, rows);
    for (let t = 0, r = 0; t < trials; t++) {
      const w = weights[trialOffset + t]!;
      for (let s = 0; s < S; s++) weightColumn[r++] = w;
    }
    columns.push(makeData({ type: new Float64(), length: rows, nullCount: 0, data: weightColumn }));

    const metricColumns = metrics.map((column) => column.subarray(0, rows));
    transpose(values, rowOffset * METRIC_COUNT, rows, metricColumns);
    for (const column of metricColumns) {
      columns.push(
        column instanceof Uint32Array
          ? makeData({ type: new Uint32(), length: rows, nullCount: 0, data: column })
          : makeData({ type: new Float64(), length: rows, nullCount: 0, data: column }),
      );
    }

    this.file.writeColumns(rows, columns);
    this.rows += rows;
  }

  private scratchFor(rows: number): Scratch {
    if (this.scratch && this.scratch.trial.length >= rows) return this.scratch;
    const S = this.schemeCount;
    const capacity = Math.min(this.trialsPerBatch * S, Math.max(rows, 2 * (this.scratch?.trial.length ?? 0)));
    const schemeIndices = this.scheme.makeIndices(capacity);
    for (let r = 0; r < capacity; r++) schemeIndices[r] = r % S;
    this.scratch = {
      trial: new Uint32Array(capacity),
      schemeIndices,
      weight: new Float64Array(capacity),
      metrics: METRICS.map((m) => (UINT32_METRICS.has(m) ? new Uint32Array(capacity) : new Float64Array(capacity))),
      variantIndices: this.variant ? this.variant.makeIndices(capacity) : null,
    };
    return this.scratch;
  }
}

interface Scratch {
  readonly trial: Uint32Array;
  /** 0,1,…,S−1 repeated; a batch takes a prefix (never written after creation). */
  readonly schemeIndices: IndexArray;
  readonly weight: Float64Array;
  readonly metrics: readonly (Float64Array | Uint32Array)[];
  readonly variantIndices: IndexArray | null;
}

/**
 * columns[m][r] = values[base + r·METRIC_COUNT + m]: the row-major shard → one array
 * per metric, one monomorphic strided pass per column (as fast as cache-blocked or
 * unrolled row-major variants here: the copy is memory-bound). Into a Uint32Array the
 * assignment is ToUint32, exact for the integral counts.
 */
function transpose(values: Float64Array, base: number, rows: number, columns: readonly (Float64Array | Uint32Array)[]): void {
  // The stride is passed down as a local: under vitest an imported binding is a getter
  // call on every access, which would dominate these loops.
  const stride = METRIC_COUNT;
  columns.forEach((column, m) => {
    if (column instanceof Float64Array) copyStrided64(column, values, base + m, stride, rows);
    else copyStrided32(column, values, base + m, stride, rows);
  });
}

function copyStrided64(out: Float64Array, values: Float64Array, start: number, stride: number, rows: number): void {
  for (let r = 0, i = start; r < rows; r++, i += stride) out[r] = values[i];
}

function copyStrided32(out: Uint32Array, values: Float64Array, start: number, stride: number, rows: number): void {
  for (let r = 0, i = start; r < rows; r++, i += stride) out[r] = values[i];
}
