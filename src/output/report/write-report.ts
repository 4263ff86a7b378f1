/**
 * `writeReport(outDir)`: `<outDir>/report.html`, one self-contained page showing a
 * finished result folder (see report-data.ts for what it embeds). The browser code is
 * bundled at build time (scripts/build-report-app.mjs) into dist/report-app/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
import { PACKAGE_ROOT } from '../package-version.js';
import { reportData } from './report-data.js';
import { reportHtml } from './report-html.js';

export const REPORT_FILE = 'report.html';
export const REPORT_BUNDLE = join(PACKAGE_ROOT, 'dist', 'report-app', 'report-app.js');

export interface WrittenReport {
  readonly path: string;
  readonly bytes: number;
}

/**
 * @throws ReportInputError when `outDir` holds no finished campaign; Error when the
 * bundle was not built (`npm run build`).
 */
export function writeReport(outDir: string): WrittenReport {
  if (!existsSync(REPORT_BUNDLE)) throw new Error(`${REPORT_BUNDLE} is missing: run \`npm run build\``);
  const html = reportHtml(reportData(outDir), readFileSync(REPORT_BUNDLE, 'utf8'));
  const path = join(outDir, REPORT_FILE);
  const bytes = Buffer.from(html, 'utf8');
  writeFileAtomic(path, bytes);
  return { path, bytes: bytes.byteLength };
}
