/**
 * The campaign coordinator: plans the campaign against what its result folder holds,
 * dispatches shards to the worker pool, merges their partial results in trial order as
 * they arrive, keeps every finished shard on disk for --resume, stops cleanly on
 * SIGINT/SIGTERM, and swaps the result files in once all are written.
 *
 * A campaign has one or more variants (a `sweep` has one per grid point); every shard
 * runs its trials under all of them, so variants are compared on the same trials.
 *
 * The flow, one function each: `planCampaign` (what the folder holds, what is kept,
 * what is left to run), `dispatchShards` (the pool, bounded in what it holds in memory),
 * the merge (campaign-merge.ts, shared with `merge` of shard tasks' parts) and the
 * commit of the result folder (result-folder.ts). A campaign run to a target precision
 * (precision-target.ts) hands the trials to its stopping rule instead, and merges the
 * files once the rule has stopped.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compileScenario } from '../model/compile-scenario.js';
import { isAtomicTempName } from '../output/atomic-file.js';
import { importanceSamplingRecords } from '../output/importance-sampling.js';
import { manifestIdentity, type Manifest } from '../output/manifest.js';
import { TRIALS_FILE } from '../output/result-file-names.js';
import { InOrderBuffer } from '../stats/in-order-buffer.js';
import type { CampaignMerge, MergedResults } from './campaign-merge.js';
import { campaignHash, type CampaignSpec } from './campaign-spec.js';
import type { EncodedPartial, PartialResult } from './partial-result.js';
import { mergeStoppedCampaign, precisionCampaignHash, precisionDifference, precisionRecord, PrecisionSink, type PrecisionTarget } from './precision-target.js';
import { createProgress } from './progress.js';
import type { ShardDone } from './protocol.js';
import { CampaignRefused, ResultFolder, campaignDifferences } from './result-folder.js';
import { rowBuffersOf, rowBytesPerTrial, type RowBuffers } from './row-buffers.js';
import { RunLock } from './run-lock.js';
import { defaultShardTrials, planShards, type TrialRange } from './shard-plan.js';
import { ShardStore, type KeptShard, type RejectedShard } from './shard-store.js';
import { droppedShared } from './shared-memory-release.js';
import { StopSignal, type StopSignalName } from './stop-signal.js';
import { ShardFailure, WorkerPool } from './worker-pool.js';

export { CampaignRefused };

export interface CampaignOptions extends CampaignSpec {
  readonly outDir: string;
  readonly workers: number;
  readonly summaryOnly: boolean;
  /** Also write every result file as Parquet (`--format arrow,parquet`). */
  readonly parquet?: boolean;
  readonly resume: boolean;
  /** Replace a complete campaign in the folder (its files stay until the new ones are written). */
  readonly overwrite?: boolean;
  readonly quiet: boolean;
  /** Trials per shard (a multiple of 1024); default: about 16 shards per worker. */
  readonly shardTrials?: number;
  /** How to name the scenario in messages (the config path). */
  readonly configLabel?: string;
  /** The command to suggest for replaying a failed trial. */
  readonly progressLabel?: string;
  /** SIGINT/SIGTERM caught by the command since it started (default: caught from now on). */
  readonly stop?: StopSignal;
  /** Run to this precision, the scenario's trials at most (precision-target.ts); one variant only. */
  readonly precision?: PrecisionTarget;
}

export type CampaignOutcome =
  | ({
      readonly status: 'complete';
      readonly manifest: Manifest;
      /** Share of the wall time the coordinator thread spent on its own work. */
      readonly coordinatorShare: number;
    } & MergedResults)
  | {
      readonly status: 'interrupted';
      readonly signal: StopSignalName;
      readonly trialsDone: number;
      /** Null when the signal came before the campaign wrote anything. */
      readonly manifest: Manifest | null;
    }
  | { readonly status: 'already-complete'; readonly manifest: Manifest };

