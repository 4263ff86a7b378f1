/**
 * `scale-across merge <out>`: the part files of a campaign's shard tasks (part-file.ts)
 * into its result files, through the same CampaignMerge and ResultFolder commit as a
 * local `run`, so the Arrow files are byte for byte those of one run of the same
 * campaign on one machine.
 *
 * First every part's meta section and header chain are checked (campaign, shard, trials
 * covered), so that all that is wrong is said at once: missing shards (with the command
 * that reruns them), parts of another campaign (and in what it differs), duplicates,
 * parts cut short or mangled. Then the parts are merged one result at a time, in trial
 * order, each result's checksum checked as it is read: every part is read once (the
 * merge of a 10⁸-trial campaign reads gigabytes). A checksum that fails stops the merge,
 * and the parts not merged yet are then read through to name every damaged one at once.
 * Memory is one partial result and the aggregators' fixed state, whatever the number of
 * parts and trials.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importanceSamplingRecords } from '../output/importance-sampling.js';
import { manifestIdentity, type Manifest } from '../output/manifest.js';
import { CampaignMerge, type MergedResults } from './campaign-merge.js';
import type { CampaignSpec } from './campaign-spec.js';
import { checkPart, PART_SUFFIX, PartReader, PARTS_DIR, type CheckedPart, type PartMeta } from './part-file.js';
import { PartialFormatError, PartialResultError } from './partial-result.js';
import { CampaignRefused, ResultFolder, scenariosDifferences } from './result-folder.js';
import { RunLock } from './run-lock.js';
import { shardTaskRange } from './shard-task-plan.js';
import { shellQuote } from './slurm-scripts.js';

export interface MergeOptions {
  readonly outDir: string;
  /** Merge the shards that are there; the manifest says which are missing. */
  readonly partial: boolean;
}

export interface MergeOutcome extends MergedResults {
  readonly manifest: Manifest;
  readonly spec: CampaignSpec;
}

/** The command that reruns shard `index` of the campaign a part describes, writing into `outDir` (the folder being merged). */
export function rerunCommand(meta: PartMeta, index: number, outDir: string): string {
  const command = meta.command.map((word, i) => (i > 0 && meta.command[i - 1] === '--out' ? outDir : word));
  return ['scale-across', ...command, '--shard', `${index}/${meta.shard_count}`].map(shellQuote).join(' ');
}

export function mergeParts(options: MergeOptions): MergeOutcome {
  const dir = join(options.outDir, PARTS_DIR);
  if (!existsSync(dir)) throw new CampaignRefused(`${dir} does not exist: no shard task has written a part there (scale-across run <config> --shard i/n --out ${options.outDir})`);
  const lock = new RunLock(options.outDir);
  lock.acquire();
  try {
    return mergeLocked(options, dir);
  } finally {
    lock.release();
  }
}

