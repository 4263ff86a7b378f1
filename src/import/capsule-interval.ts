/**
 * Which part of a segment P→Q lies within distance d of a segment A–B, in a plane:
 * the segment's parameters t ∈ [0, 1] inside the "capsule" (A–B swept by a disk of
 * radius d). The capsule is the union of the disks at A and B and the band along A–B,
 * and it is convex, so its intersection with the line is one interval: the hull of the
 * three pieces' intervals. Exact up to rounding, no sampling.
 */

/** A t-interval [start, end] ⊂ [0, 1]; `start > end` means empty. */
export interface Interval {
  start: number;
  end: number;
}

/**
 * Writes the interval into `out` (no allocation: this runs for every pair of nearby
 * segments) and returns whether it is non-empty.
 */
export function capsuleInterval(
  px: number, py: number, qx: number, qy: number,
  ax: number, ay: number, bx: number, by: number,
  d: number,
  out: Interval,
): boolean {
  const ux = qx - px;
  const uy = qy - py;
  let start = Infinity;
  let end = -Infinity;

  // Disks: |P + t·u − C|² ≤ d², a quadratic in t.
  const uu = ux * ux + uy * uy;
  for (let k = 0; k < 2; k += 1) {
    const cx = k === 0 ? ax : bx;
    const cy = k === 0 ? ay : by;
    const wx = px - cx;
    const wy = py - cy;
    const c = wx * wx + wy * wy - d * d;
    if (uu === 0) {
      if (c <= 0) {
        start = 0;
        end = 1;
      }
      continue;
    }
    const b = ux * wx + uy * wy; // half of the linear coefficient
    const disc = b * b - uu * c;
    if (disc < 0) continue;
    const root = Math.sqrt(disc);
    start = Math.min(start, (-b - root) / uu);
    end = Math.max(end, (-b + root) / uu);
  }

  // Band: 0 ≤ along(t) ≤ |AB| and |across(t)| ≤ d, both linear in t.
  const vx = bx - ax;
  const vy = by - ay;
  const length = Math.hypot(vx, vy);
  if (length > 0) {
    const nx = vx / length;
    const ny = vy / length;
    const wx = px - ax;
    const wy = py - ay;
    let lo = -Infinity;
    let hi = Infinity;
    // along(t) = (w + t·u)·n ∈ [0, length]; across(t) = (w + t·u)×n ∈ [−d, d]
    const along0 = wx * nx + wy * ny;
    const alongRate = ux * nx + uy * ny;
    const across0 = wx * ny - wy * nx;
    const acrossRate = ux * ny - uy * nx;
    if (alongRate === 0) {
      if (along0 < 0 || along0 > length) lo = Infinity;
    } else {
      const t1 = -along0 / alongRate;
      const t2 = (length - along0) / alongRate;
      lo = Math.max(lo, Math.min(t1, t2));
      hi = Math.min(hi, Math.max(t1, t2));
    }
    if (acrossRate === 0) {
      if (Math.abs(across0) > d) lo = Infinity;
    } else {
      const t1 = (-d - across0) / acrossRate;
      const t2 = (d - across0) / acrossRate;
      lo = Math.max(lo, Math.min(t1, t2));
      hi = Math.min(hi, Math.max(t1, t2));
    }
    if (lo <= hi) {
      start = Math.min(start, lo);
      end = Math.max(end, hi);
    }
  }

  out.start = Math.max(0, start);
  out.end = Math.min(1, end);
  return out.start <= out.end;
}
