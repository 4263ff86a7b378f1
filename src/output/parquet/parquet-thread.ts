/**
 * `--format arrow,parquet` during a campaign: trials.parquet is written by a thread of its
 * own from the very record batches trials.arrow is written from, as the merge produces
 * them, instead of by converting trials.arrow after the campaign. The encoding
 * (parquet-wasm) overlaps the simulation, and trials.arrow is not read back. At the end
 * the thread also converts the small result files, and the merge waits for it, so the
 * .parquet files are staged and committed with the Arrow files.
 *
 * The coordinator's side is synchronous, as the merge is: posting a batch waits (on
 * shared memory) only while MAX_IN_FLIGHT batches are queued, `finish` and `abort` wait
 * until the thread is done. The bytes are those of a conversion of the finished
 * trials.arrow (same batches, same writer settings), so they do not depend on the worker
 * count either.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { IpcMirror } from '../arrow-file-writer.js';
import { concatBytes } from '../concat-bytes.js';
import { END_OF_STREAM, ipcMessages } from './ipc-batch-streams.js';
import { type FromThread, IN_FLIGHT, MAX_IN_FLIGHT, STATUS, Status, type ThreadData, type ToThread } from './parquet-thread-protocol.js';

/** The compiled thread entry; from source (vitest) the build in dist/ (as for the trial workers). */
function threadFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = resolve(here, 'parquet-thread-worker.js');
  if (existsSync(beside)) return beside;
  return resolve(here, '../../../dist/src/output/parquet/parquet-thread-worker.js');
}

export class ParquetThread {
  private readonly state: Int32Array;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private ended = false;
  /** Shared buffers the batches travel in, reused round robin (see MAX_IN_FLIGHT). */
  private readonly slots: (SharedArrayBuffer | undefined)[] = [];
  /** Slots replaced since their last post: the thread needs the new buffer. */
  private readonly grown: boolean[] = [];
  private nextSlot = 0;
  /** The schema message and every dictionary message so far: what goes ahead of each batch to make it a stream. */
  private head: Uint8Array = new Uint8Array(0);

  private constructor() {
    const shared = new SharedArrayBuffer(8);
    this.state = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const data: ThreadData = { shared, port: port2 };
    this.worker = new Worker(threadFile(), { workerData: data, transferList: [port2] });
    // Nothing waits on it asynchronously: finish/abort wait on shared memory.
    this.worker.unref();
    this.port.unref();
  }

  static start(): ParquetThread {
    return new ParquetThread();
  }

  /**
   * Where trials.arrow's writer sends its bytes (TrialsWriterOptions.mirror) for
   * `parquetPath`. Each batch goes into its slot as the whole IPC stream the encoder takes
   * (the head, the batch's messages, end of stream), so the thread hands the slot over in
   * place.
   */
  trials(parquetPath: string): IpcMirror {
    return {
      header: (bytes) => {
        // After the magic and its padding, the schema message.
        const [schema] = ipcMessages(bytes.subarray(8), parquetPath);
        if (!schema?.message.isSchema()) throw new Error(`${parquetPath}: the Arrow header holds no schema message`);
        this.head = schema.bytes.slice();
        this.post({ type: 'trials', path: parquetPath, schema: this.head });
      },
      batch: (parts) => {
        this.waitForSlot();
        const stream = this.fill(parts);
        // The batch's own messages: its dictionaries the first time, then one record batch.
        const added = stream.subarray(this.head.length, stream.length - END_OF_STREAM.length);
        let dictionaryBytes = 0;
        let batches = 0;
        for (const { message, bytes } of ipcMessages(added, parquetPath)) {
          if (message.isDictionaryBatch() && batches === 0) dictionaryBytes += bytes.length;
          else if (message.isRecordBatch() && batches++ === 0) continue;
          else throw new Error(`${parquetPath}: unexpected Arrow IPC message (type ${message.headerType}) in one batch's bytes`);
        }
        if (batches !== 1) throw new Error(`${parquetPath}: no record batch in one batch's bytes`);
        // Copied out of the slot, which is reused: later batches' streams carry them too.
        if (dictionaryBytes > 0) this.head = concatBytes([this.head, added.subarray(0, dictionaryBytes)]);
        this.postBatch(stream.length);
      },
    };
  }

  /**
   * No more batches will come: the thread ends trials.parquet (last row group, footer,
   * fsync) while the coordinator writes the other result files, instead of after them.
   */
  endTrials(): void {
    this.post({ type: 'end-trials' });
  }

  /**
   * Ends trials.parquet, converts each [arrow, parquet] pair, and returns once every file
   * is written; stops the thread.
   * @throws the thread's error (its temp files are gone then)
   */
  finish(conversions: readonly (readonly [string, string])[]): void {
    this.post({ type: 'finish', conversions });
    const status = this.waitSettled();
    if (status !== Status.Done) throw this.failure();
  }

  /** Discards what the thread was writing and stops it. A no-op once finished. */
  abort(): void {
    if (this.ended) return;
    this.port.postMessage({ type: 'abort' } satisfies ToThread);
    this.waitSettled();
  }

  /** Waits until fewer than MAX_IN_FLIGHT batches are queued: the next slot is free then. */
  private waitForSlot(): void {
    for (;;) {
      this.checkRunning();
      const inFlight = Atomics.load(this.state, IN_FLIGHT);
      if (inFlight < MAX_IN_FLIGHT) return;
      Atomics.wait(this.state, IN_FLIGHT, inFlight);
    }
  }

  /** Copies the head, `parts` and the end-of-stream marker into the next slot (grown if need be): a view of the slot. */
  private fill(parts: readonly Uint8Array[]): Uint8Array {
    const length = this.head.length + parts.reduce((n, p) => n + p.length, 0) + END_OF_STREAM.length;
    const slot = this.nextSlot;
    if ((this.slots[slot]?.byteLength ?? 0) < length) {
      this.slots[slot] = new SharedArrayBuffer(length);
      this.grown[slot] = true;
    }
    const bytes = new Uint8Array(this.slots[slot]!, 0, length);
    bytes.set(this.head, 0);
    let offset = this.head.length;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    bytes.set(END_OF_STREAM, offset);
    return bytes;
  }

  /** Posts the stream of `length` bytes at the start of the current slot, and moves to the next slot. */
  private postBatch(length: number): void {
    const slot = this.nextSlot;
    Atomics.add(this.state, IN_FLIGHT, 1);
    this.post({ type: 'batch', slot, buffer: this.grown[slot] ? this.slots[slot]! : null, length });
    this.grown[slot] = false;
    this.nextSlot = (slot + 1) % MAX_IN_FLIGHT;
  }

  private post(message: ToThread): void {
    this.checkRunning();
    this.port.postMessage(message);
  }

  private checkRunning(): void {
    if (this.ended) throw new Error('Parquet thread: already finished');
    if (Atomics.load(this.state, STATUS) !== Status.Running) throw this.failure();
  }

  private waitSettled(): Status {
    while (Atomics.load(this.state, STATUS) === Status.Running) Atomics.wait(this.state, STATUS, Status.Running);
    this.ended = true;
    void this.worker.terminate();
    return Atomics.load(this.state, STATUS) as Status;
  }

  private failure(): Error {
    const message = receiveMessageOnPort(this.port)?.message as FromThread | undefined;
    this.ended = true;
    void this.worker.terminate();
    return new Error(`writing Parquet: ${message?.error ?? 'the Parquet thread stopped'}`);
  }
}
