/**
 * An Arrow IPC *file* (`ARROW1` … footer … `ARROW1`) written batch by batch straight to
 * an {@link AtomicFileStream}, so a big file is never held in memory and only appears
 * at its path once its footer is written.
 *
 * arrow JS's RecordBatchFileWriter emits its bytes into an internal AsyncByteQueue that
 * is drained asynchronously (or all at once by `toUint8Array`). Handing `reset()` a
 * subclass of AsyncByteQueue whose `write` forwards each chunk synchronously to disk
 * makes the writer streaming without an async pump: when `write(batch)` returns, the
 * batch's bytes are in the file (or in the stream's small coalescing buffer).
 */

import { AsyncByteQueue, Data, RecordBatch, RecordBatchFileWriter, Schema, Struct, makeData } from 'apache-arrow';
import { AtomicFileStream } from './atomic-file.js';

class AtomicFileSink extends AsyncByteQueue {
  constructor(private readonly file: AtomicFileStream) {
    super();
  }

  // The writer always hands over Uint8Array (it calls toUint8Array before sink.write).
  override write(chunk: Uint8Array): undefined {
    this.file.write(chunk);
    return undefined;
  }
}

export class ArrowFileWriter {
  readonly schema: Schema;
  private readonly file: AtomicFileStream;
  private readonly writer: RecordBatchFileWriter;
  private done = false;

  private constructor(path: string, schema: Schema) {
    this.schema = schema;
    this.file = AtomicFileStream.open(path);
    this.writer = new RecordBatchFileWriter();
    // Passing the schema up front writes the leading magic now and fixes the footer's
    // schema (with its metadata) even if no batch is ever written.
    this.writer.reset(new AtomicFileSink(this.file), schema);
  }

  /** Starts `path`'s temp file (the directory must exist). */
  static open(path: string, schema: Schema): ArrowFileWriter {
    return new ArrowFileWriter(path, schema);
  }

  get path(): string {
    return this.file.path;
  }

  /** Bytes written so far, footer excluded. */
  get bytesWritten(): number {
    return this.file.bytesWritten;
  }

  /**
   * Writes one record batch whose columns are `columns`, in schema order, all of
   * length `length`. The data can be dropped once this returns.
   */
  writeColumns(length: number, columns: readonly Data[]): void {
    this.requireOpen();
    const { fields } = this.schema;
    if (columns.length !== fields.length) {
      throw new Error(`${this.path}: ${columns.length} columns for a schema of ${fields.length}`);
    }
    columns.forEach((column, i) => {
      if (column.length !== length) {
        throw new Error(`${this.path}: column '${fields[i].name}' has ${column.length} rows, expected ${length}`);
      }
    });
    const data = makeData({ type: new Struct(fields), length, nullCount: 0, children: [...columns] });
    try {
      this.writer.write(new RecordBatch(this.schema, data));
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Writes the footer and moves the file into place. */
  close(): void {
    this.requireOpen();
    this.done = true;
    try {
      this.writer.close();
    } catch (err) {
      this.file.abort();
      throw err;
    }
    this.file.commit();
  }

  /** Discards the file; whatever was at `path` before stays. Safe to call twice. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    // Not writer.abort(): that would first write the footer into the sink, and the
    // writer is dropped with the temp file anyway.
    this.file.abort();
  }

  private requireOpen(): void {
    if (this.done) throw new Error(`${this.path}: writer already closed or aborted`);
  }
}

/** Writes a whole (small) table as one record batch, atomically. */
export function writeArrowFile(path: string, schema: Schema, length: number, columns: readonly Data[]): void {
  const writer = ArrowFileWriter.open(path, schema);
  try {
    writer.writeColumns(length, columns);
    writer.close();
  } catch (err) {
    writer.abort();
    throw err;
  }
}
