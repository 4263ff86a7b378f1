/**
 * Units of scenario files (docs/model.md#scenario): durations become hours, sizes become bytes.
 *
 * Both parsers throw a {@link UnitError} whose message is one line ready to follow a
 * path (`job.work: must be a duration …, got "5x"`); the schema turns it into a
 * validation problem, so a user never sees it as a stack trace.
 */
import type { Hours } from '../model/scenario.js';
import { formatValue as show } from './format-value.js';

/** A value that is not a valid duration or size; `message` ends with the bad value. */
export class UnitError extends Error {
  override readonly name = 'UnitError';
}

/** Hours per unit, as numerator / denominator so that `20s` is exactly `20 / 3600`. */
const HOURS_PER: Readonly<Record<string, readonly [number, number]>> = {
  ms: [1, 3_600_000],
  s: [1, 3600],
  min: [1, 60],
  h: [1, 1],
  d: [24, 1],
  y: [365 * 24, 1],
};

/** Decimal sizes (1 GB = 10⁹ bytes), as docs/model.md#units says; no binary KiB/GiB. */
const BYTES_PER: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
};

// A signed decimal, an optional space, an optional unit: "30d", "1.5 h", "2.5TB", "-5".
// The sign is matched only to say "must be >= 0" rather than "not a duration".
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s?([A-Za-z]*)$/;

/**
 * A duration in hours: a number (hours), or a string with a unit suffix
 * `ms s min h d y` (`y` = 365 d), an optional space and decimals (`"90s"`, `"1.5 h"`).
 * @throws {UnitError} for negatives, NaN, infinities, unknown units and other types.
 * @example parseDuration('30min') // 0.5
 */
export function parseDuration(value: unknown): Hours {
  const units = Object.keys(HOURS_PER).join(', ');
  const [amount, unit] = splitQuantity(value, `a duration (hours, or a string like "90s", "8h", "30d")`);
  if (unit === '') return amount;
  const ratio = HOURS_PER[unit];
  if (ratio === undefined) {
    throw new UnitError(`unknown duration unit "${unit}" (valid: ${units}), got ${show(value)}`);
  }
  return finiteAfterUnits((amount * ratio[0]) / ratio[1], value, 'hours');
}

/**
 * A size in bytes: a number (bytes), or a string with a decimal unit `B KB MB GB TB`.
 * @throws {UnitError} for negatives, NaN, infinities, unknown units and other types.
 * @example parseSize('2.5TB') // 2.5e12
 */
export function parseSize(value: unknown): number {
  const units = Object.keys(BYTES_PER).join(', ');
  const [amount, unit] = splitQuantity(value, `a size (bytes, or a string like "40GB")`);
  if (unit === '') return amount;
  const factor = BYTES_PER[unit];
  if (factor === undefined) {
    throw new UnitError(`unknown size unit "${unit}" (valid: ${units}), got ${show(value)}`);
  }
  return finiteAfterUnits(amount * factor, value, 'bytes');
}

/** The non-negative finite amount and the (possibly empty) unit of a quantity. */
function splitQuantity(value: unknown, what: string): [number, string] {
  if (typeof value === 'number') return [checkAmount(value, value), ''];
  if (typeof value !== 'string') throw new UnitError(`must be ${what}, got ${show(value)}`);
  const match = QUANTITY.exec(value.trim());
  if (match === null) throw new UnitError(`must be ${what}, got ${show(value)}`);
  return [checkAmount(Number(match[1]), value), match[2] ?? ''];
}

function checkAmount(amount: number, value: unknown): number {
  if (Number.isNaN(amount)) throw new UnitError(`must be a number, got ${show(value)}`);
  if (!Number.isFinite(amount)) throw new UnitError(`must be finite, got ${show(value)}`);
  if (amount < 0) throw new UnitError(`must be >= 0, got ${show(value)}`);
  return amount;
}

/** `1e308y` is a finite number of years but ∞ hours: refused like any infinity. */
function finiteAfterUnits(converted: number, value: unknown, unit: string): number {
  if (Number.isFinite(converted)) return converted;
  throw new UnitError(`must be finite in ${unit} (at most 1.8e308 ${unit}), got ${show(value)}`);
}
