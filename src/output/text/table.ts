/**
 * Plain-text tables for the terminal: columns padded to their widest cell. Cells hold
 * ids and labels from the scenario file, so every cell and header is escaped
 * (terminal-text.ts): a newline in an id cannot forge a row, an ESC cannot recolour it.
 */
import { terminalText } from './terminal-text.js';

export type Align = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align?: Align;
}

export function formatTable(columns: readonly Column[], rawRows: readonly (readonly string[])[]): string {
  const rows = rawRows.map((row) => row.map(terminalText));
  columns = columns.map((c) => ({ ...c, header: terminalText(c.header) }));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Hours as a short human duration: 45 s, 12.5 min, 7.25 h, 3.2 d. */
export function formatDuration(hours: number): string {
  if (!Number.isFinite(hours)) return hours > 0 ? '∞' : '—';
  const seconds = hours * 3600;
  if (seconds < 1) return `${trim(seconds * 1000, 3)} ms`;
  if (seconds < 120) return `${trim(seconds, 3)} s`;
  if (hours < 2) return `${trim(hours * 60, 3)} min`;
  if (hours < 72) return `${trim(hours, 3)} h`;
  return `${trim(hours / 24, 3)} d`;
}

/** A number with at most `digits` significant digits, without trailing zeros. */
export function trim(x: number, digits = 4): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

export function percent(x: number, digits = 3): string {
  return `${trim(x * 100, digits)} %`;
}
