/**
 * `run --target-ci`, `--target-metric`, `--max-trials`: a campaign that runs until its
 * answer is precise enough (docs/model.md#run-to-precision). Declared, checked and turned
 * into the campaign's target here; the rule itself is src/stats/stopping-rule.ts.
 */
import type { Argv } from 'yargs';
import type { Override } from '../config/index.js';
import { METRICS, METRIC_BETTER, type Metric } from '../model/metrics.js';
import type { Scenario } from '../model/scenario.js';
import { precisionBlockTrials, type PrecisionTarget } from '../campaign/precision-target.js';
import { UserError } from './user-error.js';

export interface PrecisionArgs {
  targetCi?: string;
  targetMetric?: string;
  maxTrials?: number;
}

export const DEFAULT_TARGET_METRIC: Metric = 'jct_h';

/** Metrics a target may be on: those with a direction (the paired difference of `cuts` is always 0). */
export const TARGET_METRICS = METRICS.filter((m) => METRIC_BETTER[m] !== 0);

export function precisionOptions<T>(yargs: Argv<T>): Argv<T & PrecisionArgs> {
  return yargs
    .option('target-ci', {
      type: 'string',
      describe: 'run blocks of trials until every scheme\'s 95 % CI of its paired Δ mean against the baseline is within ± this share of the estimate (e.g. 5% or 0.05)',
    })
    .option('target-metric', {
      type: 'string',
      describe: `the metric of --target-ci's paired Δ mean (default ${DEFAULT_TARGET_METRIC}; one of ${TARGET_METRICS.join(', ')})`,
    })
    .option('max-trials', {
      type: 'number',
      describe: "with --target-ci: stop there if the target is not met (default: the scenario's trials)",
    }) as unknown as Argv<T & PrecisionArgs>;
}

/**
 * The relative half-width of `--target-ci`: `5%` or `0.05`, strictly between 0 and 1.
 * @throws UserError naming the flag
 */
export function parseTargetCi(text: string): number {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const number = percent ? trimmed.slice(0, -1).trim() : trimmed;
  const value = /^\d*\.?\d+(?:e-?\d+)?$/i.test(number) ? Number(number) / (percent ? 100 : 1) : NaN;
  if (!(value > 0 && value < 1)) {
    const hint = !percent && Number(number) >= 1 && Number(number) < 100 ? ` (did you mean ${number}%?)` : '';
    throw new UserError(`--target-ci: must be a relative half-width between 0 and 1 (e.g. 0.05) or a percentage (e.g. 5%), got "${text}"${hint}`);
  }
  return value;
}

/**
 * Checks the flags before the scenario is loaded: null without --target-ci.
 * @returns the override --max-trials implies (the scenario's `trials`, checked like --trials)
 */
export function checkPrecisionArgs(args: PrecisionArgs & { trials?: number; shard?: string; shardFromEnv?: boolean }): {
  relativeHalfWidth: number;
  metric: Metric;
  overrides: Override[];
} | null {
  if (args.targetCi === undefined) {
    for (const flag of ['targetMetric', 'maxTrials'] as const)
      if (args[flag] !== undefined) throw new UserError(`--${flag === 'targetMetric' ? 'target-metric' : 'max-trials'} goes with --target-ci`);
    return null;
  }
  const relativeHalfWidth = parseTargetCi(String(args.targetCi));
  const metric = args.targetMetric ?? DEFAULT_TARGET_METRIC;
  if (!(TARGET_METRICS as readonly string[]).includes(metric))
    throw new UserError(`--target-metric: "${metric}" is not a metric with a direction; choose one of ${TARGET_METRICS.join(', ')}`);
  if (args.trials !== undefined && args.maxTrials !== undefined)
    throw new UserError('--trials and --max-trials: with --target-ci give --max-trials (the most trials to run) alone');
  if (args.shard !== undefined || args.shardFromEnv === true)
    throw new UserError('--target-ci cannot run as shard tasks (--shard): the stopping point depends on every block before it; run it whole');
  const overrides: Override[] = [];
  if (args.maxTrials !== undefined) {
    if (!Number.isInteger(args.maxTrials) || args.maxTrials < 1 || args.maxTrials > 0xffffffff)
      throw new UserError(`--max-trials: must be an integer from 1 to ${0xffffffff}, got ${args.maxTrials}`);
    overrides.push(['trials', String(args.maxTrials), '--max-trials']);
  }
  return { relativeHalfWidth, metric: metric as Metric, overrides };
}

/**
 * The campaign's target once the scenario is loaded (its `trials` are the max-trials).
 * @param shardTrials --shard-size, which sets the block when given
 */
export function precisionTarget(
  checked: { relativeHalfWidth: number; metric: Metric },
  scenario: Scenario,
  shardTrials: number | undefined,
): PrecisionTarget {
  if (scenario.schemes.length < 2)
    throw new UserError(`--target-ci: the target is each scheme's difference against the baseline, and only ${scenario.schemes[0]?.id ?? 'one scheme'} is run; run at least two schemes`);
  return { relativeHalfWidth: checked.relativeHalfWidth, metric: checked.metric, blockTrials: shardTrials ?? precisionBlockTrials(scenario.trials) };
}

/** The flags that reproduce the target, for the resume hint. */
export function precisionFlags(args: PrecisionArgs & { shardSize?: number }): string[] {
  if (args.targetCi === undefined) return [];
  return [
    // It sets the block, which is part of the campaign.
    ...(args.shardSize !== undefined ? ['--shard-size', String(args.shardSize)] : []),
    '--target-ci',
    String(args.targetCi),
    ...(args.targetMetric !== undefined ? ['--target-metric', args.targetMetric] : []),
    ...(args.maxTrials !== undefined ? ['--max-trials', String(args.maxTrials)] : []),
  ];
}
