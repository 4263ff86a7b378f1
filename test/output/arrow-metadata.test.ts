import { readFileSync } from 'node:fs';
import { Float64 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { fieldWithUnit, schemaMetadata } from '../../src/output/arrow-metadata.js';
import { PACKAGE_VERSION } from '../../src/output/package-version.js';
import { scenarioWith } from '../fixtures/scenario-builder.js';

describe('schemaMetadata', () => {
  it('stamps version, scenario, seed and trials', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PACKAGE_VERSION).toBe(pkg.version);
    const scenario = scenarioWith(2);
    expect(Object.fromEntries(schemaMetadata(scenario))).toEqual({
      'scale_across.version': pkg.version,
      'scale_across.scenario': JSON.stringify(scenario),
      'scale_across.seed': '20261124',
      'scale_across.trials': '1000',
    });
  });

  it('adds extra keys but never overwrites the standard ones', () => {
    const scenario = scenarioWith(2);
    expect(schemaMetadata(scenario, { 'scale_across.sweep': 'job.checkpoint.interval' }).get('scale_across.sweep')).toBe(
      'job.checkpoint.interval',
    );
    expect(() => schemaMetadata(scenario, { 'scale_across.seed': '1' })).toThrow("may not overwrite 'scale_across.seed'");
  });
});

describe('fieldWithUnit', () => {
  it('puts a unit in the field metadata only when there is one', () => {
    expect(Object.fromEntries(fieldWithUnit('jct_h', new Float64(), 'h').metadata)).toEqual({ unit: 'h' });
    expect(fieldWithUnit('trial', new Float64()).metadata.size).toBe(0);
  });
});
