/**
 * Where the time went: each scheme's mean JCT split into the time accounting of the
 * outcome columns (run, checkpoint, stall, recovery, restart sum to JCT), with the run
 * time split into kept progress and the progress crashes rolled back. Named as
 * goodput-loss reports name them, so the bars line up with measured goodput breakdowns.
 */
import * as Plot from '@observablehq/plot';
import { chartSection, fmt } from './dom.js';
import { ofVariant, summaryValue } from './result-rows.js';
import type { Row } from './report-input.js';

/** Stack order, bottom to top: the productive part first, then the losses. */
export const TIME_PARTS = [
  'productive training',
  'wasted progress from disruption (lost work re-run)',
  'checkpoint save',
  'stall: network disruption',
  'recovery from disruption',
  'restart (re-initialisation)',
] as const;

export function timeChart(parent: HTMLElement, summary: Row[], schemes: string[], variant: string | null): void {
  const rows = ofVariant(summary, variant);
  const mean = (s: string, m: string) => summaryValue(rows, s, m, 'mean');
  const bars = schemes.flatMap((scheme) => {
    const parts = [
      mean(scheme, 'run_h') - mean(scheme, 'lost_work_h'),
      mean(scheme, 'lost_work_h'),
      mean(scheme, 'checkpoint_h'),
      mean(scheme, 'stall_h'),
      mean(scheme, 'recovery_h'),
      mean(scheme, 'restart_h'),
    ];
    return TIME_PARTS.map((part, i) => ({ scheme, part, hours: parts[i]! }));
  });
  const loss = schemes.map((s) => `${s} ${fmt((100 * (mean(s, 'jct_h') - (mean(s, 'run_h') - mean(s, 'lost_work_h')))) / mean(s, 'jct_h'))} %`).join(', ');
  chartSection(
    parent,
    'time',
    'Where the time went',
    `Mean wall time per job, split by what the job was doing${variant === null ? '' : ` (variant ${variant})`}; everything above productive training is goodput lost: ${loss} of the wall time.`,
  ).append(
    Plot.plot({
      width: 720,
      marginLeft: 100,
      x: { label: 'mean hours per job', grid: true },
      y: { label: null, domain: schemes },
      color: { domain: [...TIME_PARTS], scheme: 'tableau10', legend: true },
      marks: [Plot.barX(bars, { x: 'hours', y: 'scheme', fill: 'part', order: [...TIME_PARTS], title: (d: { part: string; hours: number }) => `${d.part}: ${fmt(d.hours)} h` }), Plot.ruleX([0])],
    }),
  );
}
