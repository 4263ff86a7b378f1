/**
 * The metadata every result file carries (docs/model.md#results): on the schema, what produced the
 * file (`scale_across.version`, `.scenario`, `.seed`, `.trials`); on a field, its
 * `unit` where the column has one. Readers find it as pyarrow `schema.metadata`,
 * `field.metadata`, or arrow JS `table.schema.metadata`.
 */

import { type DataType, Field } from 'apache-arrow';
import type { Scenario } from '../model/scenario.js';
import { PACKAGE_VERSION } from './package-version.js';

export const METADATA_VERSION = 'scale_across.version';
export const METADATA_SCENARIO = 'scale_across.scenario';
export const METADATA_SEED = 'scale_across.seed';
export const METADATA_TRIALS = 'scale_across.trials';
export const METADATA_UNIT = 'unit';

/** Extra schema metadata a caller adds (e.g. a sweep's parameter); keys should be namespaced. */
export type ExtraMetadata = Readonly<Record<string, string>>;

/**
 * Schema metadata for a file produced from `scenario` (the resolved one, after command
 * line overrides, so its `seed` and `trials` are the campaign's).
 * @throws if `extra` tries to overwrite one of the four standard keys.
 */
export function schemaMetadata(scenario: Scenario, extra: ExtraMetadata = {}): Map<string, string> {
  const metadata = new Map<string, string>([
    [METADATA_VERSION, PACKAGE_VERSION],
    [METADATA_SCENARIO, JSON.stringify(scenario)],
    [METADATA_SEED, String(scenario.seed)],
    [METADATA_TRIALS, String(scenario.trials)],
  ]);
  for (const [key, value] of Object.entries(extra)) {
    if (metadata.has(key)) throw new Error(`extra metadata may not overwrite '${key}'`);
    metadata.set(key, value);
  }
  return metadata;
}

/**
 * A field, with `unit` metadata when `unit` is non-empty. Columns without nulls are
 * declared non-nullable so readers can skip validity checks.
 */
export function fieldWithUnit<T extends DataType>(name: string, type: T, unit = '', nullable = false): Field<T> {
  const metadata = unit === '' ? null : new Map([[METADATA_UNIT, unit]]);
  return new Field(name, type, nullable, metadata);
}
