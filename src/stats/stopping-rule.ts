/**
 * The sequential stopping rule of a campaign run to a target precision
 * (docs/model.md#run-to-precision): after each block of trials, stop once every target
 * estimate's 95 % confidence interval has a half-width of at most `relative` × |estimate|.
 *
 * The rule only judges intervals it is handed: they come from the campaign's own
 * comparison columns (block-aggregator.ts), the very numbers written to
 * comparison.arrow, so the rule and the files can never disagree about a half-width.
 *
 * Two minimums guard the rule's coverage (a sequential rule that stops on the first
 * small-looking interval stops preferentially on intervals that are too small):
 * - MIN_BLOCKS: no decision before that many blocks, so the interval's standard
 *   deviation rests on thousands of trials;
 * - MIN_NONZERO: no decision for an estimate made of fewer non-zero paired differences
 *   than that (rare differences: a handful of them gives a standard deviation that is
 *   itself uncertain by tens of percent, and a handful of equal ones a deceptively
 *   narrow interval).
 * And never on an estimate of zero: its relative half-width is undefined.
 */

/** Blocks of trials before the first check. */
export const MIN_BLOCKS = 4;

/** Non-zero paired differences an estimate needs before it may stop the campaign. */
export const MIN_NONZERO = 50;

/** One target estimate as of a block boundary. */
export interface TargetEstimate {
  /** The scheme whose paired difference against `baseline` this is. */
  readonly scheme: string;
  readonly baseline: string;
  readonly estimate: number;
  readonly ci95Low: number;
  readonly ci95High: number;
  /** Trials whose paired difference is not zero. */
  readonly nonzero: number;
}

export type TargetVerdict = 'met' | 'too-wide' | 'zero-estimate' | 'too-few-nonzero' | 'no-interval';

export interface TargetCheck extends TargetEstimate {
  readonly halfWidth: number;
  /** halfWidth / |estimate| (Infinity for a zero estimate, NaN without an interval). */
  readonly relativeHalfWidth: number;
  readonly verdict: TargetVerdict;
}

export interface RuleCheck {
  /** True when the campaign stops here: enough blocks and every target met. */
  readonly stop: boolean;
  readonly checks: readonly TargetCheck[];
}

/**
 * Judges the estimates after `blocks` blocks against the target relative half-width.
 * @param relative the target, e.g. 0.05 for ±5 %
 */
export function checkTargets(estimates: readonly TargetEstimate[], relative: number, blocks: number): RuleCheck {
  const checks = estimates.map((e): TargetCheck => {
    const halfWidth = (e.ci95High - e.ci95Low) / 2;
    const relativeHalfWidth = halfWidth / Math.abs(e.estimate);
    let verdict: TargetVerdict;
    if (!Number.isFinite(halfWidth) || !Number.isFinite(e.estimate)) verdict = 'no-interval';
    else if (e.estimate === 0) verdict = 'zero-estimate';
    else if (e.nonzero < MIN_NONZERO) verdict = 'too-few-nonzero';
    else verdict = relativeHalfWidth <= relative ? 'met' : 'too-wide';
    return { ...e, halfWidth, relativeHalfWidth, verdict };
  });
  return { stop: blocks >= MIN_BLOCKS && checks.length > 0 && checks.every((c) => c.verdict === 'met'), checks };
}
