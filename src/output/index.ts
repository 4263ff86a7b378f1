/** Result files of a campaign (docs/model.md#results). */

// Atomic replacement of files
export { AtomicFileStream, isAtomicTempName, tempPathFor, writeFileAtomic } from './atomic-file.js';

// Arrow building blocks
export { ArrowFileWriter, writeArrowFile } from './arrow-file-writer.js';
export {
  type ExtraMetadata,
  METADATA_SCENARIO,
  METADATA_SEED,
  METADATA_TRIALS,
  METADATA_UNIT,
  METADATA_VERSION,
  fieldWithUnit,
  schemaMetadata,
} from './arrow-metadata.js';
export { PACKAGE_VERSION } from './package-version.js';

// The result files
export {
  DEFAULT_MAX_BATCH_ROWS,
  TRIALS_FILE,
  TrialsWriter,
  type TrialsWriterOptions,
  UINT32_METRICS,
} from './trials-writer.js';
export { SUMMARY_FILE, SUMMARY_STATS, type SummaryColumns, type SummaryStat, writeSummary } from './summary-writer.js';
export { COMPARISON_FILE, type ComparisonColumns, writeComparison } from './comparison-writer.js';
export { HISTOGRAMS_FILE, type HistogramColumns, writeHistograms } from './histograms-writer.js';
export type { ResultFileOptions } from './result-table.js';

// The manifest
export { canonicalJson } from './canonical-json.js';
export {
  MANIFEST_FILE,
  MANIFEST_STATUSES,
  type Manifest,
  type ManifestStatus,
  type ShardRange,
  manifestIdentity,
  readManifest,
  scenarioHash,
  writeManifest,
} from './manifest.js';
