// Bundles the report page's browser code (src/report-app/, with Observable Plot and
// apache-arrow) into one minified ES module, dist/report-app/report-app.js, which
// `writeReport` inlines into every report.html. A build artefact: never committed.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
mkdirSync(`${root}dist/report-app`, { recursive: true });
await build({
  entryPoints: [`${root}src/report-app/main.ts`],
  outfile: `${root}dist/report-app/report-app.js`,
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2020',
  platform: 'browser',
  legalComments: 'none',
  logLevel: 'warning',
});
