/**
 * What a campaign command may write besides the Arrow files: `--format arrow,parquet`
 * (each result file also as Parquet) and `--report` (report.html). Declared once for
 * run, sweep and optimize; `writeResultExtras` is the one call at the end of a handler.
 */
import type { Argv } from 'yargs';

export const FORMATS = ['arrow', 'parquet'] as const;

export interface ResultArgs {
  report: boolean;
  /** The formats asked for (yargs has split the comma list and checked each name). */
  format?: readonly string[];
}

export function resultOptions<T>(yargs: Argv<T>, formats = true): Argv<T & ResultArgs> {
  const withReport = yargs.option('report', { type: 'boolean', default: false, describe: 'also write <out>/report.html, a self-contained page of charts' });
  if (!formats) return withReport as unknown as Argv<T & ResultArgs>;
  return withReport.option('format', {
    type: 'string',
    default: 'arrow',
    // yargs checks `choices` on the coerced list, so a bad name is bad input (exit 2) before any trial runs.
    coerce: (value: string) => String(value).split(',').map((s) => s.trim()),
    choices: FORMATS,
    describe: 'result file formats: arrow, or arrow,parquet (each file also as .parquet; arrow is always written)',
  }) as unknown as Argv<T & ResultArgs>;
}

/** After a completed campaign: the Parquet copies and the report the flags asked for, each path on stderr unless --quiet. */
export async function writeResultExtras(args: ResultArgs & { readonly quiet?: boolean }, outDir: string): Promise<void> {
  const wrote = (path: string) => {
    if (!args.quiet) process.stderr.write(`wrote ${path}\n`);
  };
  // Loaded only when asked for: every command (shard tasks on a cluster too) starts faster.
  // The campaign wrote them (CampaignOptions.parquet); a file it did not is converted now.
  if (args.format?.includes('parquet')) {
    const { writeParquet } = await import('../output/parquet/write-parquet.js');
    for (const path of await writeParquet(outDir, { missingOnly: true })) wrote(path);
  }
  if (args.report) {
    const { writeReport } = await import('../output/report/write-report.js');
    wrote(writeReport(outDir).path);
  }
}
