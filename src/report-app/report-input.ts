/**
 * The page's input: the JSON the builder put in `<script type="application/json">`,
 * with the embedded Arrow files decoded into plain rows (they are small: summaries,
 * histograms and causes, never per-trial rows).
 */
import { tableFromIPC } from 'apache-arrow';

export interface NetworkView {
  places: { id: string; kind: 'site' | 'junction'; gpus: number; lat: number | null; lon: number | null }[];
  routes: { id: string; from: string; to: string; lengthKm: number; cutsPerYear: number; mttrH: number; availability: number }[];
  pairs: { from: string; to: string; primary: string[]; backup: string[] | null }[];
}

export interface OptimizeResult {
  param: string;
  scheme: string;
  trials: number;
  best: number;
  best_ci: [number | null, number | null];
  fitted: boolean;
  fit_coefficients: [number, number, number] | null;
  daly: number;
  young: number;
  mtbf_h: number;
  points: { stage: number; interval_h: number; mean_jct_h: number; se_h: number }[];
}

export interface Manifest {
  version: string;
  seed: number;
  trials: number;
  schemes: string[];
  workers: number;
  node_version: string;
  started_at: string;
  finished_at: string | null;
  elapsed_s: number;
  scenario_hash: string;
  scenario: { name: string } & Record<string, unknown>;
}

export type Row = Record<string, string | number | null>;

export interface ReportInput {
  kind: 'run' | 'sweep' | 'optimize';
  manifest: Manifest;
  network: NetworkView | null;
  optimize: OptimizeResult | null;
  warnings: string[];
  summary: Row[];
  comparison: Row[];
  histograms: Row[];
  causes: Row[];
  /** Variant labels in file order; [] for a run. */
  variants: string[];
}

interface Embedded extends Omit<ReportInput, 'summary' | 'comparison' | 'histograms' | 'causes' | 'variants'> {
  files: Record<'summary' | 'comparison' | 'histograms' | 'causes', string | null>;
}

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Rows as plain objects; bigint counts (uint64) become numbers. */
function rows(base64: string | null): Row[] {
  if (base64 === null) return [];
  const table = tableFromIPC(base64Bytes(base64));
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((n) => table.getChild(n)!);
  const out: Row[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    names.forEach((n, c) => {
      const v: unknown = columns[c]!.get(i);
      row[n] = typeof v === 'bigint' ? Number(v) : (v as string | number | null);
    });
    out[i] = row;
  }
  return out;
}

export function readReportInput(elementId: string): ReportInput {
  const element = document.getElementById(elementId);
  if (!element?.textContent) throw new Error(`the page has no #${elementId} data`);
  const embedded = JSON.parse(element.textContent) as Embedded;
  const summary = rows(embedded.files.summary);
  const variants = [...new Set(summary.map((r) => r.variant).filter((v): v is string => typeof v === 'string'))];
  return {
    kind: embedded.kind,
    manifest: embedded.manifest,
    network: embedded.network,
    optimize: embedded.optimize,
    warnings: embedded.warnings,
    summary,
    comparison: rows(embedded.files.comparison),
    histograms: rows(embedded.files.histograms),
    causes: rows(embedded.files.causes),
    variants,
  };
}
