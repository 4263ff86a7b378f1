/** Provenance: what produced these results, the warnings, and the resolved scenario (collapsed). */
import { chartSection, element } from './dom.js';
import type { ReportInput } from './report-input.js';

export function provenance(parent: HTMLElement, input: ReportInput): void {
  const m = input.manifest;
  const figure = chartSection(parent, 'provenance', 'Provenance', `scale-across ${m.version}, seed ${m.seed}, ${m.trials} trials per scheme${input.variants.length ? ` and variant (${input.variants.length} variants)` : ''}; the same version, scenario and seed reproduce these results exactly.`);
  const rows: [string, string][] = [
    ['scenario', m.scenario.name],
    ['version', m.version],
    ['seed', String(m.seed)],
    ['trials', String(m.trials)],
    ['schemes (first = baseline)', m.schemes.join(', ')],
    ...(input.variants.length ? ([['variants', input.variants.join(', ')]] as [string, string][]) : []),
    ['scenario hash', m.scenario_hash],
    ['workers', String(m.workers)],
    ['node', m.node_version],
    ['started', m.started_at],
    ['finished', m.finished_at ?? '—'],
    ['elapsed', `${m.elapsed_s.toFixed(1)} s`],
  ];
  const table = element('table', undefined, 'provenance');
  for (const [k, v] of rows) {
    const tr = element('tr');
    tr.append(element('th', k), element('td', v));
    table.append(tr);
  }
  figure.append(table);
  const warnings = element('div', undefined, 'warnings');
  warnings.append(element('h3', input.warnings.length ? 'Warnings' : 'Warnings: none'));
  if (input.warnings.length) {
    const ul = element('ul');
    for (const w of input.warnings) ul.append(element('li', w));
    warnings.append(ul);
  }
  figure.append(warnings);
  const details = element('details');
  details.append(element('summary', 'The resolved scenario (every default filled in)'), element('pre', JSON.stringify(m.scenario, null, 2)));
  figure.append(details);
}
