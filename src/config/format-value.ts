/**
 * How a bad value is quoted after "got" in a problem line: strings quoted, so that
 * `"5"` and `5` differ; collections as compact JSON, cut short so a line stays a line.
 * (Control characters are escaped where the message is built: scenario-error.ts.)
 */
const MAX_CHARS = 60;

export function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // NaN and ∞ can only come from YAML's .nan / .inf: quoted as written there.
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'bigint') return `${value}`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}
