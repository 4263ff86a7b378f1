/**
 * What `validate` says about the paths of the job's site pairs: on a small network a
 * row per pair and scheme; on a big one, per pair its primary, its backup and its first
 * restoration detour, each once, with the places they pass.
 */
import type { CompiledScenario } from '../../model/compile-scenario.js';
import type { Path } from '../../model/topology.js';
import { firstDetour, isRestoring, type RestoringScheme } from './first-detour.js';
import { usesBackups } from './job-exposure.js';
import { describePath, pathFigures, pathPlaces } from './path-text.js';
import { formatTable, percent, trim } from './table.js';

/** A row per pair and scheme: the path the scheme runs on, its backup and its first detour. */
export function pathsPerScheme(compiled: CompiledScenario): string[] {
  const { scenario, pairs } = compiled;
  const rows: string[][] = [];
  pairs.forEach((pair, p) => {
    for (const scheme of scenario.schemes) {
      const parts = [`${scheme.kind === 'ideal' || scheme.kind === 'none' ? '' : 'primary '}${describePath(compiled, pair.primary)}`];
      if (scheme.kind === 'one-plus-one' || scheme.kind === 'one-plus-one-restoration') parts.push(`backup ${describePath(compiled, pair.backup)}`);
      if (isRestoring(scheme)) {
        const detour = firstDetour(compiled, p, scheme);
        const onDetour =
          detour.path === null
            ? '— (none)'
            : `${describePath(compiled, detour.path)} at ${percent(scheme.capacityFraction)} capacity: job rate ${trim(detour.jobRate)}`;
        parts.push(`with the ${cutWhat(scheme)} cut: ${onDetour}`);
      }
      rows.push([`${pair.from}–${pair.to}`, scheme.id, parts.join('; ')]);
    }
  });
  return ['Job site pairs: path per scheme', formatTable([{ header: 'pair' }, { header: 'scheme' }, { header: 'path' }], rows), ...backupWarnings(compiled)];
}

/** Per pair: primary, backup (when a scheme uses one), first detour per kind of restoration. */
export function pathsPerPair(compiled: CompiledScenario): string[] {
  const { scenario, pairs } = compiled;
  const restoring = scenario.schemes.filter(isRestoring);
  const out = ['Job site pairs: primary, backup and first restoration detour (`--all`: the path of every scheme)'];
  pairs.forEach((pair, p) => {
    out.push(`  ${pair.from}–${pair.to}`);
    out.push(`    primary  ${placesAndFigures(compiled, pair.primary, pair.from)}`);
    if (usesBackups(compiled)) out.push(`    backup   ${pair.backup === null ? '— (none)' : placesAndFigures(compiled, pair.backup, pair.from)}`);
    // The detour depends only on what is cut; the job's rate on it on each scheme's capacity.
    for (const kind of ['restoration', 'one-plus-one-restoration'] as const) {
      const schemes = restoring.filter((s) => s.kind === kind);
      if (schemes.length === 0) continue;
      const detour = firstDetour(compiled, p, schemes[0]!);
      const rates = schemes.map((s) => `${s.id} at ${percent(s.capacityFraction)} capacity: job rate ${trim(firstDetour(compiled, p, s).jobRate)}`);
      const path = detour.path === null ? '— (none)' : placesAndFigures(compiled, detour.path, pair.from);
      out.push(`    detour   with the ${cutWhat(schemes[0]!)} cut: ${path}${detour.path === null ? '' : `; ${rates.join('; ')}`}`);
    }
  });
  out.push(...backupWarnings(compiled));
  return out;
}

function cutWhat(scheme: RestoringScheme): string {
  return scheme.kind === 'restoration' ? 'primary' : 'primary and backup';
}

function placesAndFigures(compiled: CompiledScenario, path: Path, from: string): string {
  return `${pathFigures(path)}, ${path.routes.length} route${path.routes.length === 1 ? '' : 's'}: ${pathPlaces(compiled, path, from)}`;
}

/** Pairs a one-plus-one scheme runs unprotected, and why. */
function backupWarnings(compiled: CompiledScenario): string[] {
  if (!usesBackups(compiled)) return [];
  return compiled.pairs.flatMap((pair) => {
    if (pair.backup !== null) return [];
    if (pair.routeDisjointOnly !== null)
      return [
        `warning: ${pair.from}–${pair.to} has no SRLG-disjoint backup; only a route-disjoint one sharing an SRLG (${describePath(compiled, pair.routeDisjointOnly)}); one-plus-one runs it without a backup`,
      ];
    return [`warning: ${pair.from}–${pair.to} has no backup path; one-plus-one runs it unprotected`];
  });
}
