import { uniqueIds } from './unique-ids.js';

/**
 * Scenario ids from map labels: lower-case `[a-z0-9-]`, unique, and stable (the same
 * file always gives the same ids, whatever flags drop later). Accents are folded
 * ("Zürich" → "zurich"), every other run of characters becomes one "-". A label seen
 * again gets "-2", "-3", … in the order of the file; a label with nothing left
 * ("—") becomes `node-<its key>`.
 */
export function placeIds(labels: readonly string[], keys: readonly string[]): string[] {
  return uniqueIds(labels.map((label, i) => slug(label) || `node-${slug(keys[i] ?? String(i)) || i}`));
}

/** "Washington DC" → "washington-dc", "São Paulo" → "sao-paulo". */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
