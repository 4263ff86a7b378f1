/**
 * The per-trial outcome columns of docs/model.md#outcome, in the order they travel between threads
 * and appear in result files. A trial's outcome for one scheme is one row of
 * METRIC_COUNT float64 values plus a status code.
 */

export const METRICS = [
  'jct_h',
  'goodput',
  'lost_work_h',
  'run_h',
  'checkpoint_h',
  'stall_h',
  'recovery_h',
  'restart_h',
  'degraded_h',
  'crashes_network',
  'crashes_background',
  'cuts',
  'energy_mwh',
  'wasted_energy_mwh',
  'network_energy_mwh',
] as const;

export type Metric = (typeof METRICS)[number];
export const METRIC_COUNT = METRICS.length;

/** Column index of each metric in an outcome row. */
export const M = Object.fromEntries(METRICS.map((m, i) => [m, i])) as { readonly [K in Metric]: number };

/** Unit of each metric, written as Arrow field metadata. '' for counts and ratios. */
export const METRIC_UNIT: { readonly [K in Metric]: string } = {
  jct_h: 'h',
  goodput: '1',
  lost_work_h: 'h',
  run_h: 'h',
  checkpoint_h: 'h',
  stall_h: 'h',
  recovery_h: 'h',
  restart_h: 'h',
  degraded_h: 'h',
  crashes_network: 'count',
  crashes_background: 'count',
  cuts: 'count',
  energy_mwh: 'MWh',
  wasted_energy_mwh: 'MWh',
  network_energy_mwh: 'MWh',
};

/**
 * Which way is better, for paired comparisons (docs/model.md#results): -1 lower is better, +1 higher
 * is better, 0 no direction (`cuts` is the same network for every scheme).
 */
export const METRIC_BETTER: { readonly [K in Metric]: -1 | 0 | 1 } = {
  jct_h: -1,
  goodput: 1,
  lost_work_h: -1,
  run_h: -1,
  checkpoint_h: -1,
  stall_h: -1,
  recovery_h: -1,
  restart_h: -1,
  degraded_h: -1,
  crashes_network: -1,
  crashes_background: -1,
  cuts: 0,
  energy_mwh: -1,
  wasted_energy_mwh: -1,
  network_energy_mwh: -1,
};

export const STATUSES = ['done', 'censored'] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_DONE = 0;
export const STATUS_CENSORED = 1;
