/**
 * summary, histograms, comparison and causes files of a campaign; with variants (a
 * sweep), the rows of every variant and a `variant` column.
 */
import { join } from 'node:path';
import { CAUSE_FIELDS, CAUSE_METRICS, causeNames } from '../model/cause-metrics.js';
import type { Scenario } from '../model/scenario.js';
import { CAUSES_FILE, writeCauses } from '../output/causes-writer.js';
import { writeComparison } from '../output/comparison-writer.js';
import { writeHistograms } from '../output/histograms-writer.js';
import { IMPORTANCE_SAMPLING_METADATA, importanceSamplingRecords } from '../output/importance-sampling.js';
import { writeSummary } from '../output/summary-writer.js';
import type { CampaignResult } from '../stats/block-aggregator.js';
import type { CauseAggregator } from '../stats/cause-aggregator.js';

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

export function writeResultFiles(
  dir: string,
  scenario: Scenario,
  results: readonly CampaignResult[],
  causes: readonly CauseAggregator[],
  labels: readonly string[] | null,
): void {
  const extraMetadata = labels ? { 'scale_across.variants': JSON.stringify(labels) } : undefined;
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
  const withVariant = <T extends { readonly scheme: readonly string[] }>(pick: (r: CampaignResult) => T): T => {
    const parts = results.map(pick);
    const merged = concat(parts);
    if (!labels) return merged;
    return { ...merged, variant: parts.flatMap((p, v) => p.scheme.map(() => labels[v]!)) };
  };
  // The weights' diagnostics go with the summary they qualify, only under importance sampling.
  const sampling = importanceSamplingRecords(
    results.map((r) => r.weights),
    labels,
  );
  const summaryOptions = sampling ? { extraMetadata: { ...extraMetadata, [IMPORTANCE_SAMPLING_METADATA]: JSON.stringify(sampling) } } : options;
  writeSummary(join(dir, 'summary.arrow'), scenario, withVariant((r) => r.summary), summaryOptions);
  writeHistograms(join(dir, 'histograms.arrow'), scenario, withVariant((r) => r.histograms), options);
  writeComparison(join(dir, 'comparison.arrow'), scenario, withVariant((r) => r.comparison), options);
  writeCauses(join(dir, CAUSES_FILE), scenario, causeColumns(scenario, causes, labels), options);
}
