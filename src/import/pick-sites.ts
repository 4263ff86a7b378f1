/**
 * `--sites "Seattle=8192,Chicago=8192"` → the job's sites: places matched by their map
 * label or their id (case and accents ignored), each with its GPU count. An unknown
 * name fails with the closest labels, an ambiguous one with the ids to choose from.
 */
import { ImportError } from './import-error.js';
import type { ImportedPlace } from './imported-network.js';
import { slug } from './place-ids.js';

export interface JobSite {
  /** Index into the places. */
  readonly place: number;
  readonly gpus: number;
}

/** Suggestions shown for an unknown name, at most. */
const SUGGESTIONS = 5;

/** @throws {ImportError} naming `--sites` and the entry at fault. */
export function pickSites(text: string, places: readonly ImportedPlace[]): JobSite[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) throw new ImportError('--sites: name at least one site, e.g. --sites "Seattle=8192,Chicago=8192"');
  const picked: JobSite[] = [];
  for (const entry of entries) {
    const equals = entry.lastIndexOf('=');
    const name = (equals < 0 ? '' : entry.slice(0, equals)).trim();
    const count = equals < 0 ? '' : entry.slice(equals + 1).trim();
    if (name === '' || !/^\d+$/.test(count) || Number(count) === 0) {
      throw new ImportError(`--sites: expected label=gpus with gpus a whole number > 0, got "${entry}"`);
    }
    const place = findPlace(name, places);
    if (picked.some((site) => site.place === place)) {
      throw new ImportError(`--sites: "${name}" names place "${places[place]?.id}" a second time`);
    }
    picked.push({ place, gpus: Number(count) });
  }
  return picked;
}

/**
 * An id written exactly (`jacksonville-2`) wins; otherwise the label, compared as
 * slugs so "washington dc" finds "Washington DC".
 */
function findPlace(name: string, places: readonly ImportedPlace[]): number {
  const byId = places.findIndex((place) => place.id === name);
  if (byId >= 0) return byId;
  const wanted = slug(name);
  const byLabel = places.flatMap((place, i) => (slug(place.label) === wanted ? [i] : []));
  if (byLabel.length === 1) return byLabel[0] as number;
  if (byLabel.length > 1) {
    const ids = byLabel.map((i) => places[i]?.id).join(', ');
    throw new ImportError(`--sites: "${name}" is the label of ${byLabel.length} places; name one by its id: ${ids}`);
  }
  const close = places
    .map((place) => ({ place, distance: Math.min(editDistance(wanted, slug(place.label)), editDistance(wanted, place.id)) }))
    .filter(({ place, distance }) => distance <= Math.max(2, Math.floor(wanted.length / 3)) || slug(place.label).includes(wanted))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, SUGGESTIONS)
    .map(({ place }) => (place.id === slug(place.label) ? `"${place.label}"` : `"${place.label}" (${place.id})`));
  const hint = close.length > 0 ? `; close matches: ${close.join(', ')}` : '; no label is close';
  throw new ImportError(`--sites: no place is labelled "${name}"${hint}`);
}

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
