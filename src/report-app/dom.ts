/**
 * Building the page's elements. Every piece of text goes in through textContent (or
 * Plot, which does the same), never as markup, and no handler is built from data.
 */

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className !== undefined) e.className = className;
  return e;
}

/**
 * One chart's section: a title, the one-line reading of what it shows, and the figure
 * container (`data-chart` names it for tests and for styling).
 */
export function chartSection(parent: HTMLElement, chart: string, title: string, reading: string): HTMLElement {
  const section = element('section');
  section.dataset.chart = chart;
  section.append(element('h2', title), element('p', reading, 'reading'));
  const figure = element('div', undefined, 'figure');
  section.append(figure);
  parent.append(section);
  return figure;
}

/** Numbers for readings: 3 significant digits, no exponent for everyday sizes. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toLocaleString('en-US');
}

export function pct(x: number): string {
  return `${fmt(100 * x)} %`;
}
