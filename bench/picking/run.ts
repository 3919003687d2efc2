/**
 * bench/picking (`npm run bench:picking`): how far a picker walks. Random warehouses — aisles of racks,
 * locations coded `A<aisle>-<slot>` on a grid — and random pick lists of some of their locations; each
 * list walked in the hub's order (nearest neighbour + 2-opt from the origin, src/domain/picking/walk-order.ts)
 * and in location code order (the naive order, aisle by aisle, each from its front), straight-line
 * distances from the origin. Prints the mean path lengths, the ratio, and the time per list.
 *
 *   npm run bench:picking [-- --warehouses=20 --lists=50 --aisles=12 --slots=40 --stops=25]
 */
import { benchFlags, environment, figure, runBench } from "../harness";
import { nearestNeighbour, ORIGIN, pathLength, stopOrder, type Point } from "../../src/domain/picking/walk-order";

const options = () => benchFlags({ warehouses: 20, lists: 50, aisles: 12, slots: 40, stops: 25 });

let seed = 20261202;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

interface Bin { id: number; code: string; x: number; y: number; pickSequence: null }

/** A warehouse: aisles about 3 m apart, slots about 1 m apart along each aisle (a little jitter). */
function warehouse(o: ReturnType<typeof options>): Bin[] {
  const bins: Bin[] = [];
  for (let a = 1; a <= o.aisles; a++) {
    const x = a * 3 + random();
    for (let s = 1; s <= o.slots; s++) {
      bins.push({ id: bins.length, code: `A${String(a).padStart(2, "0")}-${String(s).padStart(3, "0")}`, x, y: s + random() * 0.2, pickSequence: null });
    }
  }
  return bins;
}

function sample<T>(items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return out;
}

async function main() {
  const o = options();
  let naive = 0;
  let greedy = 0;
  let hub = 0;
  let ms = 0;
  let lists = 0;
  for (let w = 0; w < o.warehouses; w++) {
    const bins = warehouse(o);
    for (let l = 0; l < o.lists; l++) {
      const stops = sample(bins, Math.min(o.stops, bins.length));
      const points: Point[] = stops.map((s) => ({ x: s.x, y: s.y }));
      const byCode = [...stops.keys()].sort((a, b) => stops[a].code.localeCompare(stops[b].code));
      naive += pathLength(points, byCode, ORIGIN);
      greedy += pathLength(points, nearestNeighbour(points, ORIGIN), ORIGIN);
      const started = performance.now();
      const route = stopOrder(stops);
      ms += performance.now() - started;
      hub += route.pathLength!;
      lists++;
    }
  }
  const mean = (total: number) => (total / lists).toFixed(1).padStart(8);
  process.stdout.write(`${environment()}\n${o.warehouses} warehouses of ${o.aisles} aisles × ${o.slots} slots; ${lists} pick lists of ${o.stops} stops\n`);
  process.stdout.write(`code order (naive)        mean path ${mean(naive)}\n`);
  process.stdout.write(`nearest neighbour only    mean path ${mean(greedy)}\n`);
  process.stdout.write(`nearest neighbour + 2-opt mean path ${mean(hub)}   ${(ms / lists).toFixed(2)} ms per list\n`);
  process.stdout.write(`ratio hub/naive ${(hub / naive).toFixed(3)}   hub/nearest neighbour ${(hub / greedy).toFixed(3)}\n`);
  figure("picking", "pick path, hub's walking order / code order (length)", hub / naive, "ratio");
}

runBench(main);
