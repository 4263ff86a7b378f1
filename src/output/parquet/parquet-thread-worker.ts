/**
 * The thread behind ParquetThread (parquet-thread.ts): writes trials.parquet from the
 * record batches posted to it while the campaign runs, then converts the small result
 * files, and reports through the shared status word. Runs one campaign's Parquet and
 * ends.
 */
import { workerData } from 'node:worker_threads';
import type { Schema } from 'apache-arrow';
import { IN_FLIGHT, STATUS, Status, type ThreadData, type ToThread } from './parquet-thread-protocol.js';

const { shared, port } = workerData as ThreadData;
const state = new Int32Array(shared);
let settled = false;

function settle(status: Status, error?: unknown): void {
  if (settled) return;
  settled = true;
  if (error !== undefined) port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  Atomics.store(state, STATUS, status);
  Atomics.notify(state, STATUS);
  Atomics.notify(state, IN_FLIGHT);
  port.close();
}

// The coordinator waits on STATUS and cannot see this thread die: every failure,
// loading the modules included, must end in settle().
process.on('uncaughtException', (error) => settle(Status.Failed, error));
process.on('unhandledRejection', (error) => settle(Status.Failed, error));
const modules = await Promise.all([import('./ipc-batch-streams.js'), import('./write-parquet.js')]).catch((error: unknown) => {
  settle(Status.Failed, error);
  return null;
});
if (modules === null) process.exit(0);
const [{ ipcMessages }, { convertArrowFile, writeIpcStreams }] = modules!;

/** The coordinator's slots (see MAX_IN_FLIGHT), as it sends them. */
const slots: Uint8Array[] = [];
/** Batches posted and not yet pulled by the writer, as views of their slot; `null` ends the stream. */
const queue: (Uint8Array | null)[] = [];
let wake: (() => void) | null = null;
let trials: Promise<void> | null = null;
let trialsEnded = false;
let aborted = false;

/**
 * The batches as the writer pulls them, each a whole IPC stream in its slot, handed to the
 * encoder in place: it copies them into its WebAssembly memory, which must happen once
 * anyway, so a copy out of the slot here would be a second one.
 */
async function* batches(): AsyncGenerator<Uint8Array, void, undefined> {
  for (;;) {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    const next = queue.shift()!;
    // Ending in an error makes the writer discard its temp file.
    if (aborted) throw new Error('aborted');
    if (next === null) return;
    yield next;
  }
}

/** The writer has copied a batch out of its slot: the coordinator may reuse the slot. */
function taken(): void {
  Atomics.sub(state, IN_FLIGHT, 1);
  Atomics.notify(state, IN_FLIGHT);
}

function push(item: Uint8Array | null): void {
  queue.push(item);
  wake?.();
  wake = null;
}

function endTrials(): void {
  if (trialsEnded) return;
  trialsEnded = true;
  push(null);
}

async function finish(conversions: readonly (readonly [string, string])[]): Promise<void> {
  if (trials) {
    endTrials();
    await trials;
  }
  for (const [arrow, parquet] of conversions) await convertArrowFile(arrow, parquet);
}

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'trials': {
      const schema = ipcMessages(message.schema, message.path)[0]!.message.header() as Schema;
      trials = writeIpcStreams(batches(), schema, message.path, taken);
      // A failure surfaces at once (the coordinator's next post sees it), not at the end.
      trials.catch((error: unknown) => {
        if (!aborted) settle(Status.Failed, error);
      });
      break;
    }
    case 'batch':
      if (message.buffer !== null) slots[message.slot] = new Uint8Array(message.buffer);
      push(slots[message.slot]!.subarray(0, message.length));
      break;
    case 'end-trials':
      endTrials();
      break;
    case 'finish':
      finish(message.conversions).then(
        () => settle(Status.Done),
        (error: unknown) => settle(Status.Failed, error),
      );
      break;
    case 'abort':
      aborted = true;
      queue.length = 0;
      push(null);
      (trials ?? Promise.resolve()).then(
        () => settle(Status.Aborted),
        () => settle(Status.Aborted),
      );
      break;
  }
});
