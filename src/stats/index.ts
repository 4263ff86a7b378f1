/**
 * Mergeable statistics for campaign summaries: no I/O, typed arrays throughout.
 */

// Moments: count, mean, M2, min, max in Float64Array slots (Welford / Chan et al.)
export {
  SLOT,
  createMomentsBank,
  momentsAdd,
  momentsCount,
  momentsMax,
  momentsMean,
  momentsMerge,
  momentsMergeBank,
  momentsMin,
  momentsStdev,
  momentsVariance,
  resetMoments,
} from './moments.js';

// Quantiles and histograms: fixed logarithmic buckets (DDSketch style, α = 0.5 %)
export {
  SKETCH_ALPHA,
  SKETCH_BUCKETS,
  SKETCH_GAMMA,
  SKETCH_MAX_VALUE,
  SKETCH_MIN_VALUE,
  bucketHigh,
  bucketIndex,
  bucketLow,
  bucketRepresentative,
  createSketchBank,
  quantileRank,
  sketchAdd,
  sketchCount,
  sketchMerge,
  sketchMergeBank,
  sketchQuantile,
  sketchQuantiles,
} from './log-sketch.js';

// Distributions and confidence intervals
export { normalQuantile } from './normal-quantile.js';
export { tDensity, tQuantile, tUpperTail } from './student-t.js';
export { ci95 } from './confidence.js';

// Block aggregation: worker-side shard aggregates, coordinator-side campaign summaries
export {
  BLOCK_TRIALS,
  CampaignAggregator,
  SUMMARY_QUANTILES,
  aggregateShard,
  shardAggregateFromData,
  type CampaignAggregatorOptions,
  type CampaignResult,
  type ComparisonColumns,
  type HistogramColumns,
  type ShardAggregate,
  type SummaryColumns,
} from './block-aggregator.js';
export { weightDiagnostics, ESS_WARNING_SHARE, type WeightDiagnostics } from './weight-diagnostics.js';
