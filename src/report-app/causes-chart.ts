/**
 * Which cause costs what: per cause (each hazard, each regional event) and scheme, the
 * mean cuts, network crashes and lost work per job, with 95 % CIs.
 */
import * as Plot from '@observablehq/plot';
import { chartSection, element, fmt } from './dom.js';
import { ofVariant } from './result-rows.js';
import type { Row } from './report-input.js';

const CAUSE_METRICS: { metric: string; label: string }[] = [
  { metric: 'cuts', label: 'cuts per job' },
  { metric: 'crashes_network', label: 'network crashes per job' },
  { metric: 'lost_work_h', label: 'work lost per job (h)' },
];

export function causesChart(parent: HTMLElement, causes: Row[], schemes: string[], variant: string | null): void {
  const rows = ofVariant(causes, variant);
  const lost = rows.filter((r) => r.metric === 'lost_work_h' && r.scheme === schemes[1 % schemes.length]);
  const worst = [...lost].sort((a, b) => Number(b.mean) - Number(a.mean))[0];
  const figure = chartSection(
    parent,
    'causes',
    'Which cause costs what',
    `Per job, the cuts each cause makes, the network crashes they cause and the work those crashes lose, per scheme (95 % CI).` +
      (worst ? ` Under ${String(worst.scheme)}, ${String(worst.cause)} costs the most: ${fmt(Number(worst.mean))} h of lost work per job.` : ''),
  );
  if (rows.length === 0) {
    figure.append(element('p', 'No causes recorded (the scenario has no hazards or regional events).'));
    return;
  }
  const causeNames = [...new Set(rows.map((r) => String(r.cause)))];
  for (const { metric, label } of CAUSE_METRICS) {
    const data = rows.filter((r) => r.metric === metric);
    const chart = Plot.plot({
      width: 720,
      marginLeft: 120,
      height: 50 + 9 * causeNames.length * schemes.length,
      x: { label, grid: true },
      y: { label: null, domain: schemes, axis: null },
      fy: { label: null, domain: causeNames },
      color: { domain: schemes, legend: metric === 'cuts' },
      marks: [
        Plot.barX(data, { x: 'mean', y: 'scheme', fy: 'cause', fill: 'scheme', title: (d: Row) => `${String(d.scheme)}, ${String(d.cause)}: ${fmt(Number(d.mean))}` }),
        Plot.link(data, { x1: 'ci95_low', x2: 'ci95_high', y1: 'scheme', y2: 'scheme', fy: 'cause', stroke: '#222' }),
        Plot.ruleX([0]),
      ],
    });
    chart.dataset.metric = metric;
    figure.append(chart);
  }
}
