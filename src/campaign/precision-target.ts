/**
 * A campaign run to a target precision (`run --target-ci`, docs/model.md#run-to-precision):
 * blocks of trials until every scheme's paired Δ mean of the target metric against the
 * baseline has a 95 % confidence interval within the target relative half-width, or
 * until max-trials.
 *
 * Determinism: the shards are exactly the blocks, and the rule is checked as blocks
 * leave the in-order buffer (coordinator.ts dispatchShards), so the decision at block k
 * depends on trials [0, k · block) alone, never on which worker finished first;
 * shards beyond the stopping point are discarded. Once stopped, the result files are
 * merged again from the kept shards of [0, stop), by the same merge as a plain run of
 * `stop` trials: the files are those of `run --trials <stop>`, byte for byte.
 *
 * The target (relative half-width, metric, block size) is part of the campaign's hash,
 * so resuming with another target is refused instead of mixing stopping points.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { M, METRIC_COUNT, type Metric } from '../model/metrics.js';
import { canonicalJson } from '../output/canonical-json.js';
import type { PrecisionOutcome, PrecisionRecord } from '../output/precision-record.js';
import { CampaignAggregator } from '../stats/block-aggregator.js';
import { BLOCK_TRIALS, shardAggregateFromData } from '../stats/shard-aggregate.js';
import { checkTargets, MIN_BLOCKS, MIN_NONZERO, type RuleCheck, type TargetEstimate } from '../stats/stopping-rule.js';
import type { MergedResults } from './campaign-merge.js';
import type { CampaignSpec } from './campaign-spec.js';
import type { PartialResult } from './partial-result.js';
import { MAX_SHARD_TRIALS, type TrialRange } from './shard-plan.js';
import { shardFileName, type ShardStore } from './shard-store.js';

export interface PrecisionTarget {
  /** Target relative half-width of the 95 % CI, e.g. 0.05. */
  readonly relativeHalfWidth: number;
  /** Each scheme's paired Δ mean of this metric against the baseline is a target. */
  readonly metric: Metric;
  /** Trials per block (a multiple of BLOCK_TRIALS): the rule is checked after each. */
  readonly blockTrials: number;
}

/** Checks per campaign that runs all of its max-trials, by default. */
const DEFAULT_CHECKS = 64;

/**
 * The default block: about 1/64 of max-trials in whole aggregation blocks, between one
 * of them and the largest shard, so a campaign is checked about 64 times. It depends on
 * max-trials alone (never on the worker count), so it fixes the stopping point.
 */
export function precisionBlockTrials(maxTrials: number): number {
  const blocks = Math.max(1, Math.ceil(maxTrials / DEFAULT_CHECKS / BLOCK_TRIALS));
  return Math.min(MAX_SHARD_TRIALS, blocks * BLOCK_TRIALS);
}

/** The campaign hash of a campaign run to `target`: the scenarios' hash and the target, hashed. */
export function precisionCampaignHash(scenariosHash: string, target: PrecisionTarget): string {
  return createHash('sha256')
    .update(canonicalJson({ scenarios: scenariosHash, precision: targetIdentity(target) }))
    .digest('hex');
}

function targetIdentity(target: PrecisionTarget) {
  return { target_ci: target.relativeHalfWidth, metric: target.metric, block_trials: target.blockTrials };
}

/** The manifest's record: the target, and the outcome once there is one. */
export function precisionRecord(target: PrecisionTarget, maxTrials: number, outcome: PrecisionOutcome | null): PrecisionRecord {
  return { ...targetIdentity(target), max_trials: maxTrials, min_blocks: MIN_BLOCKS, min_nonzero: MIN_NONZERO, outcome };
}

/** In what a manifest's target differs from `target` (null: it does not). */
export function precisionDifference(previous: PrecisionRecord | undefined, target: PrecisionTarget | null): string | null {
  const was = previous === undefined ? 'none' : `${previous.target_ci} on ${previous.metric}, blocks of ${previous.block_trials}`;
  const now = target === null ? 'none' : `${target.relativeHalfWidth} on ${target.metric}, blocks of ${target.blockTrials}`;
  return was === now ? null : `target precision ${was} → ${now}`;
}

/**
 * The dispatcher's sink while a campaign runs to a target: merges the summaries in
 * trial order and checks the rule at every block boundary; `done` once it stops.
 */
export class PrecisionSink {
  private readonly aggregator: CampaignAggregator;
  /** Per compared scheme: trials whose paired difference of the target metric is not zero. */
  private readonly nonzero: Float64Array;
  private merged = 0;
  private stopAt: number | null = null;
  private last: RuleCheck | null = null;

