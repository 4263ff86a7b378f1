/**
 * A sweep: each headline metric against the variant, per scheme, with its 95 % CI; the
 * best variant of each scheme (lowest mean JCT — the objective `sweep` and `optimize`
 * print — and highest mean goodput) is marked with a star.
 */
import * as Plot from '@observablehq/plot';
import { chartSection, fmt } from './dom.js';
import type { Row } from './report-input.js';

const SWEEP_METRICS: { metric: string; label: string; better: -1 | 1 }[] = [
  { metric: 'jct_h', label: 'mean JCT (h)', better: -1 },
  { metric: 'goodput', label: 'mean goodput', better: 1 },
  { metric: 'lost_work_h', label: 'mean lost work (h)', better: -1 },
];

export function sweepChart(parent: HTMLElement, summary: Row[], schemes: string[], variants: string[]): void {
  const bestOf = (metric: string, better: -1 | 1) =>
    schemes.map((scheme) => {
      const rows = summary.filter((r) => r.scheme === scheme && r.metric === metric);
      return rows.reduce((a, b) => (better * Number(b.mean) > better * Number(a.mean) ? b : a));
    });
  const jctBest = bestOf('jct_h', -1);
  const figure = chartSection(
    parent,
    'sweep',
    'Each metric against the variant',
    `Means with 95 % CIs over ${variants.length} variants run on the same trials; ★ marks each scheme's best variant. Lowest mean JCT: ${jctBest.map((r) => `${String(r.scheme)} at ${String(r.variant)} (${fmt(Number(r.mean))} h)`).join('; ')}.`,
  );
  for (const { metric, label, better } of SWEEP_METRICS) {
    const data = summary.filter((r) => r.metric === metric);
    const chart = Plot.plot({
      width: 760,
      marginBottom: 90,
      marginLeft: 70,
      x: { label: null, domain: variants, tickRotate: -25, padding: 0.3 },
      y: { label, grid: true },
      color: { domain: schemes, legend: metric === 'jct_h' },
      marks: [
        Plot.link(data, { x1: 'variant', x2: 'variant', y1: 'ci95_low', y2: 'ci95_high', stroke: 'scheme', strokeWidth: 2 }),
        Plot.line(data, { x: 'variant', y: 'mean', stroke: 'scheme', strokeOpacity: 0.5 }),
        Plot.dot(data, { x: 'variant', y: 'mean', fill: 'scheme', r: 3, title: (d: Row) => `${String(d.scheme)}, ${String(d.variant)}: ${fmt(Number(d.mean))} (${fmt(Number(d.ci95_low))} … ${fmt(Number(d.ci95_high))})` }),
        Plot.dot(bestOf(metric, better), { x: 'variant', y: 'mean', stroke: 'scheme', symbol: 'star', r: 9, strokeWidth: 2, className: 'best' }),
      ],
    });
    chart.dataset.metric = metric;
    figure.append(chart);
  }
}
