import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFileStream, isAtomicTempName, tempPathFor, writeFileAtomic } from '../../src/output/atomic-file.js';
import { tempDir } from '../support/temp-dir.js';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file', () => {
    const dir = tempDir();
    const path = join(dir, 'manifest.json');
    writeFileSync(path, 'old');
    writeFileAtomic(path, '{"status":"complete"}');
    expect(readFileSync(path, 'utf8')).toBe('{"status":"complete"}');
    expect(readdirSync(dir)).toEqual(['manifest.json']);
  });

  it('writes bytes as given', () => {
    const dir = tempDir();
    const path = join(dir, 'x.bin');
    writeFileAtomic(path, Uint8Array.of(0, 255, 7));
    expect([...readFileSync(path)]).toEqual([0, 255, 7]);
  });

  it('fails without creating anything when the directory does not exist', () => {
    const dir = tempDir();
    expect(() => writeFileAtomic(join(dir, 'missing', 'x.json'), '{}')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('AtomicFileStream', () => {
  it('is invisible at its path until commit, then holds every chunk in order', () => {
    const dir = tempDir();
    const path = join(dir, 'trials.arrow');
    const file = AtomicFileStream.open(path);
    expect(isAtomicTempName(file.tempPath)).toBe(true);
    // Small chunks are coalesced, a chunk over the 1 MiB buffer goes straight through.
    const big = new Uint8Array(3 << 20).fill(9);
    file.write(Uint8Array.of(1, 2));
    file.write(big);
    file.write(Uint8Array.of(3));
    expect(existsSync(path)).toBe(false);
    expect(file.bytesWritten).toBe(big.length + 3);
    file.commit();

    const bytes = readFileSync(path);
    expect(bytes.length).toBe(big.length + 3);
    expect([...bytes.subarray(0, 3)]).toEqual([1, 2, 9]);
    expect(bytes[bytes.length - 1]).toBe(3);
    expect(readdirSync(dir)).toEqual(['trials.arrow']);
    expect(() => file.write(Uint8Array.of(1))).toThrow(/already committed/);
  });

  it('abort removes the temp file and keeps the previous file', () => {
    const dir = tempDir();
    const path = join(dir, 'summary.arrow');
    writeFileSync(path, 'previous');
    const file = AtomicFileStream.open(path);
    file.write(Uint8Array.of(1, 2, 3));
    file.abort();
    file.abort();
    expect(readdirSync(dir)).toEqual(['summary.arrow']);
    expect(readFileSync(path, 'utf8')).toBe('previous');
  });

  it('an aborted stream of a new file leaves no file at all', () => {
    const dir = tempDir();
    const file = AtomicFileStream.open(join(dir, 'trials.arrow'));
    file.write(new Uint8Array(10));
    file.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names temp files <path>.tmp-<pid>-<random>', () => {
    const name = tempPathFor('/r/trials.arrow');
    expect(name).toMatch(new RegExp(`^/r/trials\\.arrow\\.tmp-${process.pid}-[0-9a-f]{8}$`));
    expect(name).not.toBe(tempPathFor('/r/trials.arrow'));
    expect(isAtomicTempName('/r/trials.arrow')).toBe(false);
  });
});
