/**
 * The campaign coordinator (SPEC §5–§6): plans shards, keeps a piscina pool busy,
 * merges shard aggregates in trial order as they arrive, streams trials.arrow, keeps
 * every finished shard on disk for --resume, stops cleanly on SIGINT/SIGTERM, and
 * writes the result files atomically at the end.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC_COUNT } from '../model/metrics.js';
import type { Scenario } from '../model/scenario.js';
import { writeComparison } from '../output/comparison-writer.js';
import { writeHistograms } from '../output/histograms-writer.js';
import { manifestIdentity, readManifest, scenarioHash, writeManifest, type Manifest } from '../output/manifest.js';
import { writeSummary } from '../output/summary-writer.js';
import { TRIALS_FILE, TrialsWriter } from '../output/trials-writer.js';
import { CampaignAggregator, type CampaignResult } from '../stats/block-aggregator.js';
import { createProgress } from './progress.js';
import type { ShardDone } from './protocol.js';
import { RunLock } from './run-lock.js';
import { defaultShardTrials, planShards, type TrialRange } from './shard-plan.js';
import { ShardStore, type KeptShard } from './shard-store.js';
import { TrialsFeed } from './trials-feed.js';
import { ShardFailure, WorkerPool } from './worker-pool.js';

export interface CampaignOptions {
  /** Resolved, with command-line overrides (trials, seed, schemes) applied. */
  readonly scenario: Scenario;
  readonly outDir: string;
  readonly workers: number;
  readonly summaryOnly: boolean;
  readonly resume: boolean;
  readonly quiet: boolean;
  /** Trials per shard (a multiple of 1024); default: about 16 shards per worker. */
  readonly shardTrials?: number;
  /** How to name the scenario in the resume hint (the config path). */
  readonly configLabel?: string;
}

export type CampaignOutcome =
  | {
      readonly status: 'complete';
      readonly result: CampaignResult;
      readonly manifest: Manifest;
      readonly elapsedS: number;
      /** Share of the wall time the coordinator thread spent on its own work. */
      readonly coordinatorShare: number;
    }
  | { readonly status: 'interrupted'; readonly signal: 'SIGINT' | 'SIGTERM'; readonly trialsDone: number; readonly manifest: Manifest }
  | { readonly status: 'already-complete'; readonly manifest: Manifest };

/** A resume or lock refusal, or another failure the user can act on. */
export class CampaignRefused extends Error {}

export async function runCampaign(options: CampaignOptions): Promise<CampaignOutcome> {
  const { scenario, outDir, workers } = options;
  const S = scenario.schemes.length;
  const trials = scenario.trials;
  mkdirSync(outDir, { recursive: true });
  const lock = new RunLock(outDir);
  lock.acquire();
  const cleanups: (() => void)[] = [() => lock.release()];
  try {
    return await runLocked(options, S, trials, cleanups);
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup();
  }
}

