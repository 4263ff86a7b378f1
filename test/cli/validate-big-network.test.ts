/**
 * `validate` on an imported backbone (configs/real/cogentco.yaml: 197 places, 245
 * routes, three job sites) stays readable: totals, the job's top 10 routes by cut rate,
 * per pair its primary, backup and first detour; `--all` lists everything, and a small
 * scenario prints whole either way.
 *
 * Oracle for the ranking: the example has no SRLGs or regions and every route the
 * import's default deployment (80 % buried, 20 % aerial), so a route's cut rate is its
 * length × (0.8 × (1.5 + 0.3) + 0.2 × (0.6 + 0.4 + 0.3)) / 1000 = length × 1.70 / 1000
 * per year (the template's hazard rates per 1000 km per year): the top 10 by cut rate
 * are the 10 longest routes on the job's paths.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/config/index.js';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { validateReport } from '../../src/output/text/validate-report.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const compiled = compileScenario(loadScenarioFile(`${ROOT}configs/real/cogentco.yaml`));
const { scenario } = compiled;
const CUTS_PER_KM_YEAR = (0.8 * (1.5 + 0.3) + 0.2 * (0.6 + 0.4 + 0.3)) / 1000;

/** The rows of the table that follows the line starting with `title`. */
function tableRows(report: string, title: string): string[][] {
  const lines = report.split('\n');
  const start = lines.findIndex((line) => line.startsWith(title));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let i = start + 3; i < lines.length && lines[i] !== ''; i++) rows.push(lines[i]!.split(/ {2,}/));
  return rows;
}

describe('the imported Cogent backbone', () => {
  const report = validateReport(compiled);
  const all = validateReport(compiled, { all: true });

  test('is summarised: one line for the places, no row per route', () => {
    expect(scenario.routes).toHaveLength(245);
    expect(report.split('\n').length).toBeLessThan(80);
    expect(report).toContain('Places: 197: sites atlanta (8192 GPUs), chicago (8192 GPUs), dallas (8192 GPUs); 194 junctions');
    const km = scenario.routes.reduce((sum, route) => sum + route.lengthKm, 0);
    expect(report).toContain(`Routes: 245, ${Number(km.toPrecision(5))} km`);
  });

  test('the 10 routes with the most cuts are the 10 longest on the primaries and backups, at 1.70 cuts / 1000 km / yr', () => {
    const onPaths = new Set(compiled.pairs.flatMap((pair) => [...pair.primary.routes, ...(pair.backup?.routes ?? [])]));
    const longest = [...onPaths].sort((a, b) => scenario.routes[b]!.lengthKm - scenario.routes[a]!.lengthKm).slice(0, 10);
    const rows = tableRows(report, 'Routes on the job');
    expect(report).toContain(`Routes on the job's primaries and backups: ${onPaths.size}; the 10 with the most cuts/yr`);
    expect(rows.map((row) => row[0])).toEqual(longest.map((r) => scenario.routes[r]!.id));
    for (const row of rows) {
      const route = scenario.routes.find((r) => r.id === row[0])!;
      expect(Number(row[7])).toBeCloseTo(Number((route.lengthKm * CUTS_PER_KM_YEAR).toPrecision(3)), 6);
    }
  });

  test('per pair: primary, backup and the two first detours, with latency and the places passed', () => {
    const lines = report.split('\n');
    for (const pair of compiled.pairs) {
      const at = lines.indexOf(`  ${pair.from}–${pair.to}`);
      expect(at).toBeGreaterThan(0);
      const [primary, backup, detour, detourBoth] = lines.slice(at + 1, at + 5);
      // One-way latency: Σ length × 4.9 µs/km (smf) over the primary's routes.
      const ms = pair.primary.routes.reduce((sum, r) => sum + scenario.routes[r]!.lengthKm * 4.9, 0) / 1000;
      expect(primary).toMatch(new RegExp(`^ {4}primary {2}${Number(ms.toPrecision(4))} ms one way, 12\\.8 Tbit/s, ${pair.primary.routes.length} routes?: ${pair.from} → .* → ${pair.to}$`));
      expect(backup).toMatch(new RegExp(`^ {4}backup {3}.* ${pair.to}$`));
      expect(detour).toMatch(/^ {4}detour {3}with the primary cut: /);
      expect(detourBoth).toMatch(/^ {4}detour {3}with the primary and backup cut: /);
    }
    expect(report).toContain('Job site pairs: primary, backup and first restoration detour');
  });

  test('--all lists every place and route and every scheme\'s paths', () => {
    expect(tableRows(all, 'Routes')).toHaveLength(245);
    expect(tableRows(all, 'Places')).toHaveLength(197);
    expect(tableRows(all, 'Job site pairs: path per scheme')).toHaveLength(3 * scenario.schemes.length);
  });
});

test('a small scenario (configs/default.yaml) prints whole, with or without --all', () => {
  const small = compileScenario(loadScenarioFile(`${ROOT}configs/default.yaml`));
  const report = validateReport(small);
  expect(report).toBe(validateReport(small, { all: true }));
  expect(tableRows(report, 'Routes')).toHaveLength(small.scenario.routes.length);
});