export async function runCampaign(options: CampaignOptions): Promise<CampaignOutcome> {
  const stop = options.stop ?? new StopSignal();
  try {
    if (stop.signal !== null) return { status: 'interrupted', signal: stop.signal, trialsDone: 0, manifest: null };
    mkdirSync(options.outDir, { recursive: true });
    const lock = new RunLock(options.outDir);
    lock.acquire();
    try {
      // Under the lock no other run writes here: a temp file is what a run killed hard
      // (SIGKILL, OOM, power loss) left mid-write, e.g. a partial trials.arrow of any size.
      for (const name of readdirSync(options.outDir)) if (isAtomicTempName(name)) rmSync(join(options.outDir, name), { force: true });
      return await runLocked(options, stop);
    } finally {
      lock.release();
    }
  } finally {
    if (options.stop === undefined) stop.dispose();
  }
}

/** What a campaign finds in its folder and will do there. */
interface CampaignPlan {
  readonly hash: string;
  /** A complete campaign holds the folder until this one's results replace it. */
  readonly replacingComplete: boolean;
  readonly kept: KeptShard[];
  readonly rejected: RejectedShard[];
  readonly startedAt: string;
  readonly elapsedBefore: number;
}

function planCampaign(options: CampaignOptions, folder: ResultFolder): CampaignPlan | { readonly alreadyComplete: Manifest } {
  const { scenarios, outDir } = options;
  const trials = scenarios[0]!.trials;
  const precision = options.precision ?? null;
  const hash = precision === null ? campaignHash(scenarios) : precisionCampaignHash(campaignHash(scenarios), precision);
  const top = folder.top();
  const differs = (m: Manifest) =>
    new CampaignRefused(
      `${outDir} holds another campaign (${precisionDifference(m.precision, precision) ?? campaignDifferences(m, scenarios)}); run with the same options to resume it, without --resume to start over there${m.status === 'complete' ? ' (with --overwrite)' : ''}, or choose another --out`,
    );
  if (options.resume) {
    if (top.unreadable !== null)
      throw new CampaignRefused(`${top.unreadable}: cannot tell which campaign ${outDir} holds, so there is nothing to resume; run without --resume to start over there, or choose another --out`);
    if (top.manifest === null) throw new CampaignRefused(`nothing to resume in ${outDir} (no manifest.json)`);
    let progress = top.manifest;
    let replacingComplete = false;
    if (top.manifest.status === 'complete') {
      if (top.manifest.scenario_hash === hash) {
        folder.dropProgress(); // a run killed after its manifest said complete left these
        return { alreadyComplete: top.manifest };
      }
      const replacing = folder.replacing().manifest;
      if (replacing?.scenario_hash !== hash) throw differs(top.manifest);
      progress = replacing;
      replacingComplete = true;
    } else if (top.manifest.scenario_hash !== hash) throw differs(top.manifest);
    const { kept, rejected } = folder.store.scan(hash, trials);
    if (!options.summaryOnly && kept.some((k) => !k.hasRows))
      throw new CampaignRefused(`the interrupted campaign in ${outDir} ran with --summary-only: resume it with --summary-only`);
    return { hash, replacingComplete, kept, rejected, startedAt: progress.started_at, elapsedBefore: progress.elapsed_s };
  }

  let replacingComplete = false;
  if (top.unreadable !== null) {
    const files = folder.resultFiles();
    if (files.length > 0 && options.overwrite !== true)
      throw new CampaignRefused(
        `${top.unreadable}\n  so it is unknown which campaign ${files.join(', ')} in ${outDir} belong to: pass --overwrite to replace them, choose another --out to keep them, or restore manifest.json`,
      );
    // Nothing the manifest could describe: a fresh folder as far as results go.
  } else if (top.manifest?.status === 'complete') {
    if (options.overwrite !== true) {
      const same = top.manifest.scenario_hash === hash ? ' It is this very campaign: its results are already there.' : '';
      throw new CampaignRefused(
        `${outDir} holds ${folder.describe(top.manifest)}.${same} To replace it pass --overwrite (its files stay until the new run has written all of its own); to keep it choose another --out`,
      );
    }
    replacingComplete = true;
  }
  // A fresh campaign: shards of an earlier unfinished one are dropped (finished results never are).
  folder.store.clear();
  folder.dropStaging();
  return { hash, replacingComplete, kept: [], rejected: [], startedAt: new Date().toISOString(), elapsedBefore: 0 };
}

