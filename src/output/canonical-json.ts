/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, otherwise
 * JSON.stringify's rules (undefined members dropped, non-finite numbers → null). Two
 * equal plain values give the same text whatever the order their keys were set in, so
 * the text can be hashed.
 * @example canonicalJson({ b: 1, a: [true, null] }) === '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
