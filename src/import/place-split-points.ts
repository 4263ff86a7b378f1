/**
 * Positions for Topology Zoo's hyperedge nodes. The Zoo draws a link that reaches three
 * or more PoPs (a cable that splits, or a shared ring segment) as a node of its own,
 * flagged `hyperedge`, labelled "None" and never located. Dropping it cuts every PoP it
 * joins off from the others (UsCarrier's Ashburn–Herndon–Leesburg cluster, several of
 * Cogentco's southern and European links); joining its neighbours pairwise would invent
 * separate cables where the map shows one that splits. So it stays, as a junction, at
 * the one position the map implies without saying: the centre of the PoPs it joins.
 *
 * The rule: each split point sits on the sphere above the mean of its neighbours' unit
 * vectors (its neighbours' centroid, projected back onto the Earth). Split points that
 * neighbour each other (Cogentco chains three between Houston, Jackson and Atlanta) are
 * solved together: the means form a linear system, solved by Gauss–Seidel, which
 * converges because every chain touches at least one located PoP. By the triangle
 * inequality a path through a split point is never shorter than the direct great circle
 * between the PoPs it joins.
 */

export interface SplitPointInput {
  /** Per node: its position in degrees, or undefined when the map gives none. */
  readonly positions: readonly ({ readonly lat: number; readonly lon: number } | undefined)[];
  /** Per node: may the importer place it (an unplaced hyperedge node)? */
  readonly placeable: readonly boolean[];
  /** Edges as node indices. */
  readonly edges: readonly (readonly [number, number])[];
}

export interface SplitPoints {
  /** Node index → the position given to it. */
  readonly placed: ReadonlyMap<number, { readonly lat: number; readonly lon: number }>;
  /** Placeable nodes left without a position: no located PoP is reachable through split points. */
  readonly unresolved: readonly number[];
}

const RADIANS = Math.PI / 180;
/** Far below a metre on the Earth's surface (unit vectors; 1e-12 ≈ 6 µm). */
const TOLERANCE = 1e-12;
const MAX_SWEEPS = 100_000;

export function placeSplitPoints(input: SplitPointInput): SplitPoints {
  const n = input.positions.length;
  const neighbours: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of input.edges) {
    if (a === b) continue;
    neighbours[a]!.add(b);
    neighbours[b]!.add(a);
  }
  const candidates = Array.from({ length: n }, (_, i) => i).filter((i) => input.placeable[i] && input.positions[i] === undefined);
  const isCandidate = new Uint8Array(n);
  for (const i of candidates) isCandidate[i] = 1;

  // A candidate can be placed when a located node is reachable through candidates only.
  const anchored = new Uint8Array(n);
  const queue = candidates.filter((i) => [...neighbours[i]!].some((j) => input.positions[j] !== undefined));
  for (const i of queue) anchored[i] = 1;
  for (let q = 0; q < queue.length; q++) {
    for (const j of neighbours[queue[q]!]!) {
      if (isCandidate[j] && !anchored[j]) {
        anchored[j] = 1;
        queue.push(j);
      }
    }
  }
  const solved = candidates.filter((i) => anchored[i]);

  // Unit vectors; candidates start at the origin and relax towards their neighbours' mean.
  const xyz = new Float64Array(3 * n);
  input.positions.forEach((position, i) => {
    if (position === undefined) return;
    const lat = position.lat * RADIANS;
    const lon = position.lon * RADIANS;
    xyz[3 * i] = Math.cos(lat) * Math.cos(lon);
    xyz[3 * i + 1] = Math.cos(lat) * Math.sin(lon);
    xyz[3 * i + 2] = Math.sin(lat);
  });
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let change = 0;
    for (const i of solved) {
      let x = 0;
      let y = 0;
      let z = 0;
      let count = 0;
      for (const j of neighbours[i]!) {
        if (input.positions[j] === undefined && !anchored[j]) continue;
        x += xyz[3 * j]!;
        y += xyz[3 * j + 1]!;
        z += xyz[3 * j + 2]!;
        count++;
      }
      x /= count;
      y /= count;
      z /= count;
      change = Math.max(change, Math.abs(x - xyz[3 * i]!), Math.abs(y - xyz[3 * i + 1]!), Math.abs(z - xyz[3 * i + 2]!));
      xyz[3 * i] = x;
      xyz[3 * i + 1] = y;
      xyz[3 * i + 2] = z;
    }
    if (change < TOLERANCE) break;
  }

  const placed = new Map<number, { lat: number; lon: number }>();
  const unresolved = candidates.filter((i) => !anchored[i]);
  for (const i of solved) {
    const x = xyz[3 * i]!;
    const y = xyz[3 * i + 1]!;
    const z = xyz[3 * i + 2]!;
    const norm = Math.hypot(x, y, z);
    // Neighbours on opposite sides of the Earth have no centre: leave the node unplaced.
    if (norm < 1e-9) {
      unresolved.push(i);
      continue;
    }
    placed.set(i, { lat: Math.asin(z / norm) / RADIANS, lon: Math.atan2(y, x) / RADIANS });
  }
  unresolved.sort((a, b) => a - b);
  return { placed, unresolved };
}
