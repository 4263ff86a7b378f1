import { basename } from 'node:path';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { DEFAULT_CORRIDOR_KM, DEFAULT_MIN_SHARED_KM, DEFAULT_ROUTE_FACTOR, ImportError, importMap, parseDeployment, readFiber, slug } from '../../import/index.js';
import { defaultTemplatePath } from '../../import/default-template.js';
import { distanceKm } from '../../import/distance-flag.js';
import { importSummary } from '../../import/import-summary.js';
import { readTextFile } from '../../import/read-text-file.js';
import { writeFileAtomic } from '../../output/atomic-file.js';
import { runHandler } from '../run-handler.js';
import { UserError } from '../user-error.js';

interface ImportArgs {
  map: string;
  sites: string;
  out?: string;
  name?: string;
  template?: string;
  routeFactor: number;
  dropUnplaced: boolean;
  splitJunctions: boolean;
  deployment: string;
  capacity: number;
  fiber: string;
  corridorDistance: string;
  minShared: string;
  attachDistance: string;
}

export const command = 'import <map>';
export const describe =
  'write a scenario file from a real network map (Topology Zoo GraphML or GML, or GeoJSON with shared corridors found from the lines)';

export function builder(yargs: Argv): Argv<ImportArgs> {
  return yargs
    .positional('map', { type: 'string', describe: 'map file: .graphml, .gml or .geojson', demandOption: true })
    .option('sites', { type: 'string', demandOption: true, describe: 'the job\'s sites by map label, with GPUs: "Seattle=8192,Chicago=8192"' })
    .option('out', { alias: 'o', type: 'string', describe: 'scenario file to write (default: standard output)' })
    .option('name', { type: 'string', describe: 'scenario name (default: from the map\'s file name)' })
    .option('template', { type: 'string', describe: 'scenario whose hazards, regional events, job and schemes to copy (default: configs/default.yaml)' })
    .option('route-factor', { type: 'number', default: DEFAULT_ROUTE_FACTOR, describe: 'graph maps: fiber length / great-circle distance' })
    .option('drop-unplaced', { type: 'boolean', default: false, describe: 'graph maps: leave out nodes without coordinates (and their edges)' })
    .option('split-junctions', {
      type: 'boolean',
      default: true,
      describe: 'graph maps: place Topology Zoo hyperedge nodes (a link that splits; no coordinates) at the centre of their neighbours, as junctions',
    })
    .option('deployment', { type: 'string', default: 'buried=0.8,aerial=0.2', describe: 'default deployment mix of a route' })
    .option('capacity', { type: 'number', default: 12.8, describe: 'default capacity_tbps of a route (Tbit/s)' })
    .option('fiber', { type: 'string', default: 'smf', describe: 'default fiber: smf, hollow-core or a delay in µs/km' })
    .option('corridor-distance', { type: 'string', default: String(DEFAULT_CORRIDOR_KM * 1000), describe: 'GeoJSON: lines closer than this share a corridor (m, or 150m / 0.2km)' })
    .option('min-shared', { type: 'string', default: String(DEFAULT_MIN_SHARED_KM), describe: 'GeoJSON: shortest shared run that makes an SRLG (km, or 500m)' })
    .option('attach-distance', { type: 'string', default: '1000', describe: 'GeoJSON: a line end attaches to the nearest Point within this (m, or 2km)' })
    .example('$0 import Abilene.graphml --sites "Seattle=8192,Chicago=8192,New York=8192" -o abilene.yaml', 'three campuses on Abilene')
    .example('$0 import fiber.geojson --sites "A=4096,B=4096" --corridor-distance 150m', 'shared corridors within 150 m') as unknown as Argv<ImportArgs>;
}

export const handler = runHandler((args: ArgumentsCamelCase<ImportArgs>) => {
  try {
    const templatePath = args.template ?? defaultTemplatePath();
    const name = args.name ?? (slug(basename(args.map).replace(/\.[^.]*$/, '')) || 'imported');
    if (!/^[a-z0-9-]+$/.test(name)) throw new ImportError(`--name: must match [a-z0-9-]+ (it names the output folder), got "${name}"`);
    if (!(args.capacity > 0)) throw new ImportError(`--capacity: must be a number of Tbit/s > 0, got ${args.capacity}`);
    const fiberNumber = Number(args.fiber);
    const fiber = Number.isFinite(fiberNumber) && args.fiber.trim() !== '' ? readFiber({ us_per_km: fiberNumber }, '--fiber') : readFiber(args.fiber, '--fiber');
    const result = importMap(readTextFile(args.map), args.map, {
      sites: args.sites,
      name,
      defaults: { deployment: parseDeployment(args.deployment, '--deployment'), capacityTbps: args.capacity, fiber },
      template: { text: readTextFile(templatePath), source: args.template ?? 'configs/default.yaml' },
      routeFactor: args.routeFactor,
      dropUnplaced: args.dropUnplaced,
      splitJunctions: args.splitJunctions,
      corridorKm: distanceKm(args.corridorDistance, 'm', '--corridor-distance'),
      minSharedKm: distanceKm(args.minShared, 'km', '--min-shared'),
      attachKm: distanceKm(args.attachDistance, 'm', '--attach-distance'),
      command: ['scale-across', ...process.argv.slice(2).map(quoteArg)].join(' '),
    });
    const summary = importSummary(result, args.map);
    if (args.out === undefined) {
      process.stdout.write(result.yaml);
      process.stderr.write(`${summary}\n`);
    } else {
      writeFileAtomic(args.out, result.yaml);
      process.stdout.write(`${summary}\nwrote ${args.out}; check it with: scale-across validate ${args.out}\n`);
    }
  } catch (error) {
    if (error instanceof ImportError) throw new UserError(error.message);
    throw error;
  }
});

/** An argument as a shell would need it to give it back (for the file's header). */
function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
}
