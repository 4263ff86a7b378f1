/**
 * Importance sampling's diagnostics (src/stats/weight-diagnostics.ts) as the result
 * folder records them: the manifest's `importance_sampling` list and summary.arrow's
 * `scale_across.importance_sampling` schema metadata hold the same JSON, one entry per
 * variant. Written only when importance sampling was on (`importanceSampled`), so a
 * plain run's files are unchanged.
 */
import type { WeightDiagnostics } from '../stats/weight-diagnostics.js';

export const IMPORTANCE_SAMPLING_METADATA = 'scale_across.importance_sampling';

export interface ImportanceSamplingRecord {
  /** The sweep variant (absent for a plain run). */
  readonly variant?: string;
  readonly trials: number;
  /** Σw / n (must be ≈ 1) and its 95 % CI. */
  readonly mean_weight: number;
  readonly mean_weight_ci95: readonly [number, number];
  /** Kish's (Σw)² / Σw². */
  readonly effective_sample_size: number;
  /** The largest weight's share of Σw. */
  readonly max_weight_share: number;
  /** What the figures say is wrong (empty when nothing is). */
  readonly warnings: readonly string[];
}

/** The records of the importance-sampled variants; null when no variant was importance-sampled. */
export function importanceSamplingRecords(
  diagnostics: readonly WeightDiagnostics[],
  labels: readonly string[] | null,
): ImportanceSamplingRecord[] | null {
  if (!diagnostics.some((d) => d.importanceSampled)) return null;
  return diagnostics.map((d, v) => ({
    ...(labels ? { variant: labels[v]! } : {}),
    trials: d.trials,
    mean_weight: d.mean,
    mean_weight_ci95: [d.ci95[0], d.ci95[1]],
    effective_sample_size: d.ess,
    max_weight_share: d.maxShare,
    warnings: d.warnings,
  }));
}
