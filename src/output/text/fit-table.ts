/**
 * A table that fits the terminal: the usual columns when they fit in `width`, else one
 * record per row (its first cell as a heading, then "header  value" lines), which fits
 * any width the longest header and value fit in.
 */
import { type Column, formatTable } from './table.js';

/** Columns assumed when stdout is not a terminal (a file, a pipe, a test). */
export const DEFAULT_COLUMNS = 100;

/** The terminal's width when `stream` is a TTY that reports one, else DEFAULT_COLUMNS. */
export function terminalColumns(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : DEFAULT_COLUMNS;
}

/** Widest line of a block of text, in UTF-16 code units (the tables' characters are all one column wide). */
export function textWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map((line) => line.length));
}

export function fitTable(columns: readonly Column[], rows: readonly (readonly string[])[], width: number): string {
  const table = formatTable(columns, rows);
  if (textWidth(table) <= width) return table;
  const label = Math.max(...columns.slice(1).map((c) => c.header.length));
  return rows
    .map((row) =>
      [row[0] ?? '', ...columns.slice(1).map((c, i) => `  ${c.header.padEnd(label)}  ${row[i + 1] ?? ''}`.trimEnd())].join('\n'),
    )
    .join('\n\n');
}
