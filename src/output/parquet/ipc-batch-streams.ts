/**
 * The record batches of an Arrow IPC file, each as a small self-contained IPC *stream*
 * (schema, dictionaries, that one batch, end-of-stream) cut from the file's own bytes,
 * which is what arrow-rs (parquet-wasm) takes in. Decoding a batch into arrow JS only to
 * encode it again was a copy of every column and a fifth of the Parquet step's time.
 *
 * An IPC file is `ARROW1` + padding, then the streaming format (schema message,
 * dictionary batches, record batches, end-of-stream marker), then the footer. Each
 * message is framed as 0xFFFFFFFF, a little-endian int32 metadata length, the metadata
 * flatbuffer (which holds the body length) and the body. Only the metadata is decoded;
 * the file is read message by message, so memory is one batch whatever its size.
 */
import type { FileHandle } from 'node:fs/promises';
import { Message, type Schema } from 'apache-arrow';

const CONTINUATION = 0xffffffff;
/** Where the streaming format starts: after the 6-byte magic and its 2 bytes of padding. */
const STREAM_START = 8;
export const END_OF_STREAM = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

export interface IpcBatchStreams {
  /** The file's schema, metadata included. */
  readonly schema: Schema;
  /** One IPC stream per record batch, in file order, read as they are pulled. */
  readonly streams: AsyncGenerator<Uint8Array, void, undefined>;
}

export interface RawMessage {
  readonly message: Message;
  /** The whole framed message: prefix, metadata and body. */
  readonly bytes: Uint8Array;
}

async function readInto(handle: FileHandle, bytes: Uint8Array, offset: number, length: number, position: number, path: string): Promise<void> {
  const { bytesRead } = await handle.read(bytes, offset, length, position);
  if (bytesRead !== length) throw new Error(`${path}: truncated Arrow file (wanted ${length} bytes at ${position}, got ${bytesRead})`);
}

async function readExactly(handle: FileHandle, length: number, position: number, path: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  await readInto(handle, bytes, 0, length, position, path);
  return bytes;
}

/**
 * The message starting at `position`, or null at the end-of-stream marker. It is read
 * into a buffer with `before` free bytes ahead of it and `after` behind it, so that a
 * record batch becomes a stream in place (its body, nearly all of the bytes, read once
 * and never copied).
 */
async function readMessage(handle: FileHandle, position: number, path: string, before = 0, after = 0): Promise<(RawMessage & { readonly buffer: Uint8Array }) | null> {
  const prefix = await readExactly(handle, 8, position, path);
  const view = new DataView(prefix.buffer);
  if (view.getUint32(0, true) !== CONTINUATION) throw new Error(`${path}: no Arrow IPC message at byte ${position}`);
  const metadataLength = view.getInt32(4, true);
  if (metadataLength === 0) return null;
  const metadata = await readExactly(handle, metadataLength, position + 8, path);
  const message = Message.decode(metadata);
  const length = 8 + metadataLength + Number(message.bodyLength);
  const buffer = new Uint8Array(before + length + after);
  buffer.set(prefix, before);
  buffer.set(metadata, before + 8);
  await readInto(handle, buffer, before + 8 + metadataLength, length - 8 - metadataLength, position + 8 + metadataLength, path);
  return { message, bytes: buffer.subarray(before, before + length), buffer };
}

/**
 * The whole messages framed in `bytes` (a writer's output for one batch, say), each a
 * view into `bytes`. `what` names the source in errors.
 */
export function ipcMessages(bytes: Uint8Array, what: string): RawMessage[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const messages: RawMessage[] = [];
  let position = 0;
  while (position < bytes.length) {
    if (position + 8 > bytes.length || view.getUint32(position, true) !== CONTINUATION) throw new Error(`${what}: no Arrow IPC message at byte ${position}`);
    const metadataLength = view.getInt32(position + 4, true);
    if (metadataLength === 0) break;
    const message = Message.decode(bytes.subarray(position + 8, position + 8 + metadataLength));
    const end = position + 8 + metadataLength + Number(message.bodyLength);
    if (end > bytes.length) throw new Error(`${what}: Arrow IPC message at byte ${position} runs past the end`);
    messages.push({ message, bytes: bytes.subarray(position, end) });
    position = end;
  }
  return messages;
}


/**
 * Opens the IPC file behind `handle`. It must carry its schema message right after the
 * magic, as the format specifies and ArrowFileWriter writes it; the dictionaries (an IPC
 * file has one per column, plus any deltas) go into every batch's stream ahead of it.
 */
export async function ipcBatchStreams(handle: FileHandle, path: string): Promise<IpcBatchStreams> {
  const magic = await readExactly(handle, 6, 0, path);
  if (new TextDecoder().decode(magic) !== 'ARROW1') throw new Error(`${path}: not an Arrow IPC file`);
  const first = await readMessage(handle, STREAM_START, path);
  if (first === null || !first.message.isSchema()) throw new Error(`${path}: no schema message after the Arrow magic`);
  const schema = first.message.header();
  async function* streams(): AsyncGenerator<Uint8Array, void, undefined> {
    const head: Uint8Array[] = [first!.bytes];
    let headLength = first!.bytes.length;
    let position = STREAM_START + first!.bytes.length;
    for (;;) {
      // Room for the head ahead and the end-of-stream marker behind: a record batch is read as its stream.
      const next = await readMessage(handle, position, path, headLength, END_OF_STREAM.length);
      if (next === null) return;
      position += next.bytes.length;
      if (next.message.isRecordBatch()) {
        let offset = 0;
        for (const part of head) {
          next.buffer.set(part, offset);
          offset += part.length;
        }
        next.buffer.set(END_OF_STREAM, next.buffer.length - END_OF_STREAM.length);
        yield next.buffer;
      } else if (next.message.isDictionaryBatch()) {
        head.push(next.bytes);
        headLength += next.bytes.length;
      } else throw new Error(`${path}: unexpected Arrow IPC message (type ${next.message.headerType}) at byte ${position - next.bytes.length}`);
    }
  }
  return { schema, streams: streams() };
}
