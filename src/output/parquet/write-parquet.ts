/**
 * `--format parquet`: each Arrow result file also as `.parquet`, for SQL engines that
 * read Parquet natively (DuckDB, Spark, Trino, BI tools). A campaign writes
 * trials.parquet as it runs, from trials.arrow's own batches, and converts the small
 * files at the end (parquet-thread.ts); `convertArrowFile` converts a finished file.
 *
 * parquet-wasm (arrow-rs's Parquet writer compiled to WebAssembly) writes Arrow record
 * batches as they are, handed over as the file's own IPC bytes (ipc-batch-streams.ts):
 * the Arrow schema — uint32, float64, dictionary strings, the schema's `scale_across.*`
 * metadata and each field's `unit` — is stored in the file (`ARROW:schema`), so
 * pyarrow/Polars read back the same types, and the schema metadata is also written as
 * Parquet key-value metadata, where DuckDB and Spark see it. Only Arrow's dictionary
 * columns are dictionary-encoded, and pages are Snappy-compressed (see `writerProperties`).
 * trials are streamed: one record batch at a time is handed to the writer, which
 * writes a row group every ROW_GROUP_ROWS rows, so memory stays flat in the trial count.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { DataType, type Schema } from 'apache-arrow';
import { AtomicFileStream } from '../atomic-file.js';
import { CAUSES_FILE, COMPARISON_FILE, HISTOGRAMS_FILE, parquetName, SUMMARY_FILE, TRIALS_FILE } from '../result-file-names.js';
import { concatBytes } from '../concat-bytes.js';
import { ipcBatchStreams } from './ipc-batch-streams.js';
import { footerIn, sortKeyValueMetadata } from './sort-key-value-metadata.js';

// The node build loads its WebAssembly synchronously, on first use only (≈ 5 MB).
type ParquetWasm = typeof import('parquet-wasm/node');
let wasm: ParquetWasm | null = null;
function parquetWasm(): ParquetWasm {
  wasm ??= createRequire(import.meta.url)('parquet-wasm/node') as ParquetWasm;
  return wasm;
}

/**
 * Rows per row group: memory while writing is one row group (≈ 15 MB of column data);
 * about DuckDB's own 122 880, larger than one batch of trials.arrow.
 */
export const ROW_GROUP_ROWS = 1 << 17;

/** Bytes held back to reach the footer: ≈ 3 KB per row group, so ≈ 2 700 row groups (7·10⁷ trials). */
const TAIL_BYTES = 8 << 20;

export const PARQUET_SOURCES = [SUMMARY_FILE, COMPARISON_FILE, HISTOGRAMS_FILE, CAUSES_FILE, TRIALS_FILE] as const;

export { parquetName };

/**
 * How the columns are encoded. Parquet dictionary encoding pays only where Arrow already
 * has a dictionary (scheme, status, variant: a handful of ids over every row); on the
 * float64 metrics it hashes every value, overflows the dictionary page and falls back to
 * plain anyway — it was most of the writer's time and made trials.parquet larger (18.1
 * against 15.0 MB at 10⁵ trials). Snappy, which every Parquet reader supports: ZSTD
 * (level 1) makes trials.parquet 40 % smaller (9.2 MB) but costs ≈ 0.5 s per 10⁵ trials
 * more, which breaks the budget of < 15 % of a run; LZ4_RAW is no faster here and
 * uncompressed is slower (3.7× the bytes to write and fsync). Measured with
 * bench/report-bench.ts.
 *
 * Min/max statistics per row group (what engines prune row groups by) only on the
 * columns where they can prune: integers and dictionary ids (trial ranges, a scheme,
 * cuts > 0). A float metric's row group of trials in trial order spans nearly the
 * metric's whole range, so its min/max rules out nothing, and computing them was ≈ 15–20 %
 * of the encoder's CPU (a compare of every value, in WebAssembly).
 */
function writerProperties(pq: ParquetWasm, schema: Schema) {
  let builder = new pq.WriterPropertiesBuilder()
    // The schema metadata also as Parquet key-value metadata, where SQL engines look
    // (DuckDB's parquet_kv_metadata); ARROW:schema keeps it for Arrow readers.
    .setKeyValueMetadata(new Map(schema.metadata))
    .setCompression(pq.Compression.SNAPPY)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(pq.EnabledStatistics.Chunk)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setCreatedBy('scale-across (parquet-wasm)');
  for (const field of schema.fields) {
    if (DataType.isDictionary(field.type)) builder = builder.setColumnDictionaryEnabled(field.name, true);
    else if (DataType.isFloat(field.type)) builder = builder.setColumnStatisticsEnabled(field.name, pq.EnabledStatistics.None);
  }
  return builder.build();
}

/**
 * Writes `parquetPath` (atomically) from record batches given as one-batch IPC streams,
 * pulled one at a time: nothing is read ahead of what the writer
 * has taken. `schema` is theirs (its metadata becomes the file's key-value metadata).
 * `taken` is called once a stream's bytes are copied into the WebAssembly memory: from
 * then on the caller may reuse them (the Parquet thread hands over views of shared slots).
 */
export async function writeIpcStreams(streams: AsyncIterator<Uint8Array>, schema: Schema, parquetPath: string, taken: () => void = () => {}): Promise<void> {
  const pq = parquetWasm();
  const file = AtomicFileStream.open(parquetPath);
  try {
    const source = new ReadableStream({
      async pull(controller) {
        const next = await streams.next();
        if (next.done) {
          controller.close();
          return;
        }
        const table = pq.Table.fromIPCStream(next.value);
        taken();
        for (const batch of table.recordBatches()) controller.enqueue(batch);
        table.free();
      },
    });
    const bytes = await pq.transformParquetStream(source, writerProperties(pq, schema));
    // The last TAIL_BYTES stay in memory until the end: the footer is in them, and its
    // key-value metadata is put in key order (see sort-key-value-metadata.ts).
    const tail: Uint8Array[] = [];
    let held = 0;
    for await (const chunk of bytes as unknown as AsyncIterable<Uint8Array>) {
      tail.push(chunk);
      held += chunk.length;
      while (held - tail[0]!.length >= TAIL_BYTES) {
        const out = tail.shift()!;
        held -= out.length;
        file.write(out);
      }
    }
    const end = concatBytes(tail);
    const footer = footerIn(end);
    if (footer === null) throw new Error(`${parquetPath}: a Parquet footer of over ${TAIL_BYTES} bytes`);
    sortKeyValueMetadata(footer);
    file.write(end);
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
}

/** One Arrow IPC file → one Parquet file next to it (atomically), streamed batch by batch. */
export async function convertArrowFile(arrowPath: string, parquetPath: string): Promise<void> {
  const handle = await open(arrowPath, 'r');
  try {
    const { schema, streams } = await ipcBatchStreams(handle, arrowPath);
    await writeIpcStreams(streams, schema, parquetPath);
  } finally {
    await handle.close();
  }
}

/**
 * Writes `<name>.parquet` for every result file of `outDir` (trials.arrow when it exists)
 * that has none yet (a campaign with `--format arrow,parquet` writes them as it runs;
 * this covers any other); returns the paths of all of them.
 */
export async function writeParquet(outDir: string, { missingOnly = false } = {}): Promise<string[]> {
  const written: string[] = [];
  for (const name of PARQUET_SOURCES) {
    const source = join(outDir, name);
    if (!existsSync(source)) continue;
    const target = join(outDir, parquetName(name));
    if (!missingOnly || !existsSync(target)) await convertArrowFile(source, target);
    written.push(target);
  }
  return written;
}
