/**
 * `manifest.json` (docs/model.md#results): what a result folder holds and how it was made. Rewritten
 * atomically as shards complete ('running'), on SIGINT/SIGTERM ('interrupted'), when
 * the run fails ('failed', with the `error`) and at the end ('complete'); `--resume` compares `scenario_hash` and keeps
 * `completed_shards`. Timings may differ between runs; everything else is determined by
 * the scenario.
 */

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../model/scenario.js';
import { writeFileAtomic } from './atomic-file.js';
import { canonicalJson } from './canonical-json.js';
import type { ImportanceSamplingRecord } from './importance-sampling.js';
import { PACKAGE_VERSION } from './package-version.js';
import type { PrecisionRecord } from './precision-record.js';

export const MANIFEST_FILE = 'manifest.json';

export const MANIFEST_STATUSES = ['running', 'interrupted', 'failed', 'complete'] as const;
export type ManifestStatus = (typeof MANIFEST_STATUSES)[number];

/** Trials `first … first+count−1`. */
export type ShardRange = readonly [first: number, count: number];

export interface Manifest {
  readonly status: ManifestStatus;
  /** scale-across version that wrote the folder. */
  readonly version: string;
  /** `scenarioHash(scenario)`: `--resume` refuses a folder whose hash differs. */
  readonly scenario_hash: string;
  readonly seed: number;
  readonly trials: number;
  /** Scheme ids, in scenario order. */
  readonly schemes: readonly string[];
  readonly workers: number;
  /** `process.version`, e.g. 'v20.19.0'. */
  readonly node_version: string;
  /** ISO 8601 timestamps. */
  readonly started_at: string;
  readonly finished_at: string | null;
  /** Wall time of the run so far (of this invocation plus the ones it resumed). */
  readonly elapsed_s: number;
  readonly trials_per_s: number;
  /** Shards whose trials are in the result files, in trial order. */
  readonly completed_shards: readonly ShardRange[];
  /** The resolved scenario. */
  readonly scenario: Scenario;
  /** Why the run stopped, when `status` is 'failed'. */
  readonly error?: string;
  /** A campaign merged from the parts of shard tasks (`scale-across merge`). */
  readonly shards?: ShardsMerged;
  /** A campaign run to a target precision (`run --target-ci`). */
  readonly precision?: PrecisionRecord;
  /** How well importance sampling's biasing worked, per variant; only when it was on. */
  readonly importance_sampling?: readonly ImportanceSamplingRecord[];
}

/** What `scale-across merge` found and merged. */
export interface ShardsMerged {
  /** The campaign was cut into this many shard tasks. */
  readonly count: number;
  /** Indices of the shards merged, and of those missing (`merge --partial`). */
  readonly merged: readonly number[];
  readonly missing: readonly number[];
  /** Trials in the result files (all of them unless shards are missing). */
  readonly trials_covered: number;
  /** True when merged with --partial and shards were missing: the results cover only `trials_covered` trials. */
  readonly partial: boolean;
}

/**
 * sha256 (hex) of the scenario's canonical JSON. The resolved scenario carries the
 * campaign's seed and trial count (command-line overrides applied), so the hash covers
 * scenario, seed and trials.
 */
export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}

/** The fields of a manifest that follow from the scenario and this process. */
export function manifestIdentity(
  scenario: Scenario,
): Pick<Manifest, 'version' | 'scenario_hash' | 'seed' | 'trials' | 'schemes' | 'node_version' | 'scenario'> {
  return {
    version: PACKAGE_VERSION,
    scenario_hash: scenarioHash(scenario),
    seed: scenario.seed,
    trials: scenario.trials,
    schemes: scenario.schemes.map((s) => s.id),
    node_version: process.version,
    scenario,
  };
}

/** Writes `dir/manifest.json` atomically, pretty-printed, keys in a fixed order. */
export function writeManifest(dir: string, manifest: Manifest): void {
  const ordered: Manifest = {
    status: manifest.status,
    version: manifest.version,
    scenario_hash: manifest.scenario_hash,
    seed: manifest.seed,
    trials: manifest.trials,
    schemes: manifest.schemes,
    workers: manifest.workers,
    node_version: manifest.node_version,
    started_at: manifest.started_at,
    finished_at: manifest.finished_at,
    elapsed_s: manifest.elapsed_s,
    trials_per_s: manifest.trials_per_s,
    completed_shards: manifest.completed_shards,
    scenario: manifest.scenario,
    ...(manifest.error !== undefined ? { error: manifest.error } : {}),
    ...(manifest.shards !== undefined ? { shards: manifest.shards } : {}),
    ...(manifest.precision !== undefined ? { precision: manifest.precision } : {}),
    ...(manifest.importance_sampling !== undefined ? { importance_sampling: manifest.importance_sampling } : {}),
  };
  // One line per [first, count] pair: a long campaign has thousands of shards.
  const text = JSON.stringify(ordered, null, 2).replace(/\[\s+(-?[\d.e+]+),\s+(-?[\d.e+]+)\s+\]/g, '[$1, $2]');
  writeFileAtomic(join(dir, MANIFEST_FILE), `${text}\n`);
}

/**
 * Reads `dir/manifest.json`; null when there is none.
 * @throws naming the file and field when it is not a manifest (e.g. hand-edited).
 */
export function readManifest(dir: string): Manifest | null {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message})`);
  }
  const bad = (field: string, expected: string): Error => new Error(`${path}: ${field} must be ${expected}`);
  if (typeof parsed !== 'object' || parsed === null) throw bad('the top level', 'an object');
  const m = parsed as Record<string, unknown>;
  if (!MANIFEST_STATUSES.includes(m.status as ManifestStatus)) throw bad('status', MANIFEST_STATUSES.join(' | '));
  if (typeof m.scenario_hash !== 'string' || !/^[0-9a-f]{64}$/.test(m.scenario_hash)) throw bad('scenario_hash', 'a sha256 hex digest');
  for (const field of ['seed', 'trials', 'workers', 'elapsed_s', 'trials_per_s'] as const) {
    if (typeof m[field] !== 'number') throw bad(field, 'a number');
  }
  const shards = m.completed_shards;
  const isRange = (r: unknown): boolean =>
    Array.isArray(r) && r.length === 2 && r.every((x) => Number.isInteger(x) && (x as number) >= 0);
  if (!Array.isArray(shards) || !shards.every(isRange)) throw bad('completed_shards', 'a list of [first, count]');
  if (typeof m.scenario !== 'object' || m.scenario === null) throw bad('scenario', 'an object');
  return parsed as Manifest;
}
