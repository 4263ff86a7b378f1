/**
 * A campaign's result folder and what may be in it: the result files and
 * `manifest.json` of a complete campaign, the state of one in progress (its kept shards
 * in `.shards/`, its manifest), and the new results being staged in `.staging/`.
 *
 * Finished results are never destroyed before new ones replace them: a new run writes
 * every result file into `.staging/` and swaps them in (renames, then the manifest last)
 * only once all are written. Until then the folder's `manifest.json` and result files
 * stay those of the complete campaign, and the new run's manifest lives in
 * `.shards/manifest.json`. Replacing a complete campaign takes `--overwrite`.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, readManifest, writeManifest, type Manifest } from '../output/manifest.js';
import { canonicalJson } from '../output/canonical-json.js';
import type { Scenario } from '../model/scenario.js';
import { RESULT_FILES } from '../output/result-file-names.js';
import { SHARDS_DIR, ShardStore } from './shard-store.js';

export const STAGING_DIR = '.staging';

/** A resume or overwrite refusal: something the user can act on (exit 2). */
export class CampaignRefused extends Error {}

export type ManifestRead = { readonly manifest: Manifest | null; readonly unreadable: string | null };

/** A manifest, or why it cannot be read (instead of throwing). */
export function readManifestSafely(dir: string): ManifestRead {
  try {
    return { manifest: readManifest(dir), unreadable: null };
  } catch (error) {
    return { manifest: null, unreadable: (error as Error).message };
  }
}

export class ResultFolder {
  readonly staging: string;
  readonly store: ShardStore;

  constructor(readonly dir: string) {
    this.staging = join(dir, STAGING_DIR);
    this.store = new ShardStore(dir);
  }

  /** The folder's own manifest (that of its result files, or of the campaign in progress). */
  top(): ManifestRead {
    return readManifestSafely(this.dir);
  }

  /** The manifest of a run replacing a complete campaign, kept with its shards. */
  replacing(): ManifestRead {
    return readManifestSafely(this.store.dir);
  }

  /** Result files present in the folder. */
  resultFiles(): string[] {
    return RESULT_FILES.filter((f) => existsSync(join(this.dir, f)));
  }

  /** Where the manifest of the campaign in progress goes: beside the shards while a complete campaign holds the folder. */
  progressDir(replacingComplete: boolean): string {
    return replacingComplete ? this.store.dir : this.dir;
  }

  writeProgress(manifest: Manifest, replacingComplete: boolean): void {
    const dir = this.progressDir(replacingComplete);
    mkdirSync(dir, { recursive: true });
    writeManifest(dir, manifest);
  }

  /** An empty staging folder for new result files. */
  freshStaging(): string {
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
    return this.staging;
  }

  dropStaging(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }

  /** Removes what a campaign in progress keeps (after it completed, or to start over). */
  dropProgress(): void {
    this.store.clearKept();
    this.dropStaging();
  }

  /**
   * Swaps the staged result files in: each renamed over its old one (an old result file
   * the new campaign does not have is removed), the manifest last; then the shards go.
   */
  commit(manifest: Manifest): void {
    writeManifest(this.staging, manifest);
    for (const file of RESULT_FILES) {
      const staged = join(this.staging, file);
      if (existsSync(staged)) renameSync(staged, join(this.dir, file));
      else rmSync(join(this.dir, file), { force: true });
    }
    renameSync(join(this.staging, MANIFEST_FILE), join(this.dir, MANIFEST_FILE));
    this.dropProgress();
  }

  /** A short description of the complete campaign here, for a refusal. */
  describe(m: Manifest): string {
    const files = this.resultFiles();
    return `a complete campaign of "${m.scenario?.name ?? '?'}" (seed ${m.seed}, ${m.trials} trials, finished ${m.finished_at ?? '?'}; ${files.join(', ') || 'no result files'})`;
  }
}

/**
 * In what a campaign differs from the one a manifest describes: the fields (seed,
 * trials, schemes, scenario keys) with old and new values, e.g.
 * `trials 10000 → 5000; job changed`.
 */
export function campaignDifferences(previous: Manifest, scenarios: readonly Scenario[]): string {
  return differences({ seed: previous.seed, trials: previous.trials, schemes: previous.schemes ?? [], scenario: previous.scenario }, scenarios);
}

/** In what the campaign of `scenarios` differs from that of `previous` (e.g. a part of another campaign), in the same terms. */
export function scenariosDifferences(previous: readonly Scenario[], scenarios: readonly Scenario[]): string {
  const p = previous[0]!;
  return differences({ seed: p.seed, trials: p.trials, schemes: p.schemes.map((s) => s.id), scenario: p }, scenarios);
}

function differences(
  previous: { readonly seed: number; readonly trials: number; readonly schemes: readonly string[]; readonly scenario: Scenario | undefined },
  scenarios: readonly Scenario[],
): string {
  const base = scenarios[0]!;
  const out: string[] = [];
  if (previous.seed !== base.seed) out.push(`seed ${previous.seed} → ${base.seed}`);
  if (previous.trials !== base.trials) out.push(`trials ${previous.trials} → ${base.trials}`);
  const oldSchemes = (previous.schemes ?? []).join(',');
  const newSchemes = base.schemes.map((s) => s.id).join(',');
  if (oldSchemes !== newSchemes) out.push(`schemes ${oldSchemes} → ${newSchemes}`);
  const old = (previous.scenario ?? {}) as unknown as Record<string, unknown>;
  const now = base as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter((k) => !['seed', 'trials', 'schemes'].includes(k)).sort();
  const changed = keys.filter((k) => canonicalJson(old[k] ?? null) !== canonicalJson(now[k] ?? null));
  const shown = (v: unknown) => {
    const text = JSON.stringify(v ?? null);
    return text.length <= 40 ? text : `${text.slice(0, 37)}…`;
  };
  for (const k of changed) out.push(`scenario ${k} ${shown(old[k])} → ${shown(now[k])}`);
  if (out.length === 0) out.push(scenarios.length > 1 ? "the sweep's variants (--set)" : 'the sweep variants (this is a plain run)');
  return out.join('; ');
}

/** Files and folders a result folder holds (its listing, for the refusal of an unreadable manifest). */
export function folderHolds(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n !== '.lock') : [];
}

export { SHARDS_DIR };