  constructor(
    spec: CampaignSpec,
    private readonly target: PrecisionTarget,
  ) {
    if (spec.scenarios.length !== 1) throw new Error('a campaign run to a target precision has one variant');
    const base = spec.scenarios[0]!;
    if (base.schemes.length < 2) throw new Error('a campaign run to a target precision compares at least two schemes');
    this.aggregator = new CampaignAggregator({ schemes: base.schemes.map((s) => s.id), trials: base.trials });
    this.nonzero = new Float64Array(base.schemes.length - 1);
  }

  /** True once the campaign stopped: later trials are discarded. */
  get done(): boolean {
    return this.stopAt !== null;
  }

  /** The trial count the campaign stopped at (null while it runs). */
  get stoppedAt(): number | null {
    return this.stopAt;
  }

  add(p: PartialResult): void {
    if (this.stopAt !== null) return;
    if (p.first !== this.merged) throw new RangeError(`precision: trials from ${p.first} arrive where ${this.merged} is next`);
    const agg = shardAggregateFromData(p.summaries[0]!);
    // Plain counts of non-zero differences, whatever the statistics weigh: under
    // importance sampling better/worse are sums of weights, not trials.
    // A precision block spans several aggregate blocks of BLOCK_TRIALS: count them all.
    const D = this.nonzero.length;
    for (let b = 0; b < agg.blocks; b++) {
      for (let d = 0; d < D; d++) this.nonzero[d] += agg.changed[(b * D + d) * METRIC_COUNT + M[this.target.metric]]!;
    }
    this.aggregator.add(agg);
    this.merged += p.count;
    const end = this.aggregator.trials;
    if (this.merged % this.target.blockTrials !== 0 && this.merged !== end) return;
    this.last = checkTargets(this.estimates(), this.target.relativeHalfWidth, this.blocks());
    if (this.last.stop || this.merged === end) this.stopAt = this.merged;
  }

  private blocks(): number {
    return Math.ceil(this.merged / this.target.blockTrials);
  }

  /** The target estimates from the comparison columns, the ones comparison.arrow gets. */
  private estimates(): TargetEstimate[] {
    const c = this.aggregator.result().comparison;
    const out: TargetEstimate[] = [];
    for (let k = 0; k < c.metric.length; k++) {
      if (c.metric[k] !== this.target.metric) continue;
      out.push({
        scheme: c.scheme[k]!,
        baseline: c.baseline[k]!,
        estimate: c.mean_diff[k]!,
        ci95Low: c.ci95_low[k]!,
        ci95High: c.ci95_high[k]!,
        nonzero: this.nonzero[out.length]!,
      });
    }
    return out;
  }

  /** Why and where the campaign stopped. @throws before it stopped. */
  outcome(): PrecisionOutcome {
    if (this.stopAt === null || this.last === null) throw new Error('precision: the campaign has not stopped');
    const met = this.last.stop;
    return {
      met,
      reason: met
        ? `every target met after ${this.blocks()} blocks`
        : `max trials reached (${this.stopAt}) with ${this.last.checks.filter((c) => c.verdict !== 'met').length} target(s) not met`,
      trials: this.stopAt,
      blocks: this.blocks(),
      targets: this.last.checks.map((c) => ({
        scheme: c.scheme,
        baseline: c.baseline,
        estimate: c.estimate,
        half_width: c.halfWidth,
        relative_half_width: Number.isFinite(c.relativeHalfWidth) ? c.relativeHalfWidth : null,
        nonzero: c.nonzero,
        verdict: c.verdict,
      })),
    };
  }
}

/**
 * The result files of trials [0, stop) written into `dir` from the kept shards, by the
 * merge of a plain campaign of `stop` trials (its scenario says `trials: stop`).
 * @param saved the kept shards' ranges; those of [0, stop) must cover it exactly
 */
export async function mergeStoppedCampaign(
  spec: CampaignSpec,
  stop: number,
  store: ShardStore,
  hash: string,
  saved: readonly TrialRange[],
  dir: string,
  withRows: boolean,
  parquet: boolean,
): Promise<MergedResults> {
  const scenarios = spec.scenarios.map((s) => ({ ...s, trials: stop }));
  const { CampaignMerge } = await import('./campaign-merge.js');
  const merge = new CampaignMerge({ scenarios, variantLabels: spec.variantLabels }, dir, withRows, parquet);
  try {
    const ranges = saved.filter(([first]) => first < stop).sort((a, b) => a[0] - b[0]);
    for (const [first, count] of ranges)
      merge.add(store.load({ first, count, hasRows: withRows, path: join(store.dir, shardFileName(first, count)) }, hash));
    if (merge.trialsMerged !== stop) throw new Error(`precision: the kept shards cover ${merge.trialsMerged} of the ${stop} trials`);
    return merge.finish();
  } catch (error) {
    merge.abort();
    throw error;
  }
}