async function runLocked(options: CampaignOptions, S: number, trials: number, cleanups: (() => void)[]): Promise<CampaignOutcome> {
  const { scenario, outDir, workers } = options;
  const startedWall = performance.now();
  const store = new ShardStore(outDir);
  const previous = readManifest(outDir);
  const identity = manifestIdentity(scenario);
  let kept: KeptShard[] = [];
  let elapsedBefore = 0;
  const startedAt = new Date().toISOString();

  if (options.resume) {
    if (previous === null) throw new CampaignRefused(`nothing to resume in ${outDir} (no manifest.json)`);
    if (previous.scenario_hash !== scenarioHash(scenario))
      throw new CampaignRefused(
        `${outDir} holds a campaign of another scenario, seed or trial count; run without --resume to start over there, or choose another --out`,
      );
    if (previous.status === 'complete') return { status: 'already-complete', manifest: previous };
    kept = store.list().filter((k) => k.variant === 0);
    if (!options.summaryOnly && kept.some((k) => !k.hasRows))
      throw new CampaignRefused(`the interrupted campaign in ${outDir} ran with --summary-only: resume it with --summary-only`);
    elapsedBefore = previous.elapsed_s;
  } else {
    store.clear();
  }

  const aggregator = new CampaignAggregator({ schemes: scenario.schemes.map((s) => s.id), trials });
  const writer = options.summaryOnly ? null : TrialsWriter.open(join(outDir, TRIALS_FILE), scenario);
  if (writer) cleanups.push(() => writer.abort());
  const feed = writer ? new TrialsFeed(writer, S) : null;
  const completed: TrialRange[] = [];
  let coordinatorMs = 0;

  const manifest = (status: Manifest['status'], done: number): Manifest => {
    const elapsed = elapsedBefore + (performance.now() - startedWall) / 1000;
    return {
      ...identity,
      status,
      workers,
      started_at: previous && options.resume ? previous.started_at : startedAt,
      finished_at: status === 'running' ? null : new Date().toISOString(),
      elapsed_s: elapsed,
      trials_per_s: done / Math.max(elapsed, 1e-9),
      completed_shards: [...completed].sort((a, b) => a[0] - b[0]),
    };
  };

  for (const k of kept) {
    aggregator.add(k.aggregate);
    completed.push([k.first, k.count]);
    feed?.offer({ first: k.first, count: k.count, load: () => store.readRows(k, S, METRIC_COUNT) });
  }
  let done = kept.reduce((n, k) => n + k.count, 0);
  writeManifest(outDir, manifest('running', done));

  const shardTrials = options.shardTrials ?? defaultShardTrials(trials, workers);
  const queue = planShards(trials, shardTrials, store.ranges(kept, 0));
  const progress = createProgress(trials, done, options.quiet, scenario.name);
  cleanups.push(() => progress.stop());

  const accept = (r: ShardDone) => {
    const t0 = performance.now();
    store.save(0, r.first, r.count, S, r.aggregate, r.values, r.status);
    aggregator.add(r.aggregate);
    if (feed && r.values && r.status) {
      const values = r.values;
      const status = r.status;
      feed.offer({ first: r.first, count: r.count, load: () => ({ values, status }) });
    }
    completed.push([r.first, r.count]);
    done += r.count;
    coordinatorMs += performance.now() - t0;
    progress.update(done);
  };

  let signal: 'SIGINT' | 'SIGTERM' | null = null;
  let failure: Error | null = null;
  if (queue.length > 0) {
    const pool = new WorkerPool({ scenarios: [scenario] }, workers);
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const onSignal = (name: 'SIGINT' | 'SIGTERM') => () => {
      signal ??= name;
      finish();
    };
    const onInt = onSignal('SIGINT');
    const onTerm = onSignal('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    let inFlight = 0;
    // Two tasks per worker: one running, one queued, so a worker never waits for the
    // coordinator between shards.
    const maxInFlight = workers * 2;
    const pump = () => {
      if (signal !== null || failure !== null) return finish();
      while (inFlight < maxInFlight && queue.length > 0) {
        const [first, count] = queue.shift()!;
        inFlight++;
        pool.run({ variant: 0, first, count, perTrial: !options.summaryOnly }).then(
          (result) => {
            inFlight--;
            if (signal !== null || failure !== null) return finish();
            if (result.kind === 'failed') {
              failure = new ShardFailure(
                `trial ${result.trial} failed: ${result.message}\n  replay it with: scale-across trace ${options.configLabel ?? '<config>'} --trial ${result.trial} --seed ${scenario.seed}`,
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
            if (signal === null) failure ??= error;
            finish();
          },
        );
      }
      if (inFlight === 0 && queue.length === 0) finish();
    };
    pump();
    await finished;
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    await pool.destroy();
  }

  if (failure !== null) {
    writeManifest(outDir, manifest('interrupted', done));
    throw failure;
  }
  if (signal !== null) {
    const m = manifest('interrupted', done);
    writeManifest(outDir, m);
    return { status: 'interrupted', signal, trialsDone: done, manifest: m };
  }

  const t0 = performance.now();
  feed?.finish();
  writer?.close();
  if (!writer && existsSync(join(outDir, TRIALS_FILE))) rmSync(join(outDir, TRIALS_FILE)); // from an earlier, full run
  const result = aggregator.result();
  writeSummary(join(outDir, 'summary.arrow'), scenario, result.summary);
  writeHistograms(join(outDir, 'histograms.arrow'), scenario, result.histograms);
  writeComparison(join(outDir, 'comparison.arrow'), scenario, result.comparison);
  const m = manifest('complete', trials);
  writeManifest(outDir, m);
  store.clear();
  coordinatorMs += performance.now() - t0;
  const elapsedS = (performance.now() - startedWall) / 1000;
  return { status: 'complete', result, manifest: m, elapsedS, coordinatorShare: coordinatorMs / 1000 / elapsedS };
}
