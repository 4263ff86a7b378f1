/**
 * Places, routes, job sites and corridors → the text of a complete scenario file, with
 * comments that say where every figure came from. Hazards, regional events, the job and
 * the schemes are the template's (a scenario file, comments kept); the job's sites are
 * the picked ones, every other place is a junction.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, Pair, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { Deployment } from './deployment.js';
import { ImportError } from './import-error.js';
import type { ImportedNetwork } from './imported-network.js';
import type { JobSite } from './pick-sites.js';
import type { Fiber } from './route-properties.js';
import type { Corridor } from './shared-corridors.js';

export interface RouteDefaults {
  readonly deployment: Deployment;
  readonly capacityTbps: number;
  readonly fiber: Fiber;
}

export interface ScenarioParts {
  readonly name: string;
  readonly network: ImportedNetwork;
  readonly sites: readonly JobSite[];
  readonly corridors: readonly Corridor[];
  readonly defaults: RouteDefaults;
  /** The template's text and a name for it in messages and comments. */
  readonly template: { readonly text: string; readonly source: string };
  /** Comment lines for the top of the file: the command, the map, how lengths were made. */
  readonly header: readonly string[];
}

export interface BuiltScenario {
  readonly yaml: string;
  /** Ids of the corridor SRLGs, in the order of `corridors`. */
  readonly corridorIds: readonly string[];
  /** Template regional events left out because no imported route is in their region. */
  readonly droppedRegional: readonly string[];
}

/** Keys copied from the template as they are (with their comments). */
const FROM_TEMPLATE = ['seed', 'trials', 'horizon'] as const;

/** @throws {ImportError} for a template that is not a scenario-shaped mapping, or an SRLG it lacks. */
export function buildScenario(parts: ScenarioParts): BuiltScenario {
  const template = readTemplate(parts.template.text, parts.template.source);
  const { network, sites, corridors, defaults } = parts;
  const doc = new Document();
  const root = new YAMLMap();
  doc.contents = root;
  doc.commentBefore = parts.header.map((line) => ` ${line}`.trimEnd()).join('\n');
  const flow = (value: unknown): Node => {
    const node = doc.createNode(value) as Node;
    if (isMap(node) || isSeq(node)) node.flow = true;
    return node;
  };

  root.add(doc.createPair('name', parts.name));
  for (const key of FROM_TEMPLATE) {
    const pair = templatePair(template, key);
    if (pair) root.add(pair);
  }

  const siteSet = new Set(sites.map((site) => site.place));
  const siteItems = new YAMLSeq();
  for (const site of sites) {
    const place = network.places[site.place]!;
    const item = flow({ id: place.id, gpus: site.gpus });
    item.commentBefore = ` ${place.label}: latitude ${place.lat}, longitude ${place.lon}`;
    siteItems.items.push(item);
  }
  root.add(new Pair(doc.createNode('sites'), siteItems));
  const junctions = network.places.filter((_, i) => !siteSet.has(i)).map((place) => place.id);
  if (junctions.length > 0) {
    const pair = new Pair(doc.createNode('junctions'), flow(junctions));
    (pair.key as Node).commentBefore = ' Every other place on the map: PoPs and huts where routes meet.';
    root.add(pair);
  }

  const corridorIds = corridors.map((_, k) => `corridor-${k + 1}`);
  const templateSrlgs = templateSrlgNodes(template);
  const namedSrlgs = new Set(network.routes.flatMap((route) => route.properties.srlgs ?? []));
  for (const name of namedSrlgs) {
    if (!templateSrlgs.has(name)) {
      const route = network.routes.find((r) => r.properties.srlgs?.includes(name));
      throw new ImportError(
        `route "${route?.id}" lists SRLG "${name}", which ${parts.template.source} does not define under srlgs ` +
          '(SRLGs named on the map come from the template; shared corridors are found from geometry)',
      );
    }
  }

  const routeItems = new YAMLSeq();
  network.routes.forEach((route, r) => {
    const p = route.properties;
    const srlgs = [
      ...(p.srlgs ?? []),
      ...corridors.flatMap((corridor, k) => (corridor.members.includes(r) ? [corridorIds[k] as string] : [])),
    ];
    const item = flow({
      id: route.id,
      between: route.between.map((i) => network.places[i]?.id),
      length_km: route.lengthKm,
      ...(p.fiber ?? defaults.fiber) !== 'smf' ? { fiber: p.fiber ?? defaults.fiber } : {},
      deployment: p.deployment ?? defaults.deployment,
      capacity_tbps: p.capacity_tbps ?? defaults.capacityTbps,
      ...(srlgs.length > 0 ? { srlgs } : {}),
      ...(p.regions && p.regions.length > 0 ? { regions: p.regions } : {}),
    });
    item.commentBefore = ` ${route.note}`;
    routeItems.items.push(item);
  });
  root.add(new Pair(doc.createNode('routes'), routeItems));

  const srlgItems = new YAMLSeq();
  for (const name of namedSrlgs) srlgItems.items.push(templateSrlgs.get(name) as Node);
  corridors.forEach((corridor, k) => {
    const members = corridor.members.map((r) => network.routes[r]!);
    const shared = members
      .map((route) => new Set(route.properties.regions ?? []))
      .reduce((all, regions) => new Set([...all].filter((region) => regions.has(region))));
    const item = flow({
      id: corridorIds[k],
      length_km: Math.round(corridor.lengthKm * 1000) / 1000,
      deployment: defaults.deployment,
      ...(shared.size > 0 ? { regions: [...shared] } : {}),
    });
    item.commentBefore = ` shared by ${members.map((route) => route.id).join(', ')}`;
    srlgItems.items.push(item);
  });
  if (srlgItems.items.length > 0) {
    const pair = new Pair(doc.createNode('srlgs'), srlgItems);
    if (corridors.length > 0) {
      (pair.key as Node).commentBefore =
        ' Shared corridors found from the geometry: stretches where route lines run within the corridor\n' +
        ' distance of each other (conduit sharing, as Durairajan et al., "InterTubes", SIGCOMM 2015, found\n' +
        " across US long-haul fiber). A cut there takes down every member; each member's own length\n" +
        ' excludes it.';
    }
    root.add(pair);
  }

  const hazards = templatePair(template, 'hazards');
  if (hazards) root.add(hazards);
  const droppedRegional = keepRegionalInUse(template, network, root);

  const job = templatePair(template, 'job');
  if (!job || !isMap(job.value)) throw new ImportError(`${parts.template.source}: has no job mapping to copy`);
  job.value.set('sites', flow(sites.map((site) => network.places[site.place]?.id)));
  root.add(job);
  const schemes = templatePair(template, 'schemes');
  if (schemes) root.add(schemes);

  return { yaml: doc.toString({ lineWidth: 0, flowCollectionPadding: false }), corridorIds, droppedRegional };
}

