/**
 * `optimize`: mean JCT at every grid point tried (± 1.96 SE), the quadratic in ln τ
 * fitted through the last stage, and the best interval next to Daly's and Young's.
 */
import * as Plot from '@observablehq/plot';
import { chartSection, fmt } from './dom.js';
import type { OptimizeResult } from './report-input.js';

export function optimizeChart(parent: HTMLElement, result: OptimizeResult): void {
  const points = result.points.map((p) => ({ ...p, low: p.mean_jct_h - 1.96 * p.se_h, high: p.mean_jct_h + 1.96 * p.se_h, stage: `stage ${p.stage}` }));
  const last = result.points.filter((p) => p.stage === Math.max(...result.points.map((q) => q.stage)));
  const curve: { interval_h: number; jct: number }[] = [];
  if (result.fit_coefficients) {
    const [a, b, c] = result.fit_coefficients;
    const lo = Math.log(Math.min(...last.map((p) => p.interval_h)));
    const hi = Math.log(Math.max(...last.map((p) => p.interval_h)));
    for (let k = 0; k <= 60; k++) {
      const x = lo + ((hi - lo) * k) / 60;
      curve.push({ interval_h: Math.exp(x), jct: a + b * x + c * x * x });
    }
  }
  const marks = [
    { name: 'best (simulation)', at: result.best, color: '#d62728' },
    { name: "Daly's", at: result.daly, color: '#2ca02c' },
    { name: "Young's", at: result.young, color: '#9467bd' },
  ];
  const ci = result.best_ci[0] !== null && result.best_ci[1] !== null ? ` (95 % CI ${fmt(result.best_ci[0])} … ${fmt(result.best_ci[1])} h)` : '';
  chartSection(
    parent,
    'optimize',
    `Checkpoint interval against mean JCT (${result.scheme})`,
    `Mean JCT at each interval tried (± 1.96 SE, ${fmt(result.trials)} trials a point, common random numbers) and the quadratic in ln τ fitted through the last stage; best ${fmt(result.best)} h${ci}, Daly ${fmt(result.daly)} h, Young ${fmt(result.young)} h, job MTBF ${fmt(result.mtbf_h)} h.`,
  ).append(
    Plot.plot({
      width: 760,
      x: { type: 'log', label: 'checkpoint interval τ (h of progress)', grid: true },
      y: { label: 'mean JCT (h)', grid: true },
      color: { legend: true },
      marks: [
        Plot.link(points, { x1: 'interval_h', x2: 'interval_h', y1: 'low', y2: 'high', stroke: 'stage' }),
        Plot.dot(points, { x: 'interval_h', y: 'mean_jct_h', fill: 'stage', r: 3 }),
        Plot.line(curve, { x: 'interval_h', y: 'jct', stroke: '#000', strokeDasharray: '4,3', className: 'fit' }),
        Plot.ruleX(marks, { x: 'at', stroke: 'color', strokeWidth: 1.5 }),
        Plot.text(marks, { x: 'at', text: 'name', frameAnchor: 'top', rotate: -90, textAnchor: 'end', dx: -4, dy: 4, fill: 'color' }),
      ],
    }),
  );
}