async function runLocked(options: CampaignOptions, stop: StopSignal): Promise<CampaignOutcome> {
  const { scenarios, outDir, workers } = options;
  const base = scenarios[0]!;
  const trials = base.trials;
  const startedWall = performance.now();
  const folder = new ResultFolder(outDir);
  const planned = planCampaign(options, folder);
  if ('alreadyComplete' in planned) return { status: 'already-complete', manifest: planned.alreadyComplete };
  const plan = planned;
  for (const r of plan.rejected) process.stderr.write(`scale-across: set aside ${r.path} (${r.reason}) as ${r.setAside}; its trials run again\n`);

  const identity = { ...manifestIdentity(base), scenario_hash: plan.hash };
  const saved: TrialRange[] = ShardStore.ranges(plan.kept);
  const precision = options.precision ?? null;
  /** A campaign run to a target precision says so; once stopped, it is a campaign of `stopped.trials` trials. */
  const manifest = (status: Manifest['status'], done: number, error?: string, stopped?: ReturnType<PrecisionSink['outcome']>): Manifest => {
    const elapsed = plan.elapsedBefore + (performance.now() - startedWall) / 1000;
    const trialsNow = stopped?.trials ?? trials;
    return {
      ...identity,
      ...(stopped !== undefined ? { trials: trialsNow, scenario: { ...base, trials: trialsNow } } : {}),
      status,
      workers,
      started_at: plan.startedAt,
      finished_at: status === 'running' ? null : new Date().toISOString(),
      elapsed_s: elapsed,
      trials_per_s: done / Math.max(elapsed, 1e-9),
      completed_shards: saved.filter(([first]) => first < trialsNow).sort((a, b) => a[0] - b[0]),
      ...(error !== undefined ? { error } : {}),
      ...(precision !== null ? { precision: precisionRecord(precision, trials, stopped ?? null) } : {}),
    };
  };
  const keptTrials = plan.kept.reduce((n, k) => n + k.count, 0);
  folder.writeProgress(manifest('running', keptTrials), plan.replacingComplete);

  // Run to a precision, only the rule sees the trials as they come; the files are merged
  // once it has stopped (precision-target.ts).
  const staging = folder.freshStaging();
  const parquet = options.parquet === true;
  let merge: CampaignMerge | null = null;
  if (precision === null) {
    // Loaded here, not with this module: shard tasks dispatch through this module and never
    // merge, so they do without the Arrow and Parquet writers' libraries (faster start-up).
    const { CampaignMerge } = await import('./campaign-merge.js');
    merge = new CampaignMerge(options, staging, !options.summaryOnly, parquet);
  }
  const rule = precision === null ? null : new PrecisionSink(options, precision);
  const stopped = (status: 'interrupted' | 'failed', done: number, error?: string) => {
    merge?.abort();
    folder.dropStaging();
    const m = manifest(status, done, error);
    folder.writeProgress(m, plan.replacingComplete);
    return m;
  };

  if (!options.summaryOnly && !options.quiet) {
    // One row per trial and scheme, ≈ 120 bytes each: say what a big campaign will write.
    const bytes = trials * base.schemes.length * scenarios.length * 120;
    if (bytes > 1e9)
      process.stderr.write(`writing per-trial rows to ${join(outDir, TRIALS_FILE)}: ≈ ${(bytes / 1e9).toFixed(1)} GB (--summary-only skips them)\n`);
  }
  // Run to a precision, a shard is one block: every block boundary is a shard boundary.
  const shardTrials = precision?.blockTrials ?? options.shardTrials ?? defaultShardTrials(trials, workers, options.summaryOnly ? 0 : rowBytesPerTrial(scenarios));
  const queue = planShards(trials, shardTrials, saved, precision === null && options.shardTrials === undefined ? workers : 0);
  const progress = createProgress(trials, keptTrials, options.quiet, options.progressLabel ?? base.name);
  let outcome: Dispatched;
  try {
    outcome = await dispatchShards(options, plan.hash, plan.kept, queue, rule ?? merge!, folder.store, saved, stop, progress.update);
  } finally {
    progress.stop();
  }

  if (outcome.failure !== null) {
    stopped('failed', outcome.done, outcome.failure.message);
    throw outcome.failure;
  }
  if (outcome.signal !== null) {
    const m = stopped('interrupted', outcome.done);
    return { status: 'interrupted', signal: outcome.signal, trialsDone: outcome.done, manifest: m };
  }

  const t0 = performance.now();
  let merged: MergedResults;
  let reached: ReturnType<PrecisionSink['outcome']> | undefined;
  try {
    if (rule !== null) {
      reached = rule.outcome();
      merged = await mergeStoppedCampaign(options, reached.trials, folder.store, plan.hash, saved, staging, !options.summaryOnly, parquet);
    } else merged = merge!.finish();
  } catch (error) {
    stopped('failed', outcome.done, (error as Error).message);
    throw error;
  }
  const sampling = importanceSamplingRecords(
    merged.results.map((r) => r.weights),
    options.variantLabels ?? null,
  );
  const m: Manifest = {
    ...manifest('complete', reached?.trials ?? trials, undefined, reached),
    ...(sampling ? { importance_sampling: sampling } : {}),
  };
  folder.commit(m);
  const coordinatorMs = outcome.coordinatorMs + performance.now() - t0;
  const elapsedS = (performance.now() - startedWall) / 1000;
  return { status: 'complete', ...merged, manifest: m, coordinatorShare: coordinatorMs / 1000 / elapsedS };
}

