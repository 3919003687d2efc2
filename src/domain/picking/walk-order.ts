/**
 * The order a picker walks the stops of a pick list: an open path from a start point through every stop,
 * built by nearest neighbour and improved by 2-opt (reverse a stretch of the path while that shortens it)
 * until no reversal helps. Straight-line distances; a 2-opt optimum has no crossing legs.
 */
export interface Point { x: number; y: number }

const EPSILON = 1e-9;
const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** Length of the path start → points[order[0]] → points[order[1]] → … */
export function pathLength(points: readonly Point[], order: readonly number[], start: Point): number {
  let length = 0;
  let at = start;
  for (const i of order) {
    length += dist(at, points[i]);
    at = points[i];
  }
  return length;
}

/** From the start, always to the nearest stop not yet visited (ties: the lower index). */
export function nearestNeighbour(points: readonly Point[], start: Point): number[] {
  const left = new Set(points.keys());
  const order: number[] = [];
  let at = start;
  while (left.size > 0) {
    let best = -1;
    let bestDistance = Infinity;
    for (const i of left) {
      const d = dist(at, points[i]);
      if (d < bestDistance - EPSILON) [best, bestDistance] = [i, d];
    }
    order.push(best);
    left.delete(best);
    at = points[best];
  }
  return order;
}

/**
 * 2-opt on an open path with a fixed start: reversing the stretch order[i..k] replaces the legs
 * (before i → i) and (k → after k) by (before i → k) and (i → after k); the last stop has no leg after it.
 */
export function twoOpt(points: readonly Point[], order: readonly number[], start: Point): number[] {
  const path = [...order];
  const at = (j: number) => (j < 0 ? start : points[path[j]]);
  for (let improved = true; improved; ) {
    improved = false;
    for (let i = 0; i < path.length - 1; i++) {
      for (let k = i + 1; k < path.length; k++) {
        const before = dist(at(i - 1), at(i)) + (k + 1 < path.length ? dist(at(k), at(k + 1)) : 0);
        const after = dist(at(i - 1), at(k)) + (k + 1 < path.length ? dist(at(i), at(k + 1)) : 0);
        if (after < before - EPSILON) {
          path.splice(i, k - i + 1, ...path.slice(i, k + 1).reverse());
          improved = true;
        }
      }
    }
  }
  return path;
}

/** The walking order of the points (indices) from `start`: nearest neighbour, then 2-opt. */
export const walkingOrder = (points: readonly Point[], start: Point): number[] => twoOpt(points, nearestNeighbour(points, start), start);

/** Where pick paths start: the warehouse's origin, in location coordinates. */
export const ORIGIN: Point = { x: 0, y: 0 };

export interface Stop { id: number; code: string; x: number | null; y: number | null; pickSequence: number | null }

/**
 * The order to visit locations: those with coordinates in walking order from the origin, then those
 * without, by pick sequence and code. `pathLength` covers the first part (null when no location has coordinates).
 */
export function stopOrder(stops: readonly Stop[]): { ids: number[]; pathLength: number | null } {
  const placed = stops.filter((s) => s.x !== null && s.y !== null);
  const points = placed.map((s) => ({ x: s.x!, y: s.y! }));
  const order = walkingOrder(points, ORIGIN);
  const rest = stops
    .filter((s) => s.x === null || s.y === null)
    .sort((a, b) => (a.pickSequence ?? Infinity) - (b.pickSequence ?? Infinity) || a.code.localeCompare(b.code));
  return { ids: [...order.map((i) => placed[i].id), ...rest.map((s) => s.id)], pathLength: placed.length ? pathLength(points, order, ORIGIN) : null };
}