function readTemplate(text: string, source: string): YAMLMap {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ImportError(`${source}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
  }
  if (!isMap(doc.contents)) throw new ImportError(`${source}: a template must be a scenario file (a mapping with hazards, job, schemes)`);
  return doc.contents;
}

function templatePair(template: YAMLMap, key: string): Pair | undefined {
  return template.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair | undefined;
}

function templateSrlgNodes(template: YAMLMap): Map<string, Node> {
  const srlgs = templatePair(template, 'srlgs')?.value;
  const byId = new Map<string, Node>();
  if (isSeq(srlgs)) {
    for (const item of srlgs.items) {
      if (isMap(item)) {
        const id = item.get('id');
        if (typeof id === 'string') byId.set(id, item as Node);
      }
    }
  }
  return byId;
}

/**
 * The template's regional events whose region some imported route or SRLG lists (the
 * scenario refuses an event that can hit nothing); returns the ids left out.
 */
function keepRegionalInUse(
  template: YAMLMap,
  network: ImportedNetwork,
  root: YAMLMap,
): string[] {
  const pair = templatePair(template, 'regional');
  if (!pair || !isSeq(pair.value)) return [];
  // Corridor SRLGs carry only regions that all their members list, so routes suffice.
  const regions = new Set(network.routes.flatMap((route) => route.properties.regions ?? []));
  const dropped: string[] = [];
  pair.value.items = pair.value.items.filter((item) => {
    const region = isMap(item) ? item.get('region') : undefined;
    const keep = typeof region === 'string' && regions.has(region);
    if (!keep) dropped.push(String((isMap(item) ? item.get('id') : undefined) ?? region));
    return keep;
  });
  if (pair.value.items.length > 0) root.add(pair);
  return dropped;
}