function mergeLocked(options: MergeOptions, dir: string): MergeOutcome {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const names = readdirSync(dir).filter((n) => n.endsWith(PART_SUFFIX)).sort();
  const good: CheckedPart[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      good.push(checkPart(path, false));
    } catch (error) {
      if (!(error instanceof PartialResultError)) throw error;
      problems.push(damagedMessage(path, error));
    }
  }
  if (good.length === 0)
    throw new CampaignRefused(`no part to merge in ${dir}${problems.length > 0 ? `:\n  ${problems.join('\n  ')}` : ' (run the shard tasks first: scale-across run <config> --shard i/n)'}`);

  // The campaign is that of most parts (ties: of the first part); the others are foreign.
  const votes = new Map<string, number>();
  for (const p of good) votes.set(p.meta.campaign_hash, (votes.get(p.meta.campaign_hash) ?? 0) + 1);
  const hash = [...votes.entries()].reduce((best, e) => (e[1] > best[1] ? e : best))[0];
  const ours = good.filter((p) => p.meta.campaign_hash === hash);
  const reference = ours[0]!.meta;
  for (const p of good)
    if (p.meta.campaign_hash !== hash)
      problems.push(`${p.path} belongs to another campaign (${scenariosDifferences(reference.scenarios, p.meta.scenarios)}): move it away`);
  const byIndex = new Map<number, CheckedPart[]>();
  for (const p of ours) {
    if (p.meta.shard_count !== reference.shard_count) {
      problems.push(`${p.path} is shard ${p.meta.shard_index} of ${p.meta.shard_count}, the other parts of ${reference.shard_count}: move it away`);
      continue;
    }
    byIndex.set(p.meta.shard_index, [...(byIndex.get(p.meta.shard_index) ?? []), p]);
  }
  for (const [index, parts] of byIndex)
    if (parts.length > 1) problems.push(`${parts.map((p) => p.path).join(' and ')} are duplicates: both hold shard ${index}; keep one`);
  const withoutRows = ours.filter((p) => !p.meta.rows);
  if (withoutRows.length > 0 && withoutRows.length < ours.length)
    problems.push(`${withoutRows.map((p) => p.path).join(', ')} ran with --summary-only, the other parts without: rerun them the same way`);
  const n = reference.shard_count;
  const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0 && !options.partial)
    problems.push(
      `missing ${missing.length} of ${n} shards: ${missing.join(', ')}; rerun ${missing.length === 1 ? 'it' : 'them'} with\n    ${missing
        .slice(0, 20)
        .map((i) => rerunCommand(reference, i, options.outDir))
        .join('\n    ')}${missing.length > 20 ? `\n    … (${missing.length - 20} more)` : ''}\n  or merge the shards that are there with --partial`,
    );
  if (problems.length > 0) throw new CampaignRefused(`cannot merge ${dir}:\n  ${problems.join('\n  ')}`);

  const spec: CampaignSpec = { scenarios: reference.scenarios, variantLabels: reference.variant_labels };
  const base = spec.scenarios[0]!;
  const folder = new ResultFolder(options.outDir);
  const top = folder.top().manifest;
  if (top?.status === 'complete' && top.scenario_hash !== hash)
    throw new CampaignRefused(`${options.outDir} holds ${folder.describe(top)}, not the campaign of its parts; move one of them away`);
  const merge = new CampaignMerge(spec, folder.freshStaging(), reference.rows);
  const merged: number[] = [];
  const ranges: [number, number][] = [];
  let covered = 0;
  try {
    for (let i = 0; i < n; i++) {
      const range = shardTaskRange(base.trials, { index: i, count: n });
      const part = byIndex.get(i)?.[0];
      if (part === undefined) {
        merge.skip(range[0], range[1]);
        continue;
      }
      const reader = new PartReader(part.path);
      try {
        for (let r = reader.next(hash); r !== null; r = reader.next(hash)) merge.add(r);
      } catch (error) {
        if (!(error instanceof PartialResultError)) throw error;
        throw new CampaignRefused(`cannot merge ${dir}:\n  ${damaged(part.path, error, byIndex, i + 1, n).join('\n  ')}`);
      } finally {
        reader.close();
      }
      merged.push(i);
      ranges.push([range[0], range[1]]);
      covered += range[1];
    }
  } catch (error) {
    merge.abort();
    folder.dropStaging();
    throw error;
  }
  const results = merge.finish();
  const sampling = importanceSamplingRecords(
    results.results.map((r) => r.weights),
    spec.variantLabels,
  );
  const elapsed = (performance.now() - started) / 1000;
  const manifest: Manifest = {
    ...manifestIdentity(base),
    scenario_hash: hash,
    status: 'complete',
    workers: 1,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    elapsed_s: elapsed,
    trials_per_s: covered / Math.max(elapsed, 1e-9),
    completed_shards: ranges,
    shards: { count: n, merged, missing, trials_covered: covered, partial: missing.length > 0 },
    ...(sampling ? { importance_sampling: sampling } : {}),
  };
  folder.commit(manifest);
  return { ...results, manifest, spec };
}

function damagedMessage(path: string, error: PartialResultError): string {
  if (error instanceof PartialFormatError) return `${path} is in ${error.message}: delete it and rerun its shard task with this scale-across`;
  return `${path} is damaged (${error.message}): delete it and rerun its shard task`;
}

/** `path` failed with `error` while merging; the parts of shards `from` … n − 1, read through, may be damaged too. */
function damaged(path: string, error: PartialResultError, byIndex: ReadonlyMap<number, readonly CheckedPart[]>, from: number, n: number): string[] {
  const out = [damagedMessage(path, error)];
  for (let i = from; i < n; i++) {
    const part = byIndex.get(i)?.[0];
    if (part === undefined) continue;
    try {
      checkPart(part.path);
    } catch (e) {
      if (!(e instanceof PartialResultError)) throw e;
      out.push(damagedMessage(part.path, e));
    }
  }
  return out;
}
