/**
 * The terminal's lines on importance sampling (src/stats/weight-diagnostics.ts): the
 * mean weight with its CI, the effective sample size and the largest weight's share,
 * then each warning. Empty when importance sampling was off.
 */
import type { WeightDiagnostics } from '../../stats/weight-diagnostics.js';
import { trim } from './table.js';
import { meanWithCi } from './uncertain-number.js';

export function importanceSamplingText(d: WeightDiagnostics): string {
  if (!d.importanceSampled) return '';
  const { mean, ci } = meanWithCi(d.mean, (d.ci95[1] - d.ci95[0]) / 2);
  const weight = ci === '' ? mean : `${mean} ± ${ci}`;
  const lines = [
    `importance sampling: mean weight ${weight} (must be ≈ 1) · effective sample size ${Math.round(d.ess)} of ${d.trials} trials (${trim((100 * d.ess) / d.trials, 3)} %) · largest weight ${trim(100 * d.maxShare, 3)} % of the total`,
    ...d.warnings.map((w) => `warning: ${w}`),
  ];
  return lines.join('\n');
}
