/** Shared set-up of the importer tests: fixture paths and options close to the CLI's defaults. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importMap, type ImportOptions } from '../../src/import/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ZOO = `${ROOT}test/fixtures/topology-zoo/`;
export const GEOJSON = `${ROOT}test/fixtures/geojson/`;

export const TEMPLATE = { text: readFileSync(`${ROOT}configs/default.yaml`, 'utf8'), source: 'configs/default.yaml' };

export function options(sites: string, extra: Partial<ImportOptions> = {}): ImportOptions {
  return {
    sites,
    name: 'imported',
    defaults: { deployment: { buried: 0.8, aerial: 0.2 }, capacityTbps: 12.8, fiber: 'smf' },
    template: TEMPLATE,
    ...extra,
  };
}

/** Imports a fixture file the way the command does (text and its path). */
export function importFixture(path: string, sites: string, extra: Partial<ImportOptions> = {}) {
  return importMap(readFileSync(path, 'utf8'), path, options(sites, extra));
}
