/**
 * The campaign coordinator (SPEC §5–§6): plans shards, keeps a piscina pool busy,
 * merges shard aggregates in trial order as they arrive, streams trials.arrow, keeps
 * every finished shard on disk for --resume, stops cleanly on SIGINT/SIGTERM, and
 * writes the result files atomically at the end.
 *
 * A campaign has one or more variants (a `sweep` has one per grid point); every shard
 * runs its trials under all of them, so variants are compared on the same trials.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compileScenario } from '../model/compile-scenario.js';
import type { Scenario } from '../model/scenario.js';
import { isAtomicTempName } from '../output/atomic-file.js';
import { canonicalJson } from '../output/canonical-json.js';
import { writeComparison } from '../output/comparison-writer.js';
import { writeHistograms } from '../output/histograms-writer.js';
import { manifestIdentity, readManifest, writeManifest, type Manifest } from '../output/manifest.js';
import { writeSummary } from '../output/summary-writer.js';
import { TRIALS_FILE, TrialsWriter } from '../output/trials-writer.js';
import { CampaignAggregator, type CampaignResult } from '../stats/block-aggregator.js';
import { VariantPairsAggregator } from '../stats/variant-pairs.js';
import { CauseAggregator } from '../stats/cause-aggregator.js';
import { CAUSE_FIELDS, CAUSE_METRICS, causeNames } from '../model/cause-metrics.js';
import { CAUSES_FILE, writeCauses } from '../output/causes-writer.js';
import { createProgress } from './progress.js';
import type { ShardDone } from './protocol.js';
import { RunLock } from './run-lock.js';
import { defaultShardTrials, planShards, type TrialRange } from './shard-plan.js';
import { ShardStore, type KeptShard } from './shard-store.js';
import { TrialsFeed } from './trials-feed.js';
import { ShardFailure, WorkerPool } from './worker-pool.js';

export interface CampaignOptions {
  /**
   * One resolved scenario per variant (command-line overrides applied); all share the
   * trial count, seed and scheme ids.
   */
  readonly scenarios: readonly Scenario[];
  /** Variant names for the `variant` column (null: a plain run, no such column). */
  readonly variantLabels: readonly string[] | null;
  readonly outDir: string;
  readonly workers: number;
  readonly summaryOnly: boolean;
  readonly resume: boolean;
  readonly quiet: boolean;
  /** Trials per shard (a multiple of 1024); default: about 16 shards per worker. */
  readonly shardTrials?: number;
  /** How to name the scenario in messages (the config path). */
  readonly configLabel?: string;
  /** The command to suggest for replaying a failed trial. */
  readonly progressLabel?: string;
}

export interface CampaignResults {
  /** Per variant. */
  readonly results: CampaignResult[];
  /** Per variant: which cause costs what. */
  readonly causes: CauseAggregator[];
  /** jct_h differences between variants (sweeps). */
  readonly pairs: VariantPairsAggregator | null;
}

export type CampaignOutcome =
  | ({
      readonly status: 'complete';
      readonly manifest: Manifest;
      /** Share of the wall time the coordinator thread spent on its own work. */
      readonly coordinatorShare: number;
    } & CampaignResults)
  | { readonly status: 'interrupted'; readonly signal: 'SIGINT' | 'SIGTERM'; readonly trialsDone: number; readonly manifest: Manifest }
  | { readonly status: 'already-complete'; readonly manifest: Manifest };

const RESULT_FILES = [TRIALS_FILE, 'summary.arrow', 'histograms.arrow', 'comparison.arrow', CAUSES_FILE];

/** causes.arrow's columns: every variant × scheme × cause × metric. */
function causeColumns(scenario: Scenario, aggregators: readonly CauseAggregator[], labels: readonly string[] | null) {
  const causes = causeNames(scenario);
  const units: Record<string, string> = { cuts: 'count', crashes_network: 'count', lost_work_h: 'h' };
  const rows: { variant: string; scheme: string; cause: string; metric: string; k: number; a: CauseAggregator }[] = [];
  aggregators.forEach((a, v) =>
    scenario.schemes.forEach((scheme, s) =>
      causes.forEach((cause, c) =>
        CAUSE_METRICS.forEach((metric, f) =>
          rows.push({ variant: labels?.[v] ?? '', scheme: scheme.id, cause, metric, k: (s * causes.length + c) * CAUSE_FIELDS + f, a }),
        ),
      ),
    ),
  );
  const estimates = rows.map((r) => r.a.estimate(r.k));
  return {
    ...(labels ? { variant: rows.map((r) => r.variant) } : {}),
    scheme: rows.map((r) => r.scheme),
    cause: rows.map((r) => r.cause),
    metric: rows.map((r) => r.metric),
    unit: rows.map((r) => units[r.metric]!),
    mean: Float64Array.from(estimates, (e) => e.mean),
    ci95_low: Float64Array.from(estimates, (e) => e.ci95[0]),
    ci95_high: Float64Array.from(estimates, (e) => e.ci95[1]),
  };
}

