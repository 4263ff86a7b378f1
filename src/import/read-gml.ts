/**
 * GML (Graph Modelling Language, Himsolt 1997) text → {@link MapGraph}: the other
 * format of the Internet Topology Zoo. A GML file is a list of `key value` pairs where a
 * value is a number, a "string" or a `[ … ]` list of pairs; `graph [ node [ id 0 label
 * "x" Latitude 40.7 Longitude -74.0 ] edge [ source 0 target 1 ] ]`. Nesting is bounded
 * so a hostile file cannot exhaust the stack.
 */
import { ImportError } from './import-error.js';
import type { MapEdge, MapGraph, MapNode } from './map-graph.js';
import { coordinate } from './read-graphml.js';

/** Deeper than any graph file needs (graph → node → graphics → …). */
const MAX_DEPTH = 32;

type GmlValue = string | number | GmlList;
interface GmlPair {
  readonly key: string;
  readonly value: GmlValue;
  readonly line: number;
}
type GmlList = GmlPair[];

// Sticky: matched at the reader's position without copying the rest of the text.
const KEY = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** @throws {ImportError} naming `source`, the line and what was expected. */
export function readGml(text: string, source: string): MapGraph {
  const top = new GmlTokens(text, source).document();
  const graph = top.find((pair) => pair.key === 'graph')?.value;
  if (!Array.isArray(graph)) throw new ImportError(`${source}: no "graph [ … ]" list: is this a GML file?`);

  const nodes: MapNode[] = [];
  const edges: MapEdge[] = [];
  for (const pair of graph) {
    if (pair.key !== 'node' && pair.key !== 'edge') continue;
    if (!Array.isArray(pair.value)) throw new ImportError(`${source}: line ${pair.line}: ${pair.key} must be a [ … ] list`);
    const field = (key: string): string | undefined => {
      const found = (pair.value as GmlList).find((entry) => entry.key === key)?.value;
      return typeof found === 'string' || typeof found === 'number' ? String(found) : undefined;
    };
    const at = `${source}: line ${pair.line}: ${pair.key}`;
    if (pair.key === 'node') {
      const key = field('id');
      if (key === undefined) throw new ImportError(`${at} has no id`);
      const lat = coordinate(field('Latitude'), -90, 90, `${at} ${key}: Latitude`);
      const lon = coordinate(field('Longitude'), -180, 180, `${at} ${key}: Longitude`);
      if ((lat === undefined) !== (lon === undefined)) {
        throw new ImportError(`${at} ${key}: has ${lat === undefined ? 'Longitude' : 'Latitude'} but not the other`);
      }
      const label = field('label')?.trim() || key;
      const hyperedge = field('hyperedge')?.trim() === '1' ? ({ hyperedge: true } as const) : {};
      nodes.push(lat === undefined || lon === undefined ? { key, label, ...hyperedge } : { key, label, lat, lon, ...hyperedge });
    } else {
      const source_ = field('source');
      const target = field('target');
      if (source_ === undefined || target === undefined) throw new ImportError(`${at} needs both a source and a target`);
      edges.push({ source: source_, target });
    }
  }
  const label = graph.find((pair) => pair.key === 'Network' || pair.key === 'label')?.value;
  const creator = graph.find((pair) => pair.key === 'Creator')?.value;
  return {
    ...(typeof label === 'string' ? { name: label } : {}),
    topologyZoo: typeof creator === 'string' && /topology zoo/i.test(creator),
    nodes,
    edges,
  };
}

/** A recursive-descent reader over the text, one token at a time. */
class GmlTokens {
  private at = 0;
  private line = 1;

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {}

  document(): GmlList {
    const pairs = this.list(0);
    this.skipSpace();
    if (this.at < this.text.length) this.fail(`unexpected "${this.text[this.at]}"`);
    return pairs;
  }

  private list(depth: number): GmlList {
    if (depth > MAX_DEPTH) this.fail(`lists nested deeper than ${MAX_DEPTH}`);
    const pairs: GmlList = [];
    for (;;) {
      this.skipSpace();
      const char = this.text[this.at];
      if (char === undefined || char === ']') return pairs;
      const key = this.match(KEY);
      if (key === undefined) this.fail(`expected a key, got "${char}"`);
      this.at += key.length;
      const line = this.line;
      pairs.push({ key, value: this.value(depth, key), line });
    }
  }

  private value(depth: number, key: string): GmlValue {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === '[') {
      this.at += 1;
      const inner = this.list(depth + 1);
      if (this.text[this.at] !== ']') this.fail(`the list of "${key}" is not closed with "]"`);
      this.at += 1;
      return inner;
    }
    if (char === '"') {
      const end = this.text.indexOf('"', this.at + 1);
      if (end < 0) this.fail(`the string of "${key}" is not closed`);
      const raw = this.text.slice(this.at + 1, end);
      this.line += raw.split('\n').length - 1;
      this.at = end + 1;
      return raw.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '');
    }
    const number = this.match(NUMBER);
    if (number === undefined) this.fail(`"${key}" needs a number, a "string" or a [ list ]`);
    this.at += number.length;
    return Number(number);
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.at;
    return pattern.exec(this.text)?.[0];
  }

  private skipSpace(): void {
    for (;;) {
      const char = this.text[this.at];
      if (char === '\n') this.line += 1;
      if (char === ' ' || char === '\t' || char === '\r' || char === '\n') this.at += 1;
      else if (char === '#') {
        const end = this.text.indexOf('\n', this.at);
        this.at = end < 0 ? this.text.length : end;
      } else return;
    }
  }

  private fail(message: string): never {
    throw new ImportError(`${this.source}: line ${this.line}: ${message}`);
  }
}
