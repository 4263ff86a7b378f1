import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/output/canonical-json.js';
import {
  MANIFEST_FILE,
  type Manifest,
  manifestIdentity,
  readManifest,
  scenarioHash,
  writeManifest,
} from '../../src/output/manifest.js';
import { PACKAGE_VERSION } from '../../src/output/package-version.js';
import { scenarioWith } from '../fixtures/scenario-builder.js';
import { tempDir } from '../support/temp-dir.js';

function manifest(): Manifest {
  return {
    ...manifestIdentity(scenarioWith(3)),
    status: 'running',
    workers: 8,
    started_at: '2026-01-05T22:00:00.000Z',
    finished_at: null,
    elapsed_s: 12.5,
    trials_per_s: 80,
    completed_shards: [[0, 500], [500, 500]],
  };
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }, null] })).toBe('{"a":[{"c":3,"d":2},null],"b":1}');
  });
});

describe('scenarioHash', () => {
  it('is a sha256 that ignores key order but sees seed and trials', () => {
    const scenario = scenarioWith(3);
    const reordered = Object.fromEntries(Object.entries(scenario).reverse()) as typeof scenario;
    expect(scenarioHash(scenario)).toMatch(/^[0-9a-f]{64}$/);
    expect(scenarioHash(reordered)).toBe(scenarioHash(scenario));
    expect(scenarioHash({ ...scenario, seed: scenario.seed + 1 })).not.toBe(scenarioHash(scenario));
    expect(scenarioHash({ ...scenario, trials: scenario.trials + 1 })).not.toBe(scenarioHash(scenario));
  });
});

describe('manifest.json', () => {
  it('round-trips through writeManifest and readManifest, atomically', () => {
    const dir = tempDir();
    const m = manifest();
    writeManifest(dir, m);
    expect(readdirSync(dir)).toEqual([MANIFEST_FILE]);
    expect(readManifest(dir)).toEqual(m);

    const text = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
    expect(text.startsWith('{\n  "status": "running",\n  "version": ')).toBe(true);
    expect(text).toContain('"completed_shards": [\n    [0, 500],\n    [500, 500]\n  ]');
    expect(m.version).toBe(PACKAGE_VERSION);
    expect(m.node_version).toBe(process.version);
    expect(m.schemes).toEqual(['unprotected', '1+1', 'restore']);
  });

  it('reads a missing manifest as null and a broken one as an error naming the field', () => {
    const dir = tempDir();
    expect(readManifest(dir)).toBeNull();
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest(), completed_shards: [[0, -1]] }));
    expect(() => readManifest(dir)).toThrow(/completed_shards must be a list of \[first, count\]/);
    writeFileSync(join(dir, MANIFEST_FILE), '{"status": "running",');
    expect(() => readManifest(dir)).toThrow(/not valid JSON/);
  });
});