/** Where dispatched results go, in trial order: the merge (`run`) or a part file (a shard task). */
export interface PartialSink {
  add(result: PartialResult, encoded: EncodedPartial | null): void;
  /** True once the sink takes no more trials (a campaign run to precision stopped): dispatching ends. */
  readonly done?: boolean;
}

/** What dispatching needs to know of a campaign. */
export type DispatchOptions = Pick<CampaignOptions, 'scenarios' | 'variantLabels' | 'workers' | 'summaryOnly' | 'configLabel'>;

export interface Dispatched {
  readonly signal: StopSignalName | null;
  readonly failure: Error | null;
  /** Trials finished (kept or run now). */
  readonly done: number;
  readonly coordinatorMs: number;
}

/**
 * A partial result waiting for its turn: in memory, or a kept shard read when its turn
 * comes. `merged` says the sink is done with a fresh one's rows.
 */
type Pending = { readonly kind: 'fresh'; readonly encoded: EncodedPartial; readonly merged: () => void } | { readonly kind: 'kept'; readonly shard: KeptShard };

/**
 * Runs the shards of `queue` on the pool and hands every result (kept ones first) to
 * `sink` in trial order, from trial `start`; with a `store`, every fresh result is also
 * kept on disk for --resume. What it holds in memory is bounded, whatever the trial count: at most
 * 2 tasks per worker in flight and 2 per worker of results waiting for an earlier one
 * or being saved; past that it stops dispatching until one is done. The buffers under a
 * result's rows go back into the next tasks once the sink has taken the rows and the
 * store has saved them (row-buffers.ts), so the rows' memory is bounded too, with no
 * garbage collection needed to get it back. A sink must copy or write the rows before
 * `add` returns.
 */
