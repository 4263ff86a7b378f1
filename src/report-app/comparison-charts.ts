/**
 * Paired differences against the baseline (the first scheme, on the same trials): a
 * forest plot of the mean difference with its 95 % CI per metric, and the share of
 * trials where each scheme does better or worse than the baseline.
 */
import * as Plot from '@observablehq/plot';
import { chartSection, element, fmt, pct } from './dom.js';
import { ofVariant } from './result-rows.js';
import type { Row } from './report-input.js';

const FOREST_METRICS: { metric: string; label: string }[] = [
  { metric: 'jct_h', label: 'JCT (h)' },
  { metric: 'goodput', label: 'goodput' },
  { metric: 'lost_work_h', label: 'lost work (h)' },
  { metric: 'stall_h', label: 'stall (h)' },
  { metric: 'crashes_network', label: 'network crashes' },
  { metric: 'energy_mwh', label: 'energy (MWh)' },
];

export function comparisonCharts(parent: HTMLElement, comparison: Row[], schemes: string[], variant: string | null): void {
  const rows = ofVariant(comparison, variant).filter((r) => r.scheme !== r.baseline);
  const baseline = schemes[0]!;
  const others = schemes.slice(1);
  const jct = rows.filter((r) => r.metric === 'jct_h');
  const best = [...jct].sort((a, b) => Number(a.mean_diff) - Number(b.mean_diff))[0];
  const figure = chartSection(
    parent,
    'forest',
    `Paired differences against ${baseline}`,
    `Each scheme minus ${baseline} on the same trials, mean with its 95 % CI; a CI that does not cross 0 is a real difference.` +
      (best ? ` Largest JCT saving: ${String(best.scheme)}, ${fmt(Number(best.mean_diff))} h (${fmt(Number(best.ci95_low))} … ${fmt(Number(best.ci95_high))}).` : ''),
  );
  if (others.length === 0) {
    figure.append(element('p', 'Only one scheme: nothing to compare.'));
    return;
  }
  for (const { metric, label } of FOREST_METRICS) {
    const data = rows.filter((r) => r.metric === metric);
    if (data.length === 0) continue;
    const chart = Plot.plot({
      width: 720,
      height: 40 + 28 * others.length,
      marginLeft: 100,
      x: { label: `${label}: difference against ${baseline}`, grid: true },
      y: { label: null, domain: others },
      marks: [
        Plot.ruleX([0], { stroke: '#888' }),
        Plot.link(data, { x1: 'ci95_low', x2: 'ci95_high', y1: 'scheme', y2: 'scheme', stroke: '#333', strokeWidth: 2 }),
        Plot.dot(data, { x: 'mean_diff', y: 'scheme', fill: '#d62728', r: 4, title: (d: Row) => `${String(d.scheme)}: ${fmt(Number(d.mean_diff))} (${fmt(Number(d.ci95_low))} … ${fmt(Number(d.ci95_high))})` }),
      ],
    });
    chart.dataset.metric = metric;
    figure.append(chart);
  }

  const shares = jct.flatMap((r) => {
    const better = Number(r.p_better);
    const worse = Number(r.p_worse);
    return [
      { scheme: String(r.scheme), outcome: 'better', share: better },
      { scheme: String(r.scheme), outcome: 'tie', share: Math.max(0, 1 - better - worse) },
      { scheme: String(r.scheme), outcome: 'worse', share: worse },
    ];
  });
  const first = jct[0];
  chartSection(
    parent,
    'better-worse',
    `Share of trials better or worse than ${baseline} (JCT)`,
    `Per trial, does the scheme finish sooner (better) or later (worse) than ${baseline} on the same failures? Ties are neither.` +
      (first ? ` ${String(first.scheme)}: ${pct(Number(first.p_better))} better, ${pct(Number(first.p_worse))} worse.` : ''),
  ).append(
    Plot.plot({
      width: 720,
      height: 50 + 28 * others.length,
      marginLeft: 100,
      x: { label: 'share of trials', percent: true, domain: [0, 100] },
      y: { label: null, domain: others },
      color: { domain: ['better', 'tie', 'worse'], range: ['#2ca02c', '#ccc', '#d62728'], legend: true },
      marks: [Plot.barX(shares, { x: 'share', y: 'scheme', fill: 'outcome', order: ['better', 'tie', 'worse'] })],
    }),
  );
}
