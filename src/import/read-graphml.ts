/**
 * GraphML text → {@link MapGraph}. Reads what network maps use (the Internet Topology
 * Zoo's files in particular): `<key>` declarations, one `<graph>` with `<node>`s and
 * `<edge>`s, and `<data>` values for a node's `label`, `Latitude` and `Longitude`.
 * Everything else (other attributes, ports, nested graphs) is ignored.
 *
 * XML goes through fast-xml-parser: pure JavaScript, no native code, widely used, and
 * its validator reports the line and column of a syntax error. Entity expansion keeps
 * its default bounds (at most 100 entities, 1000 expansions), so a "billion laughs"
 * file fails instead of exhausting memory.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ImportError } from './import-error.js';
import type { MapEdge, MapGraph, MapNode } from './map-graph.js';

type XmlElement = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Values stay strings: coordinates are parsed (and checked) here, ids are not numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  textNodeName: '#text',
  // Every element is a list, so one node and many nodes read the same way.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** @throws {ImportError} naming `source` and what is wrong with it. */
export function readGraphml(text: string, source: string): MapGraph {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new ImportError(`${source}: not well-formed XML at line ${line}, column ${col}: ${msg}`);
  }
  const root = first(parser.parse(text) as XmlElement, 'graphml');
  if (root === undefined) throw new ImportError(`${source}: no <graphml> element: is this a GraphML file?`);
  const graph = first(root, 'graph');
  if (graph === undefined) throw new ImportError(`${source}: no <graph> element in <graphml>`);

  const keyNames = new Map<string, string>();
  for (const key of children(root, 'key')) {
    const id = attribute(key, 'id');
    const name = attribute(key, 'attr.name');
    if (id !== undefined && name !== undefined) keyNames.set(id, name);
  }
  const dataOf = (element: XmlElement): Map<string, string> => {
    const values = new Map<string, string>();
    for (const data of children(element, 'data')) {
      const key = attribute(data, 'key');
      if (key !== undefined) values.set(keyNames.get(key) ?? key, text_(data));
    }
    return values;
  };

  const nodes: MapNode[] = children(graph, 'node').map((element, i) => {
    const key = attribute(element, 'id');
    if (key === undefined) throw new ImportError(`${source}: node ${i + 1} has no id attribute`);
    const data = dataOf(element);
    const at = `${source}: node "${key}"`;
    const lat = coordinate(data.get('Latitude'), -90, 90, `${at}: Latitude`);
    const lon = coordinate(data.get('Longitude'), -180, 180, `${at}: Longitude`);
    if ((lat === undefined) !== (lon === undefined)) {
      throw new ImportError(`${at}: has ${lat === undefined ? 'Longitude' : 'Latitude'} but not the other`);
    }
    const label = data.get('label')?.trim() || key;
    const hyperedge = data.get('hyperedge')?.trim() === '1' ? ({ hyperedge: true } as const) : {};
    return lat === undefined || lon === undefined ? { key, label, ...hyperedge } : { key, label, lat, lon, ...hyperedge };
  });

  const edges: MapEdge[] = children(graph, 'edge').map((element, i) => {
    const source_ = attribute(element, 'source');
    const target = attribute(element, 'target');
    if (source_ === undefined || target === undefined) {
      throw new ImportError(`${source}: edge ${i + 1} needs both a source and a target attribute`);
    }
    return { source: source_, target };
  });

  const graphData = dataOf(graph);
  const name = graphData.get('Network') ?? graphData.get('label');
  const creator = graphData.get('Creator') ?? '';
  return { ...(name ? { name } : {}), topologyZoo: /topology zoo/i.test(creator), nodes, edges };
}

/**
 * A coordinate in degrees, or undefined when absent.
 * @throws {ImportError} for a value that is not a number in [min, max].
 */
export function coordinate(value: string | undefined, min: number, max: number, what: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < min || number > max) {
    throw new ImportError(`${what}: must be a number of degrees in [${min}, ${max}], got "${value}"`);
  }
  return number;
}

function children(element: XmlElement, name: string): XmlElement[] {
  const value = element[name];
  // An element with neither attributes nor children parses to "": an empty element.
  return Array.isArray(value) ? (value as unknown[]).map((item) => (item === '' ? {} : item)).filter(isElement) : [];
}

function first(element: XmlElement, name: string): XmlElement | undefined {
  return children(element, name)[0];
}

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null;
}

function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** The text of an element: `<data>` values are text only. */
function text_(element: XmlElement): string {
  const value = element['#text'];
  if (Array.isArray(value)) return value.map(String).join('');
  return value === undefined ? '' : String(value);
}
