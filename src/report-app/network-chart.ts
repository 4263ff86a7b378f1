/**
 * The scenario at a glance: places and routes as a network drawing, the job's primary
 * paths solid and thick, backups dashed; then each route's cut rate and availability
 * (computed by the model when the report was built, not here).
 */
import * as Plot from '@observablehq/plot';
import { chartSection, fmt } from './dom.js';
import type { NetworkView } from './report-input.js';

interface Point {
  x: number;
  y: number;
}

/**
 * Where each place goes: longitude/latitude when every place has them (an
 * equirectangular map), else evenly round a circle in scenario order — deterministic,
 * and no route crosses the middle of a small ring.
 */
function layout(network: NetworkView): { at: Map<string, Point>; geographic: boolean } {
  const geographic = network.places.length > 0 && network.places.every((p) => p.lat !== null && p.lon !== null);
  const at = new Map<string, Point>();
  const n = network.places.length;
  network.places.forEach((p, i) => {
    if (geographic) at.set(p.id, { x: p.lon!, y: p.lat! });
    else at.set(p.id, { x: Math.cos((2 * Math.PI * i) / n - Math.PI / 2), y: -Math.sin((2 * Math.PI * i) / n - Math.PI / 2) });
  });
  return { at, geographic };
}

type Role = 'primary path' | 'backup path' | 'other route';

export function networkCharts(parent: HTMLElement, network: NetworkView): void {
  const { at, geographic } = layout(network);
  const primary = new Set(network.pairs.flatMap((p) => p.primary));
  const backup = new Set(network.pairs.flatMap((p) => p.backup ?? []));
  const role = (id: string): Role => (primary.has(id) ? 'primary path' : backup.has(id) ? 'backup path' : 'other route');
  // Parallel routes between the same two places bow apart so each stays visible.
  const span = Math.max(...[...at.values()].map((p) => Math.hypot(p.x, p.y)), 1e-9);
  const bundles = new Map<string, string[]>();
  for (const r of network.routes) {
    const key = [r.from, r.to].sort().join('\u0000');
    bundles.set(key, [...(bundles.get(key) ?? []), r.id]);
  }
  const lines: { route: string; role: Role; x: number; y: number }[] = [];
  const labels: { route: string; x: number; y: number }[] = [];
  for (const r of network.routes) {
    const a = at.get(r.from)!;
    const b = at.get(r.to)!;
    const bundle = bundles.get([r.from, r.to].sort().join('\u0000'))!;
    const k = bundle.indexOf(r.id) - (bundle.length - 1) / 2;
    const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const bow = 0.18 * k * (geographic ? length : span);
    const sign = r.from < r.to ? 1 : -1;
    const mid = { x: (a.x + b.x) / 2 + (sign * bow * -(b.y - a.y)) / length, y: (a.y + b.y) / 2 + (sign * bow * (b.x - a.x)) / length };
    for (const p of [a, mid, b]) lines.push({ route: r.id, role: role(r.id), ...p });
    labels.push({ route: r.id, ...mid });
  }
  const places = network.places.map((p) => ({ ...p, ...at.get(p.id)! }));
  const sites = network.places.filter((p) => p.kind === 'site').length;
  const pairsWithoutBackup = network.pairs.filter((p) => p.backup === null).length;
  const figure = chartSection(
    parent,
    'network',
    'The scenario at a glance',
    `${sites} sites and ${network.places.length - sites} junctions joined by ${network.routes.length} routes; each of the job's ${network.pairs.length} site pairs uses its least-latency primary (solid)` +
      (pairsWithoutBackup === 0 ? ', with a disjoint backup (dashed) for 1+1.' : `; ${pairsWithoutBackup} pair(s) have no disjoint backup.`) +
      (geographic ? ' Drawn at the places’ coordinates.' : ' The places have no coordinates: drawn round a circle.'),
  );
  figure.append(
    Plot.plot({
      width: 640,
      height: 420,
      inset: 60,
      x: { axis: null },
      y: { axis: null },
      aspectRatio: 1,
      color: { domain: ['primary path', 'backup path', 'other route'], range: ['#d62728', '#1f77b4', '#999'], legend: true },
      marks: [
        // One path per route; backups dashed (a dash pattern is per mark, not per datum).
        Plot.line(lines.filter((d) => d.role !== 'backup path'), {
          x: 'x',
          y: 'y',
          z: 'route',
          stroke: 'role',
          strokeWidth: (d: { role: Role }) => (d.role === 'primary path' ? 4 : 2),
          curve: 'natural',
          title: 'route',
          className: 'route',
        }),
        Plot.line(lines.filter((d) => d.role === 'backup path'), { x: 'x', y: 'y', z: 'route', stroke: 'role', strokeWidth: 2.5, strokeDasharray: '6,4', curve: 'natural', title: 'route', className: 'route' }),
        Plot.text(labels, { x: 'x', y: 'y', text: 'route', fontSize: 10, fill: '#333', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' }),
        Plot.dot(places, { x: 'x', y: 'y', r: (d: { kind: string }) => (d.kind === 'site' ? 12 : 5), fill: (d: { kind: string }) => (d.kind === 'site' ? '#444' : '#bbb'), symbol: (d: { kind: string }) => (d.kind === 'site' ? 'circle' : 'square') }),
        Plot.text(places, {
          x: 'x',
          y: 'y',
          text: (d: { id: string; gpus: number }) => (d.gpus > 0 ? `${d.id} (${d.gpus.toLocaleString('en-US')} GPUs)` : d.id),
          dy: -20,
          fontWeight: 'bold',
          fill: '#111',
        }),
      ],
    }),
  );

  const routes = network.routes.map((r) => ({ ...r, downHoursPerYear: (1 - r.availability) * 8760, role: role(r.id) }));
  const worst = [...routes].sort((a, b) => b.cutsPerYear - a.cutsPerYear)[0];
  const reliability = chartSection(
    parent,
    'route-reliability',
    'Cut rate and availability per route',
    worst
      ? `Cuts per year (own length, shared corridors and regional events) and the hours a year each route is down; ${worst.id} is cut most often (${fmt(worst.cutsPerYear)} a year, down ${fmt(worst.downHoursPerYear)} h a year, availability ${fmt(100 * worst.availability, 5)} %).`
      : 'No routes.',
  );
  const color = { domain: ['primary path', 'backup path', 'other route'], range: ['#d62728', '#1f77b4', '#999'] };
  reliability.append(
    Plot.plot({
      width: 640,
      marginLeft: 110,
      x: { label: 'cuts per year', grid: true },
      y: { label: null },
      color,
      marks: [Plot.barX(routes, { x: 'cutsPerYear', y: 'id', fill: 'role', title: (d: { id: string; mttrH: number }) => `${d.id}: mean repair ${fmt(d.mttrH)} h` }), Plot.ruleX([0])],
    }),
    Plot.plot({
      width: 640,
      marginLeft: 110,
      x: { label: 'hours down per year (1 − availability) × 8760 h', grid: true },
      y: { label: null },
      color,
      marks: [Plot.barX(routes, { x: 'downHoursPerYear', y: 'id', fill: 'role' }), Plot.ruleX([0])],
    }),
  );
}
