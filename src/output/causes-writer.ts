/**
 * `causes.arrow`: which cause costs what. One row per scheme × cause × metric (× variant
 * in a sweep): the mean per trial of `cuts`, `crashes_network` and `lost_work_h` due to
 * that cause, with a 95 % CI. Causes are the scenario's hazards and regional events.
 * Under importance sampling the mean is (1/n)·Σ w·x over the trials' weights w.
 */
import type { Scenario } from '../model/scenario.js';
import { type ResultFileOptions, numberColumn, textColumn, variantColumn, writeResultTable } from './result-table.js';

export { CAUSES_FILE } from './result-file-names.js';

export interface CauseColumns {
  readonly variant?: readonly string[];
  readonly scheme: readonly string[];
  readonly cause: readonly string[];
  /** cuts, crashes_network or lost_work_h */
  readonly metric: readonly string[];
  readonly unit: readonly string[];
  readonly mean: Float64Array;
  readonly ci95_low: Float64Array;
  readonly ci95_high: Float64Array;
}

export function writeCauses(path: string, scenario: Scenario, columns: CauseColumns, options?: ResultFileOptions): void {
  writeResultTable(
    path,
    scenario,
    [
      ...variantColumn(columns.variant),
      textColumn('scheme', columns.scheme),
      textColumn('cause', columns.cause),
      textColumn('metric', columns.metric),
      textColumn('unit', columns.unit),
      numberColumn('mean', columns.mean),
      numberColumn('ci95_low', columns.ci95_low),
      numberColumn('ci95_high', columns.ci95_high),
    ],
    options,
  );
}