/** A resume or lock refusal: something the user can act on. */
export class CampaignRefused extends Error {}

export async function runCampaign(options: CampaignOptions): Promise<CampaignOutcome> {
  mkdirSync(options.outDir, { recursive: true });
  const lock = new RunLock(options.outDir);
  lock.acquire();
  const cleanups: (() => void)[] = [() => lock.release()];
  try {
    // Under the lock no other run writes here: a temp file is what a run killed hard
    // (SIGKILL, OOM, power loss) left mid-write, e.g. a partial trials.arrow of any size.
    for (const name of readdirSync(options.outDir)) if (isAtomicTempName(name)) rmSync(join(options.outDir, name), { force: true });
    return await runLocked(options, cleanups);
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup();
  }
}

function campaignHash(scenarios: readonly Scenario[]): string {
  return createHash('sha256')
    .update(canonicalJson(scenarios.length === 1 ? scenarios[0] : scenarios))
    .digest('hex');
}

async function runLocked(options: CampaignOptions, cleanups: (() => void)[]): Promise<CampaignOutcome> {
  const { scenarios, outDir, workers } = options;
  const base = scenarios[0]!;
  const V = scenarios.length;
  const S = base.schemes.length;
  const trials = base.trials;
  const startedWall = performance.now();
  const store = new ShardStore(outDir);
  const previous = readManifest(outDir);
  const hash = campaignHash(scenarios);
  const identity = { ...manifestIdentity(base), scenario_hash: hash };
  let kept: KeptShard[] = [];
  let elapsedBefore = 0;
  const startedAt = new Date().toISOString();

  if (options.resume) {
    if (previous === null) throw new CampaignRefused(`nothing to resume in ${outDir} (no manifest.json)`);
    if (previous.scenario_hash !== hash)
      throw new CampaignRefused(
        `${outDir} holds a campaign of another scenario, seed or trial count; run without --resume to start over there, or choose another --out`,
      );
    if (previous.status === 'complete') return { status: 'already-complete', manifest: previous };
    kept = store.list();
    if (!options.summaryOnly && kept.some((k) => !k.hasRows))
      throw new CampaignRefused(`the interrupted campaign in ${outDir} ran with --summary-only: resume it with --summary-only`);
    elapsedBefore = previous.elapsed_s;
  } else {
    // A fresh campaign: the folder describes it alone from now on, even if it is
    // interrupted before it writes its own results.
    store.clear();
    for (const file of RESULT_FILES) rmSync(join(outDir, file), { force: true });
  }

  const schemeIds = base.schemes.map((s) => s.id);
  const aggregators = scenarios.map(() => new CampaignAggregator({ schemes: schemeIds, trials }));
  const causeWidth = causeNames(base).length * CAUSE_FIELDS;
  const causeAggregators = scenarios.map(() => new CauseAggregator(S * causeWidth));
  const pairs = V > 1 ? new VariantPairsAggregator(V, S) : null;
  const labels = options.variantLabels;
  const extraMetadata = labels ? { 'scale_across.variants': JSON.stringify(labels) } : undefined;
  const writer = options.summaryOnly
    ? null
    : TrialsWriter.open(join(outDir, TRIALS_FILE), base, { ...(labels ? { variants: labels } : {}), extraMetadata });
  if (writer) cleanups.push(() => writer.abort());
  const feeds = writer ? scenarios.map((_, v) => new TrialsFeed(writer, S, v)) : null;
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

  /** Summaries into the aggregators, rows (lazily) into trials.arrow. */
  const take = (first: number, count: number, summaries: readonly Float64Array[], rows: () => { rows: Float64Array[]; codes: Uint8Array[] }) => {
    for (let v = 0; v < V; v++) aggregators[v]!.add(summaries[v]!);
    for (let v = 0; v < V; v++) causeAggregators[v]!.add(summaries[V + v]!);
    if (pairs) pairs.add(summaries[2 * V]!);
    if (feeds) {
      let loaded: { rows: Float64Array[]; codes: Uint8Array[] } | null = null;
      const load = () => (loaded ??= rows());
      feeds.forEach((feed, v) => feed.offer({ first, count, load: () => ({ values: load().rows[v]!, status: load().codes[v]! }) }));
    }
    completed.push([first, count]);
  };

  for (const k of kept) take(k.first, k.count, k.summaries, () => store.readRows(k));
  let done = kept.reduce((n, k) => n + k.count, 0);
  writeManifest(outDir, manifest('running', done));

  const shardTrials = options.shardTrials ?? defaultShardTrials(trials, workers);
  const queue = planShards(trials, shardTrials, ShardStore.ranges(kept), options.shardTrials === undefined ? workers : 0);
  if (writer && !options.quiet) {
    // One row per trial and scheme, ≈ 120 bytes each: say what a big campaign will write.
    const bytes = trials * S * V * 120;
    if (bytes > 1e9)
      process.stderr.write(`writing per-trial rows to ${join(outDir, TRIALS_FILE)}: ≈ ${(bytes / 1e9).toFixed(1)} GB (--summary-only skips them)\n`);
  }
  const progress = createProgress(trials, done, options.quiet, options.progressLabel ?? base.name);
  cleanups.push(() => progress.stop());

  // Shard files being written; awaited before the campaign reports or clears them.
  const saving = new Set<Promise<void>>();
  let saveFailure: Error | null = null;
  const accept = (r: ShardDone) => {
    const t0 = performance.now();
    const summaries = [...r.aggregates, ...r.causes, ...(r.pairs ? [r.pairs] : [])];
    const saved = store.save(r.first, r.count, { summaries, rows: r.values ?? [], codes: r.status ?? [] }).then(
      () => void saving.delete(saved),
      (error: Error) => {
        saving.delete(saved);
        saveFailure ??= error;
      },
    );
    saving.add(saved);
    take(r.first, r.count, summaries, () => ({ rows: r.values!, codes: r.status! }));
    done += r.count;
    coordinatorMs += performance.now() - t0;
    progress.update(done);
  };

  let signal: 'SIGINT' | 'SIGTERM' | null = null;
  let failure: Error | null = null;
  if (queue.length > 0) {
    const pool = new WorkerPool({ scenarios, pilots: scenarios.map((s) => compileScenario(s).pilots) }, workers);
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const onInt = () => {
      signal ??= 'SIGINT';
      finish();
    };
    const onTerm = () => {
      signal ??= 'SIGTERM';
      finish();
    };
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
        pool.run({ first, count, perTrial: !options.summaryOnly }).then(
          (result) => {
            inFlight--;
            if (signal !== null || failure !== null) return finish();
            if (result.kind === 'failed') {
              const which = V > 1 ? ` (variant ${labels?.[result.variant] ?? result.variant})` : '';
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
  await Promise.all(saving);
  if (saveFailure !== null) failure ??= saveFailure;

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
  feeds?.forEach((feed) => feed.finish());
  writer?.close();
  if (!writer && existsSync(join(outDir, TRIALS_FILE))) rmSync(join(outDir, TRIALS_FILE)); // from an earlier, full run
  const results = aggregators.map((a) => a.result());
  writeResultFiles(outDir, base, results, labels, extraMetadata);
  writeCauses(join(outDir, CAUSES_FILE), base, causeColumns(base, causeAggregators, labels), extraMetadata ? { extraMetadata } : undefined);
  const m = manifest('complete', trials);
  writeManifest(outDir, m);
  store.clear();
  coordinatorMs += performance.now() - t0;
  const elapsedS = (performance.now() - startedWall) / 1000;
  return { status: 'complete', results, causes: causeAggregators, pairs, manifest: m, coordinatorShare: coordinatorMs / 1000 / elapsedS };
}

/** summary, histograms and comparison files; with variants, rows of every variant and a `variant` column. */
function writeResultFiles(
  outDir: string,
  scenario: Scenario,
  results: readonly CampaignResult[],
  labels: readonly string[] | null,
  extraMetadata: Record<string, string> | undefined,
): void {
  const options = extraMetadata ? { extraMetadata } : undefined;
  const concat = <T extends object>(parts: readonly T[]): T => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(parts[0]!)) {
      const columns = parts.map((p) => (p as Record<string, unknown>)[key]);
      out[key] =
        columns[0] instanceof Float64Array
          ? Float64Array.from((columns as Float64Array[]).flatMap((c) => Array.from(c)))
          : (columns as string[][]).flat();
    }
    return out as T;
  };
  const withVariant = <T extends { scheme: string[] }>(pick: (r: CampaignResult) => T): T & { variant?: string[] } => {
    const parts = results.map(pick);
    const merged = concat(parts);
    if (!labels) return merged;
    return { ...merged, variant: parts.flatMap((p, v) => p.scheme.map(() => labels[v]!)) };
  };
  writeSummary(join(outDir, 'summary.arrow'), scenario, withVariant((r) => r.summary), options);
  writeHistograms(join(outDir, 'histograms.arrow'), scenario, withVariant((r) => r.histograms), options);
  writeComparison(join(outDir, 'comparison.arrow'), scenario, withVariant((r) => r.comparison), options);
}
