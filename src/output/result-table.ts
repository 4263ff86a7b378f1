/**
 * The small result files (summary, comparison, histograms): a handful of plain columns
 * written as one record batch, atomically, with the run's schema metadata.
 *
 * String columns are plain utf8 (a few hundred rows at most, so dictionary encoding
 * buys nothing and plain strings are what every reader handles best). Value columns
 * are float64 and nullable: NaN ("not defined") is written as null.
 */

import { type Data, Field, Float64, Schema, Utf8 } from 'apache-arrow';
import { basename } from 'node:path';
import { METRICS, METRIC_UNIT, type Metric } from '../model/metrics.js';
import type { Scenario } from '../model/scenario.js';
import { float64Column, utf8Column } from './arrow-columns.js';
import { writeArrowFile } from './arrow-file-writer.js';
import { type ExtraMetadata, fieldWithUnit, schemaMetadata } from './arrow-metadata.js';

export interface ResultFileOptions {
  /** Schema metadata added to the standard keys (e.g. what a sweep varied). */
  readonly extraMetadata?: ExtraMetadata;
}

export interface ResultColumn {
  readonly field: Field;
  readonly data: Data;
}

export function textColumn(name: string, values: readonly string[]): ResultColumn {
  return { field: new Field(name, new Utf8(), false), data: utf8Column(values) };
}

export function numberColumn(name: string, values: Float64Array, unit = ''): ResultColumn {
  return { field: fieldWithUnit(name, new Float64(), unit, true), data: float64Column(values) };
}

const KNOWN_METRICS: ReadonlySet<string> = new Set(METRICS);

/**
 * The `unit` column: each row's metric's unit (METRIC_UNIT), since one column of a
 * summary mixes hours, MWh, counts and ratios and field metadata can hold only one.
 * @throws naming the first row whose metric is not a per-trial metric.
 */
export function unitColumn(file: string, metrics: readonly string[]): ResultColumn {
  const units = metrics.map((metric, i) => {
    if (!KNOWN_METRICS.has(metric)) throw new Error(`${file}: metric[${i}] '${metric}' is not a per-trial metric`);
    return METRIC_UNIT[metric as Metric];
  });
  return textColumn('unit', units);
}

/** The optional leading `variant` column of a sweep's result set. */
export function variantColumn(variant: readonly string[] | undefined): ResultColumn[] {
  return variant === undefined ? [] : [textColumn('variant', variant)];
}

/**
 * Writes `columns` as `path`, atomically.
 * @throws if the columns differ in length (naming the first that does); nothing is written.
 */
export function writeResultTable(
  path: string,
  scenario: Scenario,
  columns: readonly ResultColumn[],
  options: ResultFileOptions = {},
): void {
  const length = columns[0]?.data.length ?? 0;
  for (const { field, data } of columns) {
    if (data.length !== length) {
      throw new Error(
        `${basename(path)}: column '${field.name}' has ${data.length} rows, expected ${length} (as '${columns[0].field.name}')`,
      );
    }
  }
  const schema = new Schema(
    columns.map((c) => c.field),
    schemaMetadata(scenario, options.extraMetadata),
  );
  writeArrowFile(path, schema, length, columns.map((c) => c.data));
}
