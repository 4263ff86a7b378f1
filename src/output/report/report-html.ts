/**
 * The report page as one string: the bundled browser code and the data inlined, so the
 * file opens from disk with no network. The data goes in as JSON inside a
 * `<script type="application/json">`, never as markup: the page builds every element
 * itself and sets text with textContent, so an id like `<img src=x onerror=…>` stays
 * text. `<`, `>`, `&` and the JS line separators are escaped in the JSON so that nothing
 * in it can close the script element; a bundle that contains `</script` is refused.
 */
import type { ReportData } from './report-data.js';

export const REPORT_DATA_ID = 'scale-across-data';

/** JSON that is inert inside a script element (parsed by JSON.parse to the same value). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for an HTML text node or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function reportHtml(data: ReportData, bundle: string): string {
  if (/<\/script/i.test(bundle)) throw new Error('the report bundle contains "</script": it cannot be inlined');
  const title = `scale-across report: ${data.manifest.scenario.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="report"><p>Loading the report…</p></main>
<script type="application/json" id="${REPORT_DATA_ID}">${jsonForScript(data)}</script>
<script type="module">${bundle}</script>
</body>
</html>
`;
}
