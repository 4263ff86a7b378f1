/**
 * What identifies a campaign and what its results are made of: the resolved scenario of
 * each variant (a plain `run` has one, a sweep one per grid point), the variants' names,
 * and the campaign hash that every partial result, shard file, part and manifest carries.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '../model/scenario.js';
import { canonicalJson } from '../output/canonical-json.js';

export interface CampaignSpec {
  /** One resolved scenario per variant; all share the trial count, seed and scheme ids. */
  readonly scenarios: readonly Scenario[];
  /** Variant names for the `variant` column (null: a plain run, no such column). */
  readonly variantLabels: readonly string[] | null;
}

/**
 * sha256 (hex) of the scenarios' canonical JSON (the scenario alone for a plain run):
 * covers scenario, seed and trial count, command-line overrides applied.
 */
export function campaignHash(scenarios: readonly Scenario[]): string {
  return createHash('sha256')
    .update(canonicalJson(scenarios.length === 1 ? scenarios[0] : scenarios))
    .digest('hex');
}
