/**
 * The merge: partial results, taken strictly in trial order, into the campaign's result
 * files. The same code whether the partial results come from this machine's worker pool
 * (`run`), from kept shard files (`--resume`), or from the part files of shard tasks
 * (`merge`), so all three give the same bytes.
 *
 * Memory is the aggregators' fixed state plus one trials.arrow record batch; rows are
 * written as they come. Files are written into a staging folder; result-folder.ts swaps
 * them in.
 */
import { join } from 'node:path';
import { CAUSE_FIELDS, causeNames } from '../model/cause-metrics.js';
import { TRIALS_FILE, TrialsWriter } from '../output/trials-writer.js';
import { ParquetThread } from '../output/parquet/parquet-thread.js';
import { PARQUET_SOURCES, parquetName } from '../output/parquet/write-parquet.js';
import { CampaignAggregator, type CampaignResult } from '../stats/block-aggregator.js';
import { CauseAggregator } from '../stats/cause-aggregator.js';
import { VariantPairsAggregator } from '../stats/variant-pairs.js';
import type { CampaignSpec } from './campaign-spec.js';
import type { PartialResult } from './partial-result.js';
import { writeResultFiles } from './result-files.js';
import { TrialsFeed } from './trials-feed.js';

export interface MergedResults {
  /** Per variant. */
  readonly results: CampaignResult[];
  /** Per variant: which cause costs what. */
  readonly causes: CauseAggregator[];
  /** jct_h differences between variants (sweeps). */
  readonly pairs: VariantPairsAggregator | null;
}

export class CampaignMerge {
  private readonly aggregators: CampaignAggregator[];
  private readonly causes: CauseAggregator[];
  private readonly pairs: VariantPairsAggregator | null;
  private readonly writer: TrialsWriter | null;
  private readonly feeds: TrialsFeed[] | null;
  private readonly parquet: ParquetThread | null;
  private merged = 0;

  /**
   * @param dir where the result files are written (trials.arrow streamed from now on)
   * @param withRows write trials.arrow (every partial result must then carry rows)
   * @param parquet also write every result file as Parquet (trials.parquet streamed beside trials.arrow)
   */
  constructor(
    private readonly spec: CampaignSpec,
    private readonly dir: string,
    withRows: boolean,
    parquet = false,
  ) {
    const base = spec.scenarios[0]!;
    const S = base.schemes.length;
    const V = spec.scenarios.length;
    const schemes = base.schemes.map((s) => s.id);
    this.aggregators = spec.scenarios.map(() => new CampaignAggregator({ schemes, trials: base.trials }));
    const causeWidth = S * causeNames(base).length * CAUSE_FIELDS;
    this.causes = spec.scenarios.map(() => new CauseAggregator(causeWidth));
    this.pairs = V > 1 ? new VariantPairsAggregator(V, S) : null;
    const labels = spec.variantLabels;
    this.parquet = parquet ? ParquetThread.start() : null;
    try {
      this.writer = withRows
        ? TrialsWriter.open(join(dir, TRIALS_FILE), base, {
            ...(labels ? { variants: labels, extraMetadata: { 'scale_across.variants': JSON.stringify(labels) } } : {}),
            ...(this.parquet ? { mirror: this.parquet.trials(join(dir, parquetName(TRIALS_FILE))) } : {}),
          })
        : null;
    } catch (error) {
      this.parquet?.abort();
      throw error;
    }
    this.feeds = this.writer ? spec.scenarios.map((_, v) => new TrialsFeed(this.writer!, S, v)) : null;
  }

  /** Trials merged so far: a prefix of the campaign. */
  get trialsMerged(): number {
    return this.merged;
  }

  /** Merges the next partial result in trial order. */
  add(p: PartialResult): void {
    if (p.first !== this.merged) throw new RangeError(`merge: trials from ${p.first} arrive where ${this.merged} is next`);
    this.spec.scenarios.forEach((_, v) => {
      this.aggregators[v]!.add(p.summaries[v]!);
      this.causes[v]!.add(p.causes[v]!);
    });
    if (this.pairs) this.pairs.add(p.pairs!);
    if (this.feeds) {
      if (p.values === null || p.status === null || p.weights === null)
        throw new Error(`merge: trials ${p.first}–${p.first + p.count - 1} come without their rows`);
      this.feeds.forEach((feed, v) => feed.take(p.first, p.count, p.values![v]!, p.status![v]!, p.weights![v]!));
    }
    this.merged += p.count;
  }

  /** Passes over trials no partial result will bring (`merge --partial` missing a shard). */
  skip(first: number, count: number): void {
    if (first !== this.merged) throw new RangeError(`merge: cannot skip trials from ${first} where ${this.merged} is next`);
    this.spec.scenarios.forEach((_, v) => {
      this.aggregators[v]!.skip(first, count);
      this.causes[v]!.skip(first, count);
    });
    this.pairs?.skip(first, count);
    this.feeds?.forEach((feed) => feed.skip(first, count));
    this.merged += count;
  }

  /** Writes every result file into the folder (trials.arrow last): the campaign's results. */
  finish(): MergedResults {
    this.feeds?.forEach((feed) => feed.finish());
    // Every batch is out: trials.parquet is ended while the other files are written.
    this.parquet?.endTrials();
    const base = this.spec.scenarios[0]!;
    const results = this.aggregators.map((a) => a.result());
    writeResultFiles(this.dir, base, results, this.causes, this.spec.variantLabels);
    this.writer?.close();
    // trials.parquet is written by now but for its last row groups; the small files are converted.
    const small = PARQUET_SOURCES.filter((f) => f !== TRIALS_FILE).map((f) => [join(this.dir, f), join(this.dir, parquetName(f))] as const);
    this.parquet?.finish(small);
    return { results, causes: this.causes, pairs: this.pairs };
  }

  /** Discards trials.arrow's and trials.parquet's temp files. */
  abort(): void {
    this.writer?.abort();
    this.parquet?.abort();
  }
}
