/**
 * What `manifest.json` says of a campaign run to a target precision
 * (docs/model.md#run-to-precision): the target, and once the campaign is complete,
 * whether it was met, why and when the campaign stopped, and each target's interval
 * there.
 */

export interface PrecisionRecord {
  /** Target relative half-width of the 95 % confidence intervals (0.05: ±5 %). */
  readonly target_ci: number;
  /** The metric whose paired Δ mean (each scheme − the baseline) is the target. */
  readonly metric: string;
  readonly max_trials: number;
  /** Trials per block: the rule is checked at multiples of it. */
  readonly block_trials: number;
  /** No check before this many blocks. */
  readonly min_blocks: number;
  /** No stop on an estimate with fewer non-zero paired differences. */
  readonly min_nonzero: number;
  /** Null until the campaign is complete. */
  readonly outcome: PrecisionOutcome | null;
}

export interface PrecisionOutcome {
  /** True when every target was met; false when the campaign ran all of max_trials without. */
  readonly met: boolean;
  readonly reason: string;
  /** Trials in the result files: the campaign stopped after them. */
  readonly trials: number;
  readonly blocks: number;
  readonly targets: readonly PrecisionTargetRecord[];
}

export interface PrecisionTargetRecord {
  readonly scheme: string;
  readonly baseline: string;
  readonly estimate: number;
  readonly half_width: number;
  /** half_width / |estimate|; null for a zero estimate or no interval. */
  readonly relative_half_width: number | null;
  readonly nonzero: number;
  /** met, too-wide, zero-estimate, too-few-nonzero or no-interval. */
  readonly verdict: string;
}
