/**
 * JCT and goodput distributions per scheme, from the histograms (the quantile sketch's
 * buckets, ≈ 1 % wide): the CDF, and JCT's tail P(JCT ≥ t) on a log scale where the
 * rare bad trials that drive protection spend are visible.
 */
import * as Plot from '@observablehq/plot';
import { chartSection, fmt } from './dom.js';
import { ofVariant, summaryValue } from './result-rows.js';
import type { Row } from './report-input.js';

interface CdfPoint {
  scheme: string;
  /** The bin's lower edge, and the cumulative share below it (`below`) and up to its upper edge (`upTo`). */
  x: number;
  below: number;
  upTo: number;
  tail: number;
}

function cdf(histograms: Row[], scheme: string, metric: string): CdfPoint[] {
  const bins = histograms.filter((r) => r.scheme === scheme && r.metric === metric).sort((a, b) => Number(a.bin_low) - Number(b.bin_low));
  const total = bins.reduce((s, r) => s + Number(r.count), 0);
  let cumulative = 0;
  const points: CdfPoint[] = [];
  for (const r of bins) {
    const count = Number(r.count);
    if (count === 0) continue;
    const x = Number.isFinite(Number(r.bin_low)) ? Number(r.bin_low) : Number(r.bin_high);
    const below = cumulative / total;
    cumulative += count;
    points.push({ scheme, x, below, upTo: cumulative / total, tail: 1 - below });
  }
  return points;
}

export function distributionCharts(parent: HTMLElement, histograms: Row[], summary: Row[], schemes: string[], variant: string | null): void {
  const hist = ofVariant(histograms, variant);
  const sum = ofVariant(summary, variant);
  const where = variant === null ? '' : ` (variant ${variant})`;
  const color = { domain: schemes, legend: true };
  const jct = schemes.flatMap((s) => cdf(hist, s, 'jct_h'));
  const medians = schemes.map((s) => `${s} ${fmt(summaryValue(sum, s, 'jct_h', 'p50'))} h`).join(', ');
  // The body of the distribution: up to the largest 99.9th percentile (the tail has its own chart).
  const jctMax = Math.max(...schemes.map((s) => summaryValue(sum, s, 'jct_h', 'p999')).filter(Number.isFinite));
  chartSection(parent, 'jct-cdf', 'Job completion time: distribution per scheme', `Share of trials finished by each time${where}; the further left and steeper, the better. Median JCT: ${medians}.`).append(
    Plot.plot({
      width: 720,
      x: { label: 'JCT (h), up to the 99.9th percentile', grid: true, domain: [Math.min(...jct.map((d) => d.x)), jctMax] },
      y: { label: 'share of trials finished', domain: [0, 1], grid: true },
      clip: true,
      color,
      marks: [Plot.line(jct, { x: 'x', y: 'upTo', stroke: 'scheme', curve: 'step-before' })],
    }),
  );
  const p99 = schemes.map((s) => `${s} ${fmt(summaryValue(sum, s, 'jct_h', 'p99'))} h`).join(', ');
  chartSection(parent, 'jct-tail', 'Job completion time: the tail (log scale)', `Share of trials that take at least each time${where}, on a log scale so that 1-in-1000 trials show; 99th percentile: ${p99}.`).append(
    Plot.plot({
      width: 720,
      x: { label: 'JCT (h)', grid: true },
      y: { label: 'P(JCT ≥ t)', type: 'log', grid: true },
      color,
      marks: [Plot.line(jct, { x: 'x', y: 'tail', stroke: 'scheme', curve: 'step-after' })],
    }),
  );
  const goodput = schemes.flatMap((s) => cdf(hist, s, 'goodput'));
  const means = schemes.map((s) => `${s} ${fmt(100 * summaryValue(sum, s, 'goodput', 'mean'))} %`).join(', ');
  chartSection(parent, 'goodput-cdf', 'Goodput: distribution per scheme', `Goodput is the work divided by the wall time; the CDF's further right, the better${where}. Mean goodput: ${means}.`).append(
    Plot.plot({
      width: 720,
      x: { label: 'goodput (work ÷ JCT)', grid: true, percent: true },
      y: { label: 'share of trials at or below', domain: [0, 1], grid: true },
      color,
      marks: [Plot.line(goodput, { x: 'x', y: 'upTo', stroke: 'scheme', curve: 'step-before' })],
    }),
  );
}
