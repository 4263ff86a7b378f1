/** What an import did, for the terminal: counts, what was left out, the corridors found. */
import type { ImportResult } from './import-map.js';

export function importSummary(result: ImportResult, source: string): string {
  const { network, corridors } = result;
  const lines = [
    `${source} (${result.format}): ${network.places.length} places, ${network.routes.length} routes; ` +
      `job sites ${result.siteIds.join(', ')}`,
  ];
  const estimated = network.estimated ?? [];
  if (estimated.length > 0) {
    lines.push(`split points placed (${estimated.length}; --no-split-junctions to treat them as unplaced):`, ...estimated.map((item) => `  ${item}`));
  }
  if (network.dropped.length > 0) {
    lines.push(`left out (${network.dropped.length}):`, ...network.dropped.map((item) => `  ${item}`));
  }
  if (result.format === 'geojson') {
    lines.push(`shared corridors (SRLGs): ${corridors.length}`);
    for (const corridor of corridors) {
      const members = corridor.members.map((r) => network.routes[r]?.id).join(', ');
      lines.push(`  ${corridor.id}  ${corridor.lengthKm.toFixed(3)} km  ${members}`);
    }
  }
  if (result.droppedRegional.length > 0) {
    lines.push(`template regional events left out (no imported route lists their region): ${result.droppedRegional.join(', ')}`);
  }
  return lines.join('\n');
}
