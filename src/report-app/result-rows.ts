/** Picking rows out of the decoded result files. */
import type { ReportInput, Row } from './report-input.js';

/** The variant the per-scheme charts show: the only one for a run, the first of a sweep. */
export function shownVariant(input: ReportInput): string | null {
  return input.variants[0] ?? null;
}

export function ofVariant(rows: Row[], variant: string | null): Row[] {
  return variant === null ? rows : rows.filter((r) => r.variant === variant);
}

export function schemesOf(input: ReportInput): string[] {
  return input.manifest.schemes;
}

/** summary value of `stat` for scheme × metric (in the shown variant). */
export function summaryValue(rows: Row[], scheme: string, metric: string, stat: string): number {
  const row = rows.find((r) => r.scheme === scheme && r.metric === metric);
  return row ? Number(row[stat]) : NaN;
}
