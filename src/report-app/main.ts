/**
 * The report page: reads the embedded data and draws every chart. Each chart is drawn
 * on its own, so one that fails shows its error (and logs it) without hiding the rest.
 * For a sweep, the per-scheme charts show one variant at a time, picked in a <select>
 * (the first at first), and are drawn again when another is picked.
 * When done, `data-ready` is set on <html> and `window.reportReadyMs` holds the time
 * from navigation start, for the browser test.
 */
import { causesChart } from './causes-chart.js';
import { comparisonCharts } from './comparison-charts.js';
import { distributionCharts } from './distribution-charts.js';
import { element } from './dom.js';
import { networkCharts } from './network-chart.js';
import { optimizeChart } from './optimize-chart.js';
import { provenance } from './provenance.js';
import { readReportInput } from './report-input.js';
import type { ReportInput } from './report-input.js';
import { shownVariant } from './result-rows.js';
import { STYLE } from './style.js';
import { sweepChart } from './sweep-chart.js';
import { timeChart } from './time-chart.js';

const DATA_ID = 'scale-across-data';

function draw(root: HTMLElement, name: string, chart: () => void): void {
  try {
    chart();
  } catch (error) {
    console.error(`chart ${name}:`, error);
    root.append(element('p', `The chart “${name}” could not be drawn: ${(error as Error).message}`, 'error'));
  }
}

/** The charts of one variant (all of a run). */
function drawPerScheme(container: HTMLElement, input: ReportInput, variant: string | null): void {
  const schemes = input.manifest.schemes;
  container.replaceChildren();
  container.dataset.variant = variant ?? '';
  draw(container, 'distributions', () => distributionCharts(container, input.histograms, input.summary, schemes, variant));
  draw(container, 'time', () => timeChart(container, input.summary, schemes, variant));
  draw(container, 'comparison', () => comparisonCharts(container, input.comparison, schemes, variant));
  draw(container, 'causes', () => causesChart(container, input.causes, schemes, variant));
}

/** The sweep's variant picker: a <select> of the variants (options set as text, the handler fixed). */
function variantPicker(input: ReportInput, container: HTMLElement): HTMLElement {
  const label = element('label', 'The charts below show the variant ', 'note');
  const select = element('select');
  select.name = 'variant';
  for (const v of input.variants) {
    const option = element('option', v);
    option.value = v;
    select.append(option);
  }
  select.addEventListener('change', () => drawPerScheme(container, input, select.value));
  label.append(select);
  const p = element('p', undefined, 'note');
  p.append(label);
  return p;
}

function main(): void {
  const style = element('style', STYLE);
  document.head.append(style);
  const root = document.getElementById('report')!;
  root.replaceChildren();
  const input = readReportInput(DATA_ID);
  const schemes = input.manifest.schemes;
  const variant = shownVariant(input);
  const kind = { run: 'run', sweep: 'sweep', optimize: 'optimize' }[input.kind];
  root.append(
    element('h1', `${input.manifest.scenario.name}: ${kind} report`),
    element('p', `${input.manifest.trials.toLocaleString('en-US')} trials × ${schemes.length} schemes (${schemes.join(', ')}); baseline ${schemes[0]}.`, 'lead'),
  );
  if (input.warnings.length) root.append(element('p', `⚠ ${input.warnings.length} warning(s): see Provenance below.`, 'warn'));
  if (input.network) draw(root, 'network', () => networkCharts(root, input.network!));
  if (input.optimize) draw(root, 'optimize', () => optimizeChart(root, input.optimize!));
  if (input.variants.length > 0) draw(root, 'sweep', () => sweepChart(root, input.summary, schemes, input.variants));
  const perScheme = element('div');
  perScheme.dataset.variant = variant ?? '';
  if (variant !== null) root.append(variantPicker(input, perScheme));
  root.append(perScheme);
  drawPerScheme(perScheme, input, variant);
  draw(root, 'provenance', () => provenance(root, input));
  document.documentElement.dataset.ready = 'true';
  (window as unknown as { reportReadyMs: number }).reportReadyMs = performance.now();
}

main();
