/**
 * The mergeable partial result of a contiguous, block-aligned range of trials, and its
 * one binary format: what a worker hands back for a shard, what a shard file under
 * `<out>/.shards/` holds, and what the part files of a sharded campaign
 * (`<out>/parts/`) are sequences of.
 *
 * A result is typed arrays per variant: the summary aggregate (src/stats/shard-aggregate.ts,
 * the rank-sketch nodes of the summary quantiles included), the per-cause moments
 * (src/stats/cause-aggregator.ts), the variants' paired differences
 * (src/stats/variant-pairs.ts, sweeps only) and, unless --summary-only, the outcome rows
 * outcome rows, status codes and the trials' likelihood-ratio weights. Merged strictly
 * in trial order they give the same result files whatever the split
 * (docs/model.md#randomness).
 *
 * Encoded form (little-endian; version 4, whose summary sections carry weighted
 * per-block sums, the trials' weights and their log sketches per block or, in a part
 * file of an unweighted campaign, folded (src/stats/shard-aggregate.ts): a shard file
 * of another version is set aside and recomputed, a part file refused with a message
 * saying to rerun its shard task, never merged):
 *
 * | bytes   | what                                                                   |
 * |---------|------------------------------------------------------------------------|
 * | 0–7     | magic `SCXPART1`                                                       |
 * | 8–11    | u32 format version                                                     |
 * | 12–15   | u32 section count K                                                    |
 * | 16–23   | f64 first trial                                                        |
 * | 24–31   | f64 trial count                                                        |
 * | 32–63   | the campaign hash (sha256 of the scenarios): whose trials these are    |
 * | 64…     | K × 16-byte section entries: u8 kind (1 summary, 2 causes, 3 pairs,    |
 * |         | 4 values, 5 status, 6 meta, 7 weights), u8 element (1 f64, 2 u8),      |
 * |         | u16 variant, u32 zero, f64 element count                               |
 * | …       | the sections in table order, float64 ones first (8-aligned), then      |
 * |         | bytes, then zeros to a multiple of 8                                   |
 * | last 32 | sha256 of every byte before it                                         |
 *
 * The checksum is computed where the result is made (the worker thread; for a part file,
 * the part writer, which moves the results' rank-sketch nodes: part-file.ts), so a result
 * is verified from there to its merge: a file cut short, flipped bytes, a NaN written
 * into a header field, or a file of another campaign (hash) are all told apart from a
 * good one.
 */
import { createHash } from 'node:crypto';

export const PARTIAL_FORMAT_VERSION = 4;
const MAGIC = Buffer.from('SCXPART1', 'latin1');
const HEADER_BYTES = 64;
const ENTRY_BYTES = 16;
const CHECKSUM_BYTES = 32;
/** Far more than any campaign has (2 per variant, 256 variants, rows): a bound for a damaged count. */
const MAX_SECTIONS = 4096;

const KIND = { summary: 1, causes: 2, pairs: 3, values: 4, status: 5, meta: 6, weights: 7 } as const;
/** The section kinds of the section table (`readPartialHeader`'s `sections[i].kind`). */
export const PARTIAL_SECTION_KIND = KIND;
const F64 = 1;
const U8 = 2;

export interface PartialResult {
  readonly first: number;
  readonly count: number;
  /** Per variant: the shard aggregate's data (src/stats/shard-aggregate.ts). */
  readonly summaries: readonly Float64Array[];
  /** Per variant: per-cause moments per block (src/stats/cause-aggregator.ts). */
  readonly causes: readonly Float64Array[];
  /** Sweeps: the jct_h differences between variants (src/stats/variant-pairs.ts); else null. */
  readonly pairs: Float64Array | null;
  /** Per variant: outcome rows `[(trial − first) · S + scheme] · METRIC_COUNT + metric`; null with --summary-only. */
  readonly values: readonly Float64Array[] | null;
  /** Per variant: status codes `[(trial − first) · S + scheme]`; null with --summary-only. */
  readonly status: readonly Uint8Array[] | null;
  /** Per variant: the trials' likelihood-ratio weights `[trial − first]` (all 1 without importance sampling); null with --summary-only. */
  readonly weights: readonly Float64Array[] | null;
  /**
   * What a part file says about itself (part-file.ts: its campaign and shard, as UTF-8
   * JSON), carried by the first result of a part; absent elsewhere.
   */
  readonly meta?: Uint8Array | null;
}

/** A result with its header and checksum: ready to be written, byte for byte, as `partialBytes` lists. */
export interface EncodedPartial {
  readonly result: PartialResult;
  readonly header: Uint8Array;
  readonly checksum: Uint8Array;
}

/** Why bytes are not a partial result of the expected campaign: a message for the user. */
export class PartialResultError extends Error {}

/** Bytes of a partial result in another format version: intact, but written by another scale-across. */
export class PartialFormatError extends PartialResultError {}

