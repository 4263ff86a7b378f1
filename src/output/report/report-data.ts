/**
 * What the report embeds, gathered from a finished result folder: the small result
 * files as they are (Arrow bytes, base64; never the per-trial rows), the manifest, the
 * scenario drawing, `optimize.json` when the folder is an optimize run, and the warnings
 * a reader should see first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { Scenario } from '../../model/scenario.js';
import { CAUSES_FILE } from '../causes-writer.js';
import { COMPARISON_FILE } from '../comparison-writer.js';
import { HISTOGRAMS_FILE } from '../histograms-writer.js';
import { MANIFEST_FILE, readManifest, type Manifest } from '../manifest.js';
import { SUMMARY_FILE } from '../summary-writer.js';
import { OPTIMIZE_FILE, readOptimizeResult, type OptimizeResult } from '../optimize-result.js';
import { networkView, type NetworkView } from './network-view.js';

/** The result files the page reads, by the name the page knows them under. */
export const EMBEDDED_FILES = { summary: SUMMARY_FILE, comparison: COMPARISON_FILE, histograms: HISTOGRAMS_FILE, causes: CAUSES_FILE } as const;
export type EmbeddedName = keyof typeof EMBEDDED_FILES;

export interface ReportData {
  /** `run`: one result set; `sweep`: files with a `variant` column; `optimize`: a sweep over intervals plus its fit. */
  readonly kind: 'run' | 'sweep' | 'optimize';
  /** The manifest without its shard list (provenance, not bookkeeping). */
  readonly manifest: Omit<Manifest, 'completed_shards'>;
  /** Base64 Arrow IPC file bytes; a file that is not there is null. */
  readonly files: { readonly [K in EmbeddedName]: string | null };
  readonly network: NetworkView | null;
  readonly optimize: OptimizeResult | null;
  readonly warnings: readonly string[];
}

export class ReportInputError extends Error {}

/** Censoring: trials still running at the horizon make every mean a lower bound. */
function censoringWarnings(summaryBytes: Uint8Array | null, trials: number): string[] {
  if (summaryBytes === null) return [];
  const table = tableFromIPC(summaryBytes);
  const scheme = table.getChild('scheme');
  const metric = table.getChild('metric');
  const censored = table.getChild('censored');
  const variant = table.getChild('variant');
  if (!scheme || !metric || !censored) return [];
  const warnings: string[] = [];
  for (let i = 0; i < table.numRows; i++) {
    if (metric.get(i) !== 'jct_h') continue;
    const n = Number(censored.get(i));
    if (n > 0) {
      const where = variant ? `${String(variant.get(i))}, ` : '';
      warnings.push(`${where}scheme ${String(scheme.get(i))}: ${n} of ${trials} trials censored at the horizon (their JCT is the horizon; means are lower bounds)`);
    }
  }
  return warnings;
}

function drawNetwork(scenario: Scenario, warnings: string[]): NetworkView | null {
  try {
    return networkView(scenario);
  } catch (error) {
    warnings.push(`the scenario could not be drawn: ${(error as Error).message}`);
    return null;
  }
}

/**
 * Reads `outDir` (a `run` or `sweep` folder, or an `optimize` folder whose result files
 * are those of its last stage).
 * @throws ReportInputError when the folder holds no finished campaign.
 */
export function reportData(outDir: string): ReportData {
  const optimize = existsSync(join(outDir, OPTIMIZE_FILE)) ? readOptimizeResult(outDir) : null;
  const resultsDir = optimize ? join(outDir, optimize.results_dir) : outDir;
  const manifest = readManifest(resultsDir);
  if (manifest === null) throw new ReportInputError(`${resultsDir}: no ${MANIFEST_FILE}; is this a result folder?`);
  if (manifest.status !== 'complete') throw new ReportInputError(`${resultsDir}: the campaign is ${manifest.status}, not complete; finish it first (--resume)`);
  const bytes = Object.fromEntries(
    Object.entries(EMBEDDED_FILES).map(([name, file]) => {
      const path = join(resultsDir, file);
      return [name, existsSync(path) ? readFileSync(path) : null];
    }),
  ) as { [K in EmbeddedName]: Buffer | null };
  if (bytes.summary === null) throw new ReportInputError(`${resultsDir}: no ${SUMMARY_FILE}`);
  const isSweep = tableFromIPC(bytes.summary).getChild('variant') !== null;
  const warnings = censoringWarnings(bytes.summary, manifest.trials);
  const { completed_shards: _shards, ...provenance } = manifest;
  return {
    kind: optimize ? 'optimize' : isSweep ? 'sweep' : 'run',
    manifest: provenance,
    files: Object.fromEntries(Object.entries(bytes).map(([name, b]) => [name, b === null ? null : b.toString('base64')])) as ReportData['files'],
    network: drawNetwork(manifest.scenario, warnings),
    optimize,
    warnings,
  };
}
