import { describe, expect, test } from 'vitest';
import { parseDuration, parseSize, UnitError } from '../../src/config/units.js';

describe('parseDuration (hours)', () => {
  test.each([
    ['50ms', 50 / 3_600_000],
    ['20s', 20 / 3600],
    ['90 s', 90 / 3600],
    ['30min', 0.5],
    ['8h', 8],
    ['1.5h', 1.5],
    ['.5h', 0.5],
    ['30d', 720],
    ['5.8y', 5.8 * 8760],
    ['1y', 365 * 24],
    ['12', 12],
    ['0', 0],
    [12, 12],
    [0.25, 0.25],
    ['1e3s', 1000 / 3600],
    ['  2h ', 2],
  ])('%j → %d h', (input, hours) => {
    expect(parseDuration(input)).toBe(hours);
  });

  test.each([
    ['-5h', 'must be >= 0, got "-5h"'],
    [-1, 'must be >= 0, got -1'],
    [Number.NaN, 'must be a number, got .nan'],
    [Number.POSITIVE_INFINITY, 'must be finite, got .inf'],
    ['5x', 'unknown duration unit "x" (valid: ms, s, min, h, d, y), got "5x"'],
    ['5 H', 'unknown duration unit "H" (valid: ms, s, min, h, d, y), got "5 H"'],
    ['h', 'must be a duration (hours, or a string like "90s", "8h", "30d"), got "h"'],
    ['5  h', 'must be a duration (hours, or a string like "90s", "8h", "30d"), got "5  h"'],
    ['', 'must be a duration (hours, or a string like "90s", "8h", "30d"), got ""'],
    [true, 'must be a duration (hours, or a string like "90s", "8h", "30d"), got true'],
    [null, 'must be a duration (hours, or a string like "90s", "8h", "30d"), got null'],
  ])('%j is rejected: %s', (input, message) => {
    expect(() => parseDuration(input)).toThrow(new UnitError(message));
  });
});

describe('parseSize (bytes, decimal)', () => {
  test.each([
    ['2.5TB', 2.5e12],
    ['40GB', 40e9],
    ['40 GB', 40e9],
    ['1MB', 1e6],
    ['3KB', 3000],
    ['7B', 7],
    ['1024', 1024],
    [0, 0],
  ])('%j → %d bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  test.each([
    ['-1GB', 'must be >= 0, got "-1GB"'],
    ['4GiB', 'unknown size unit "GiB" (valid: B, KB, MB, GB, TB), got "4GiB"'],
    ['4gb', 'unknown size unit "gb" (valid: B, KB, MB, GB, TB), got "4gb"'],
    ['lots', 'must be a size (bytes, or a string like "40GB"), got "lots"'],
    [Number.NaN, 'must be a number, got .nan'],
  ])('%j is rejected: %s', (input, message) => {
    expect(() => parseSize(input)).toThrow(new UnitError(message));
  });
});
