import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { Scenario } from '../../src/model/scenario.js';

/** A small resolved scenario with `schemes` schemes (ids s0, s1, … after the first three). */
export function scenarioWith(schemeCount = 3): Scenario {
  const named: Scenario['schemes'] = [
    { id: 'unprotected', kind: 'none' },
    { id: '1+1', kind: 'one-plus-one', switchover: 50 / 3.6e6 },
    { id: 'restore', kind: 'restoration', restore: 2 / 60, capacityFraction: 0.5 },
  ];
  const schemes = Array.from({ length: schemeCount }, (_, i) => named[i] ?? { id: `s${i}`, kind: 'ideal' as const });
  return {
    name: 'metro-triad',
    seed: 20261124,
    trials: 1000,
    horizon: 24 * 365,
    sites: [
      { id: 'dc-a', gpus: 8192 },
      { id: 'dc-b', gpus: 8192 },
    ],
    junctions: [],
    routes: [
      {
        id: 'a-b',
        between: ['dc-a', 'dc-b'],
        lengthKm: 380,
        usPerKm: 4.9,
        deployment: { buried: 0.8, aerial: 0.2, conduit: 0, submarine: 0 },
        capacityTbps: 12.8,
        srlgs: [],
        regions: [],
        jitter: null,
      },
    ],
    srlgs: [],
    hazards: [
      {
        cause: 'excavator',
        ratePer1000KmYear: { buried: 1.5, aerial: 0, conduit: 0.6, submarine: 0 },
        repair: { kind: 'lognormal', median: 8, sigma: 0.9 },
      },
    ],
    regional: [],
    job: {
      sites: ['dc-a', 'dc-b'],
      work: 720,
      steps: null,
      step: { compute: 4 / 3600, wanBytes: 2.5e12, wanRoundTrips: 8, overlap: 0.7 },
      checkpoint: { interval: 0.5, write: 20 / 3600 },
      restart: 10 / 60,
      collectiveTimeout: 10 / 60,
      background: { mtbfPerGpu: 5.8 * 8760, recovery: 0.25 },
      power: { kwPerGpu: 1.4 },
      networkPjPerBit: 0,
    },
    schemes,
  };
}

/** A fresh temp directory, removed after the current test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scale-across-output-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
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
