/**
 * A distance flag: a number in the flag's own unit, or with a unit ("150m", "2km").
 * @example distanceKm('100', 'm', '--corridor-distance') // 0.1
 * @throws {ImportError} naming the flag for anything but a number > 0.
 */
import { ImportError } from './import-error.js';

export function distanceKm(text: string | number, bareUnit: 'm' | 'km', flag: string): number {
  const match = String(text).trim().match(/^(\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*(m|km)?$/i);
  const value = match ? Number(String(text).trim().replace(/\s*(k?m)$/i, '')) : NaN;
  if (!match || !(value > 0) || !Number.isFinite(value)) {
    throw new ImportError(`${flag}: must be a distance > 0 such as 100m or 1.5km (a bare number is in ${bareUnit}), got "${text}"`);
  }
  const unit = (match[2]?.toLowerCase() ?? bareUnit) as 'm' | 'km';
  return unit === 'm' ? value / 1000 : value;
}
