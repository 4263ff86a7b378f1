/**
 * The end-of-run lines of a campaign run to a target precision (`run --target-ci`,
 * docs/model.md#run-to-precision): whether the target was met and where the campaign
 * stopped, then each target's estimate and the relative half-width of its 95 % CI.
 */
import type { PrecisionRecord } from '../precision-record.js';
import { formatTable, percent, trim } from './table.js';

const VERDICTS: Readonly<Record<string, string>> = {
  met: 'met',
  'too-wide': 'interval too wide',
  'zero-estimate': 'estimate is 0',
  'too-few-nonzero': 'too few non-zero differences',
  'no-interval': 'no interval',
};

export function precisionTable(record: PrecisionRecord): string {
  const o = record.outcome;
  if (o === null) return `target ±${percent(record.target_ci)} on Δ ${record.metric}: not reached yet`;
  const head = o.met
    ? `Target ±${percent(record.target_ci)} on Δ mean ${record.metric} met: stopped after ${o.trials} trials (${o.blocks} blocks of ${record.block_trials}).`
    : `Target ±${percent(record.target_ci)} on Δ mean ${record.metric} NOT met within --max-trials ${record.max_trials}: ${o.reason}.`;
  const table = formatTable(
    [{ header: 'scheme − baseline' }, { header: `Δ mean ${record.metric}`, align: 'right' }, { header: '±95 % CI', align: 'right' }, { header: 'relative', align: 'right' }, { header: 'non-zero', align: 'right' }, { header: 'verdict' }],
    o.targets.map((t) => [
      `${t.scheme} − ${t.baseline}`,
      trim(t.estimate),
      trim(t.half_width, 3),
      t.relative_half_width === null ? '—' : percent(t.relative_half_width),
      String(t.nonzero),
      VERDICTS[t.verdict] ?? t.verdict,
    ]),
  );
  return `${head}\n${table}`;
}
