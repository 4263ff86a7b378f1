/**
 * The grid of a sweep: `--set key=v1,v2 --set key2=w1,w2` → every combination, each a
 * list of overrides and a label such as `job.checkpoint.interval=30min`.
 */
import type { Override } from '../config/index.js';

export interface SweepAxis {
  readonly key: string;
  readonly values: readonly string[];
}

export interface SweepVariant {
  readonly label: string;
  readonly overrides: readonly Override[];
}

/** Splits on commas outside brackets and braces, so `{buried: 1, aerial: 0}` stays whole. */
function splitValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[' || ch === '{') depth++;
    if (ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      values.push(current.trim());
      current = '';
    } else current += ch;
  }
  values.push(current.trim());
  return values;
}

/** @throws Error naming the flag when it is not `key=v1,v2,…`. */
export function parseSetFlag(flag: string): SweepAxis {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new Error(`--set ${flag}: expected key=value1,value2,…`);
  const key = flag.slice(0, eq).trim();
  const values = splitValues(flag.slice(eq + 1));
  if (values.some((v) => v.length === 0)) throw new Error(`--set ${flag}: an empty value`);
  if (new Set(values).size !== values.length) throw new Error(`--set ${flag}: a value is listed twice`);
  return { key, values };
}

export function sweepGrid(axes: readonly SweepAxis[]): SweepVariant[] {
  let grid: SweepVariant[] = [{ label: '', overrides: [] }];
  for (const axis of axes) {
    grid = grid.flatMap((variant) =>
      axis.values.map((value) => ({
        label: variant.label ? `${variant.label} ${axis.key}=${value}` : `${axis.key}=${value}`,
        overrides: [...variant.overrides, [axis.key, value] as const],
      })),
    );
  }
  return grid;
}
