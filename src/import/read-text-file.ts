/**
 * A map or template file as text, with every failure an {@link ImportError} naming the
 * file. Files above the size limit are refused before they are read: the readers hold
 * the whole text and its parse tree in memory.
 */
import { readFileSync, statSync } from 'node:fs';
import { ImportError } from './import-error.js';

/** Far above any real backbone map (Cogentco's GraphML is 100 kB; a national GeoJSON a few MB). */
export const MAX_MAP_BYTES = 256 * 1024 * 1024;

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, not a file',
};

export function readTextFile(path: string): string {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (stat.size > MAX_MAP_BYTES) {
      throw new ImportError(`cannot read ${path}: ${stat.size} bytes, more than the ${MAX_MAP_BYTES / 2 ** 20} MiB a map may have`);
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new ImportError(`cannot read ${path}: ${REASONS[code] ?? (error as Error).message}`);
  }
}