type Section = { kind: number; variant: number; data: Float64Array | Uint8Array };

function sectionsOf(r: PartialResult): Section[] {
  const out: Section[] = [];
  r.summaries.forEach((data, variant) => out.push({ kind: KIND.summary, variant, data }));
  r.causes.forEach((data, variant) => out.push({ kind: KIND.causes, variant, data }));
  if (r.pairs) out.push({ kind: KIND.pairs, variant: 0, data: r.pairs });
  r.values?.forEach((data, variant) => out.push({ kind: KIND.values, variant, data }));
  r.weights?.forEach((data, variant) => out.push({ kind: KIND.weights, variant, data }));
  r.status?.forEach((data, variant) => out.push({ kind: KIND.status, variant, data }));
  if (r.meta) out.push({ kind: KIND.meta, variant: 0, data: r.meta });
  return out;
}

const bytesOf = (a: Float64Array | Uint8Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function paddingAfter(sections: readonly Section[]): number {
  const bytes = sections.reduce((n, s) => n + s.data.byteLength, 0);
  return (8 - (bytes % 8)) % 8;
}
const ZEROS = new Uint8Array(8);

/**
 * Header and checksum of `result` for the campaign `campaignHash` (64 hex digits).
 * `allocate` gives the header's and checksum's bytes (shared memory in a worker).
 */
export function encodePartial(
  result: PartialResult,
  campaignHash: string,
  allocate: (bytes: number) => Uint8Array = (n) => new Uint8Array(n),
): EncodedPartial {
  const sections = sectionsOf(result);
  const header = allocate(HEADER_BYTES + ENTRY_BYTES * sections.length);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  header.set(MAGIC, 0);
  view.setUint32(8, PARTIAL_FORMAT_VERSION, true);
  view.setUint32(12, sections.length, true);
  view.setFloat64(16, result.first, true);
  view.setFloat64(24, result.count, true);
  header.set(Buffer.from(campaignHash, 'hex'), 32);
  sections.forEach((s, i) => {
    const at = HEADER_BYTES + ENTRY_BYTES * i;
    view.setUint8(at, s.kind);
    view.setUint8(at + 1, s.data instanceof Float64Array ? F64 : U8);
    view.setUint16(at + 2, s.variant, true);
    view.setFloat64(at + 8, s.data.length, true);
  });
  const hash = createHash('sha256').update(header);
  for (const s of sections) hash.update(bytesOf(s.data));
  hash.update(ZEROS.subarray(0, paddingAfter(sections)));
  const checksum = allocate(CHECKSUM_BYTES);
  checksum.set(hash.digest());
  return { result, header, checksum };
}

/** The encoded bytes, in order, as pieces (for one gathering write). */
export function partialBytes(encoded: EncodedPartial): Uint8Array[] {
  const sections = sectionsOf(encoded.result);
  return [encoded.header, ...sections.map((s) => bytesOf(s.data)), ZEROS.subarray(0, paddingAfter(sections)), encoded.checksum];
}

export function partialByteLength(encoded: EncodedPartial): number {
  return partialBytes(encoded).reduce((n, b) => n + b.byteLength, 0);
}

/** Bytes of the header and section table, from the first 16 bytes of an encoded result (0 when they are no header). */
export function partialHeaderBytes(first16: Uint8Array): number {
  if (first16.byteLength < 16) return 0;
  const k = new DataView(first16.buffer, first16.byteOffset, 16).getUint32(12, true);
  return k < 1 || k > MAX_SECTIONS ? 0 : HEADER_BYTES + ENTRY_BYTES * k;
}

/** The first 64 bytes of an encoded result: enough to know its size and whose it is. */
export interface PartialHeader {
  readonly first: number;
  readonly count: number;
  readonly campaignHash: string;
  /** Bytes of the whole encoded result, checksum included. */
  readonly byteLength: number;
}

/**
 * Reads a header and its section table; `bytes` may go on past the result (a part file).
 * @throws PartialResultError on anything but a well-formed header of this format.
 */
export function readPartialHeader(bytes: Uint8Array): PartialHeader & { readonly sections: readonly { kind: number; element: number; variant: number; length: number }[] } {
  if (bytes.byteLength < HEADER_BYTES) throw new PartialResultError(`${bytes.byteLength} bytes, shorter than a header`);
  if (!Buffer.from(bytes.buffer, bytes.byteOffset, 8).equals(MAGIC)) throw new PartialResultError('not a scale-across partial result (magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== PARTIAL_FORMAT_VERSION)
    throw new PartialFormatError(
      `format version ${version}, written by ${version < PARTIAL_FORMAT_VERSION ? 'an older' : 'a newer'} scale-across; this one reads version ${PARTIAL_FORMAT_VERSION}`,
    );
  const k = view.getUint32(12, true);
  if (k < 1 || k > MAX_SECTIONS) throw new PartialResultError(`${k} sections`);
  const first = view.getFloat64(16, true);
  const count = view.getFloat64(24, true);
  if (!Number.isSafeInteger(first) || first < 0 || !Number.isSafeInteger(count) || count < 1)
    throw new PartialResultError(`trial range [${first}, +${count}) is not one`);
  const campaignHash = Buffer.from(bytes.buffer, bytes.byteOffset + 32, 32).toString('hex');
  const tableEnd = HEADER_BYTES + ENTRY_BYTES * k;
  if (bytes.byteLength < tableEnd) throw new PartialResultError('cut short in its section table');
  const sections = [];
  let data = 0;
  let floatsDone = false;
  for (let i = 0; i < k; i++) {
    const at = HEADER_BYTES + ENTRY_BYTES * i;
    const kind = view.getUint8(at);
    const element = view.getUint8(at + 1);
    const variant = view.getUint16(at + 2, true);
    const length = view.getFloat64(at + 8, true);
    if (kind < KIND.summary || kind > KIND.weights || (element !== F64 && element !== U8) || !Number.isSafeInteger(length) || length < 0)
      throw new PartialResultError(`section ${i} is not one`);
    if (element === U8) floatsDone = true;
    else if (floatsDone) throw new PartialResultError(`section ${i}: float64 after bytes`);
    data += length * (element === F64 ? 8 : 1);
    sections.push({ kind, element, variant, length });
  }
  const byteLength = tableEnd + data + ((8 - (data % 8)) % 8) + CHECKSUM_BYTES;
  return { first, count, campaignHash, byteLength, sections };
}

/**
 * The result encoded at the start of `bytes` (whose byteOffset must be a multiple of 8),
 * its arrays views on `bytes`, after checking the checksum and that it belongs to the
 * campaign `campaignHash`.
 * @throws PartialResultError saying what is wrong: cut short, checksum, another campaign, layout.
 */
export function decodePartial(bytes: Uint8Array, campaignHash: string): PartialResult {
  const header = readPartialHeader(bytes);
  if (bytes.byteLength < header.byteLength) throw new PartialResultError(`cut short: ${bytes.byteLength} of ${header.byteLength} bytes`);
  const body = bytes.subarray(0, header.byteLength - CHECKSUM_BYTES);
  const expected = bytes.subarray(header.byteLength - CHECKSUM_BYTES, header.byteLength);
  if (!createHash('sha256').update(body).digest().equals(expected)) throw new PartialResultError('checksum mismatch (damaged)');
  if (header.campaignHash !== campaignHash)
    throw new PartialResultError('belongs to another campaign (another scenario, seed or trial count)');
  if (bytes.byteOffset % 8 !== 0) throw new Error('decodePartial: bytes must start on an 8-byte boundary');
  let at = bytes.byteOffset + HEADER_BYTES + ENTRY_BYTES * header.sections.length;
  const summaries: Float64Array[] = [];
  const causes: Float64Array[] = [];
  const values: Float64Array[] = [];
  const status: Uint8Array[] = [];
  const weights: Float64Array[] = [];
  let pairs: Float64Array | null = null;
  let meta: Uint8Array | null = null;
  for (const s of header.sections) {
    const data = s.element === F64 ? new Float64Array(bytes.buffer, at, s.length) : new Uint8Array(bytes.buffer, at, s.length);
    at += data.byteLength;
    const list = { [KIND.summary]: summaries, [KIND.causes]: causes, [KIND.values]: values, [KIND.status]: status, [KIND.weights]: weights }[s.kind];
    const wantF64 = s.kind !== KIND.status && s.kind !== KIND.meta;
    if (wantF64 !== data instanceof Float64Array) throw new PartialResultError(`a section of kind ${s.kind} has the wrong element type`);
    if (s.kind === KIND.meta) {
      if (meta !== null) throw new PartialResultError('two meta sections');
      meta = data as Uint8Array;
    } else if (s.kind === KIND.pairs) {
      if (pairs !== null) throw new PartialResultError('two pairs sections');
      pairs = data as Float64Array;
    } else {
      if (s.variant !== list!.length) throw new PartialResultError(`sections of kind ${s.kind} out of variant order`);
      (list as (Float64Array | Uint8Array)[]).push(data);
    }
  }
  const V = summaries.length;
  const rows = values.length > 0;
  if (
    V < 1 ||
    causes.length !== V ||
    (V > 1) !== (pairs !== null) ||
    (rows && (values.length !== V || status.length !== V || weights.length !== V)) ||
    (!rows && (status.length > 0 || weights.length > 0)) ||
    weights.some((w) => w.length !== header.count)
  )
    throw new PartialResultError('its sections do not make a result');
  return {
    first: header.first,
    count: header.count,
    summaries,
    causes,
    pairs,
    values: rows ? values : null,
    status: rows ? status : null,
    weights: rows ? weights : null,
    meta,
  };
}
