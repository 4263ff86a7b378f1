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

import { AsyncByteQueue, type Data, Message, RecordBatch, RecordBatchFileWriter, type Schema, Struct, makeData } from 'apache-arrow';
import { AtomicFileStream } from './atomic-file.js';
import { concatBytes } from './concat-bytes.js';

/**
 * Receives the IPC bytes as the file is written, for a second format written from the
 * same batches (src/output/parquet/parquet-thread.ts): once the header (magic, padding,
 * schema message), then per batch the messages that batch added (its dictionaries the
 * first time, then the record batch) as the pieces the writer wrote, which stay valid
 * only until the call returns. Never the footer.
 */
export interface IpcMirror {
  header(bytes: Uint8Array): void;
  batch(parts: readonly Uint8Array[]): void;
}

class AtomicFileSink extends AsyncByteQueue {
  /**
   * Chunks written since capturing started. Views of the batch's column buffers, which
   * stay unchanged until `writeColumns` returns, so the mirror must copy them by then.
   */
  private captured: Uint8Array[] | null = null;

  constructor(private readonly file: AtomicFileStream) {
    super();
  }

  // The writer always hands over Uint8Array (it calls toUint8Array before sink.write).
  override write(chunk: Uint8Array): undefined {
    this.file.write(chunk);
    this.captured?.push(chunk);
    return undefined;
  }

  capture(): void {
    this.captured = [];
  }

  /** The pieces written since `capture()`; stops capturing. */
  takeCaptured(): Uint8Array[] {
    const parts = this.captured ?? [];
    this.captured = null;
    return parts;
  }

  /** The bytes written since `capture()`, as one array; stops capturing. */
  takeCapturedBytes(): Uint8Array {
    return concatBytes(this.takeCaptured());
  }
}

/**
 * arrow JS 21's file writer puts only `ARROW1` + padding before the first batch, not the
 * schema message the format specifies there ("magic, padding, then the streaming
 * format"). Readers going by the footer (pyarrow, arrow JS) do not mind, but a
 * reader that skips the 8-byte header and reads the rest as a stream does. Writing the
 * schema message makes the file conformant; it is not a block, so the footer's offsets
 * (kept by `_writeMessage`) are unaffected.
 */
class ConformingFileWriter extends RecordBatchFileWriter {
  protected override _writeSchema(schema: Schema): this {
    return this._writeMagic()._writePadding(2)._writeMessage(Message.from(schema));
  }
}

export class ArrowFileWriter {
  readonly schema: Schema;
  private readonly file: AtomicFileStream;
  private readonly writer: ConformingFileWriter;
  private readonly sink: AtomicFileSink;
  private done = false;

  private constructor(
    path: string,
    schema: Schema,
    private readonly mirror: IpcMirror | null,
  ) {
    this.schema = schema;
    this.file = AtomicFileStream.open(path);
    this.writer = new ConformingFileWriter();
    this.sink = new AtomicFileSink(this.file);
    try {
      if (mirror) this.sink.capture();
      // Passing the schema up front writes the header now and fixes the footer's schema
      // (with its metadata) even if no batch is ever written.
      this.writer.reset(this.sink, schema);
      if (mirror) mirror.header(this.sink.takeCapturedBytes());
    } catch (err) {
      this.file.abort();
      throw err;
    }
  }

  /** Starts `path`'s temp file (the directory must exist); `mirror` gets a copy of every batch's bytes. */
  static open(path: string, schema: Schema, mirror: IpcMirror | null = null): ArrowFileWriter {
    return new ArrowFileWriter(path, schema, mirror);
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
      // RecordBatch trusts the schema's types, so a mismatch would silently corrupt the file.
      if (column.typeId !== fields[i].typeId) {
        throw new Error(`${this.path}: column '${fields[i].name}' holds ${column.type}, the schema says ${fields[i].type}`);
      }
    });
    // The batch gets this very schema: arrow JS's writer silently closes itself and drops
    // a batch whose schema differs from the one it started with (apache/arrow-js#388).
    const data = makeData({ type: new Struct(fields), length, nullCount: 0, children: [...columns] });
    try {
      if (this.mirror) this.sink.capture();
      this.writer.write(new RecordBatch(this.schema, data));
      if (this.mirror) this.mirror.batch(this.sink.takeCaptured());
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