export async function dispatchShards(
  options: DispatchOptions,
  hash: string,
  kept: readonly KeptShard[],
  queue: TrialRange[],
  sink: PartialSink,
  store: ShardStore | null,
  saved: TrialRange[],
  stop: StopSignal,
  onProgress: (done: number) => void,
  start = 0,
): Promise<Dispatched> {
  const { scenarios, workers } = options;
  const base = scenarios[0]!;
  const labels = options.variantLabels;
  let coordinatorMs = 0;
  let heldInMemory = 0;
  const buffer = new InOrderBuffer<Pending>((p) => {
    if (p.kind === 'kept') return sink.done === true ? undefined : sink.add(store!.load(p.shard, hash), null);
    heldInMemory--;
    if (sink.done !== true) sink.add(p.encoded.result, p.encoded);
    p.merged();
  }, start);
  let failure: Error | null = null;
  try {
    for (const k of kept) buffer.offer(k.first, k.count, { kind: 'kept', shard: k });
  } catch (error) {
    failure = error as Error;
  }
  let done = kept.reduce((n, k) => n + k.count, 0);
  if (sink.done === true) queue.length = 0;
  if (queue.length === 0 || failure !== null) return { signal: stop.signal, failure, done, coordinatorMs };

  // Shard files being written; awaited before the campaign reports or clears them.
  const saving = new Set<Promise<void>>();
  const limit = 2 * workers;
  let inFlight = 0;
  // Row buffers of results merged and saved, for the next tasks; new ones are made for
  // the largest shard, so any of them fits any shard.
  const spare: RowBuffers[] = [];
  const rowCapacity = queue.reduce((most, [, count]) => Math.max(most, count), 0);
  /**
   * Called once per reader of `r`'s rows (the sink, the store): the last one gives its
   * row buffers back, and counts the rest of its shared memory as garbage
   * (shared-memory-release.ts).
   */
  const reusedAfter = (r: ShardDone, readers: number) => () => {
    if (--readers > 0) return;
    const buffers = rowBuffersOf(r.encoded.result);
    if (buffers !== null) spare.push(buffers);
    // Counted with or without rows: a --summary-only campaign's aggregates alone reach
    // hundreds of MB over 10⁷ trials if nothing collects them.
    const { summaries, causes, pairs } = r.encoded.result;
    droppedShared([...summaries, ...causes, ...(pairs ? [pairs] : []), r.encoded.header, r.encoded.checksum].reduce((n, a) => n + a.byteLength, 0));
  };
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const unsubscribe = stop.onStop(() => finish());
  const pool = new WorkerPool({ scenarios, campaignHash: hash, pilots: scenarios.map((s) => compileScenario(s).pilots) }, workers);

  const accept = (r: ShardDone) => {
    const t0 = performance.now();
    const rowsRead = reusedAfter(r, store !== null ? 2 : 1);
    if (store !== null) {
      const saving1 = store.save(r.encoded).then(
        () => {
          saving.delete(saving1);
          saved.push([r.encoded.result.first, r.encoded.result.count]);
          rowsRead();
          pump();
        },
        (error: Error) => {
          saving.delete(saving1);
          failure ??= new Error(`could not keep finished trials on disk: ${error.message}`);
          finish();
        },
      );
      saving.add(saving1);
    }
    heldInMemory++;
    buffer.offer(r.first, r.count, { kind: 'fresh', encoded: r.encoded, merged: rowsRead });
    done += r.count;
    coordinatorMs += performance.now() - t0;
    onProgress(done);
  };

  const pump = () => {
    if (stop.signal !== null || failure !== null) return finish();
    // The sink stopped the campaign: what is in flight finishes, nothing more starts.
    if (sink.done === true) queue.length = 0;
    while (queue.length > 0 && inFlight < limit && heldInMemory + saving.size < limit) {
      const [first, count] = queue.shift()!;
      inFlight++;
      const task = options.summaryOnly ? { first, count, perTrial: false } : { first, count, perTrial: true, rows: spare.pop() ?? null, rowCapacity };
      pool.run(task).then(
        (result) => {
          inFlight--;
          if (stop.signal !== null || failure !== null) return finish();
          if (result.kind === 'failed') {
            const which = scenarios.length > 1 ? ` (variant ${labels?.[result.variant] ?? result.variant})` : '';
            failure = new ShardFailure(
              `trial ${result.trial}${which} failed: ${result.message}\n  replay it with: scale-across trace ${options.configLabel ?? '<config>'} --trial ${result.trial} --seed ${base.seed}`,
              result.trial,
            );
            return finish();
          }
          try {
            accept(result);
          } catch (error) {
            failure = error as Error;
          }
          pump();
        },
        (error: Error) => {
          inFlight--;
          // After a signal, destroying the pool rejects the shards still in flight
          // ("Terminating worker thread"): that is the clean stop, not a failure.
          if (stop.signal === null) failure ??= error;
          finish();
        },
      );
    }
    if (inFlight === 0 && queue.length === 0 && saving.size === 0) finish();
  };
  pump();
  await finished;
  unsubscribe();
  await pool.destroy();
  await Promise.allSettled([...saving]);
  return { signal: failure === null ? stop.signal : null, failure, done, coordinatorMs };
}
