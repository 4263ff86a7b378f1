/** Reading what a campaign wrote: Arrow tables and columns, the manifest, file hashes, folder listings. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, type Table, tableFromIPC } from 'apache-arrow';

export const ARROW_FILES = ['trials.arrow', 'summary.arrow', 'histograms.arrow', 'comparison.arrow', 'causes.arrow'] as const;

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** sha256 of each of `files` (default: the four Arrow files) in `dir`. */
export function hashes(dir: string, files: readonly string[] = ARROW_FILES): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, sha256(join(dir, f))]));
}

export function readArrow(path: string): Table {
  return tableFromIPC(readFileSync(path));
}

export function readManifest(dir: string): Record<string, any> {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

/** Entries of `dir`, sorted ([] when it does not exist). */
export function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Finished shard files in `<out>/.shards` (not temp files). */
export function shardFiles(out: string): string[] {
  return entries(join(out, '.shards')).filter((n) => n.endsWith('.shard'));
}

/** A temp file left by an atomic write (`<name>.tmp-<pid>-<hex>`). */
export const TEMP_NAME = /\.tmp-\d+-[0-9a-f]{8}$/;

/** A column as a plain array (dictionary columns decoded to their strings). */
export function column(table: Table, name: string): unknown[] {
  const vector = table.getChild(name);
  if (vector === null) throw new Error(`no column ${name}; columns: ${table.schema.fields.map((f) => f.name).join(', ')}`);
  if (DataType.isDictionary(vector.type)) {
    const out: string[] = [];
    for (const chunk of vector.data) {
      const dictionary = [...chunk.dictionary!] as string[];
      for (const index of Array.from(chunk.values as ArrayLike<number>)) out.push(dictionary[index]!);
    }
    return out;
  }
  return Array.from(vector.toArray() as ArrayLike<unknown>);
}

const MAGIC = 'ARROW1';

/** True when `path` starts and ends with the Arrow IPC file magic. */
export function hasFileMagic(path: string): boolean {
  const bytes = readFileSync(path);
  return (
    bytes.subarray(0, MAGIC.length).toString('latin1') === MAGIC &&
    bytes.subarray(bytes.length - MAGIC.length).toString('latin1') === MAGIC
  );
}
