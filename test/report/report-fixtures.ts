/**
 * Result folders for the report and Parquet tests: small real campaigns of the BUILT
 * CLI (dist/), and a copy of one whose scheme ids are renamed (for the escaping test:
 * the scenario validation may refuse such an id, the report builder must not trust it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO, 'dist/src/cli/main.js');

/** Runs `scale-across <args>`; throws with its stderr when it fails. */
export function cli(args: string[]): string {
  const p = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (p.status !== 0) throw new Error(`scale-across ${args.join(' ')} failed (${p.status}): ${p.stderr}`);
  return p.stdout;
}

/** A copy of result folder `from` at `to` whose scheme `oldId` is called `newId` in every file the report reads. */
export function renameScheme(from: string, to: string, oldId: string, newId: string): void {
  cpSync(from, to, { recursive: true });
  for (const file of ['summary.arrow', 'comparison.arrow', 'histograms.arrow', 'causes.arrow']) {
    const path = join(to, file);
    const table = tableFromIPC(readFileSync(path));
    const columns = Object.fromEntries(
      table.schema.fields.map((f) => {
        const column = table.getChild(f.name)!;
        if (f.name !== 'scheme' && f.name !== 'baseline') return [f.name, column];
        const values = Array.from({ length: table.numRows }, (_, i) => (column.get(i) === oldId ? newId : String(column.get(i))));
        return [f.name, vectorFromArray(values, new Utf8())];
      }),
    );
    writeFileSync(path, tableToIPC(new Table(columns), 'file'));
  }
  const manifestPath = join(to, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { schemes: string[]; scenario: { schemes: { id: string }[] } };
  manifest.schemes = manifest.schemes.map((s) => (s === oldId ? newId : s));
  for (const s of manifest.scenario.schemes) if (s.id === oldId) s.id = newId;
  writeFileSync(manifestPath, JSON.stringify(manifest));
}
