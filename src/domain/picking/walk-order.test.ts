import fc from "fast-check";
import { nearestNeighbour, pathLength, stopOrder, twoOpt, walkingOrder, type Point } from "./walk-order";

const origin = { x: 0, y: 0 };

/** Whether two legs of the path properly cross (share no end). */
function crossings(points: readonly Point[], order: readonly number[], start: Point): number {
  const path = [start, ...order.map((i) => points[i])];
  const side = (a: Point, b: Point, c: Point) => Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
  let n = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    for (let j = i + 2; j + 1 < path.length; j++) {
      const [p, q, r, s] = [path[i], path[i + 1], path[j], path[j + 1]];
      if (side(p, q, r) * side(p, q, s) < 0 && side(r, s, p) * side(r, s, q) < 0) n++;
    }
  }
  return n;
}

describe("walking order", () => {
  it("2-opt removes a crossing: reversing the stretch that crosses", () => {
    // from the origin to (1,1) then back to (0,1) and across to (1,0): the first and last legs cross
    const square = [{ x: 0, y: 1 }, { x: 1, y: 1 }, { x: 1, y: 0 }];
    expect(crossings(square, [1, 0, 2], origin)).toBe(1);
    const better = twoOpt(square, [1, 0, 2], origin);
    expect(better).toEqual([0, 1, 2]);
    expect(pathLength(square, better, origin)).toBeCloseTo(3, 9);
    expect(crossings(square, better, origin)).toBe(0);
  });

  it("nearest neighbour alone crosses itself on this instance; 2-opt shortens it to the uncrossed path", () => {
    const points = [{ x: 2, y: 1 }, { x: 3, y: 6 }, { x: 6, y: 5 }, { x: 10, y: 1 }, { x: 4, y: 3 }];
    const greedy = nearestNeighbour(points, origin);
    expect(greedy).toEqual([0, 4, 2, 1, 3]);
    expect(crossings(points, greedy, origin)).toBeGreaterThan(0);
    const order = walkingOrder(points, origin);
    expect(order).toEqual([0, 4, 1, 2, 3]);
    expect(crossings(points, order, origin)).toBe(0);
    expect(pathLength(points, order, origin)).toBeCloseTo(17.0459, 4);
    expect(pathLength(points, greedy, origin)).toBeCloseTo(19.6575, 4);
  });

  it("visits stops on a line in line order, and handles none or one", () => {
    const line = [{ x: 5, y: 0 }, { x: 1, y: 0 }, { x: 3, y: 0 }];
    expect(walkingOrder(line, origin)).toEqual([1, 2, 0]);
    expect(walkingOrder([], origin)).toEqual([]);
    expect(walkingOrder([{ x: 4, y: 4 }], origin)).toEqual([0]);
  });

  it("on random warehouses: every stop once, never longer than nearest neighbour, no crossing legs", () => {
    const point = fc.record({ x: fc.integer({ min: 0, max: 50 }), y: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(fc.uniqueArray(point, { minLength: 2, maxLength: 25, selector: (p) => `${p.x},${p.y}` }), (points) => {
        const greedy = nearestNeighbour(points, origin);
        const order = walkingOrder(points, origin);
        expect([...order].sort((a, b) => a - b)).toEqual([...points.keys()]);
        expect(pathLength(points, order, origin)).toBeLessThanOrEqual(pathLength(points, greedy, origin) + 1e-9);
        expect(crossings(points, order, origin)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe("stopOrder", () => {
  it("walks the located stops first, then the others by pick sequence and code", () => {
    const stops = [
      { id: 1, code: "Z-9", x: null, y: null, pickSequence: null },
      { id: 2, code: "B-2", x: 4, y: 0, pickSequence: null },
      { id: 3, code: "Y-1", x: null, y: null, pickSequence: 5 },
      { id: 4, code: "A-1", x: 1, y: 0, pickSequence: 99 },
      { id: 5, code: "X-1", x: null, y: null, pickSequence: null },
    ];
    expect(stopOrder(stops)).toEqual({ ids: [4, 2, 3, 5, 1], pathLength: 4 });
    expect(stopOrder(stops.filter((s) => s.x === null)).pathLength).toBeNull();
  });
});
