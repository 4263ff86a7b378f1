/**
 * The names of a campaign's result files, in a module of their own: the result folder,
 * the coordinator and shard tasks need the names, not the Arrow and Parquet writers,
 * whose libraries take a noticeable part of a process's start-up to load.
 */
export const TRIALS_FILE = 'trials.arrow';
export const SUMMARY_FILE = 'summary.arrow';
export const COMPARISON_FILE = 'comparison.arrow';
export const HISTOGRAMS_FILE = 'histograms.arrow';
export const CAUSES_FILE = 'causes.arrow';

/** The Arrow result files, trials.arrow first. */
export const ARROW_RESULT_FILES = [TRIALS_FILE, SUMMARY_FILE, HISTOGRAMS_FILE, COMPARISON_FILE, CAUSES_FILE] as const;

/** An Arrow result file's Parquet copy (`--format arrow,parquet`). */
export function parquetName(arrowFile: string): string {
  return arrowFile.replace(/\.arrow$/, '.parquet');
}

/** Every result file a campaign folder may hold, trials.arrow first; the Parquet copies last. */
export const RESULT_FILES = [...ARROW_RESULT_FILES, ...ARROW_RESULT_FILES.map(parquetName)] as const;
