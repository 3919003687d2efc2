/**
 * MRP compute benchmark (planMrp only: no database):
 *   npx tsc -p bench/mrp/tsconfig.json && node --expose-gc dist/bench-mrp/bench/mrp/compute.js [sizes…]
 *
 * For each plant size: one warm-up run, then the best of three, each from a collected heap (with
 * --expose-gc). Prints wall and CPU seconds (CPU includes V8's GC threads; on a busy machine wall time
 * varies much more), the phases as reported through onProgress, and the wall cost per material relative
 * to the first size. Two series: the issue's plant (2k MPS lines whatever the size, so pegging volume is
 * about constant and the cost per material falls), and one whose demand grows with the plant (one MPS
 * line per 5 materials) to show how the cost scales when everything does.
 *
 * Most of the "assemble" phase is young-generation GC of the result objects (every supply and peg
 * survives); `--max-semi-space-size=64` on the process that plans cuts it substantially.
 */
import { planMrp, type MrpInput, type MrpPhase } from "../../src/domain/mrp";
import { generatePlant } from "./generate";

const gc = (globalThis as { gc?: () => void }).gc;
const collect = gc ?? (() => undefined);

function run(input: MrpInput) {
  const marks = new Map<MrpPhase, bigint>();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { counts } = planMrp(input, { onProgress: (phase) => marks.has(phase) || marks.set(phase, process.hrtime.bigint()) });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const used = process.cpuUsage(cpu0);
  const between = (from: MrpPhase, to: MrpPhase) => Number(marks.get(to)! - marks.get(from)!) / 1e9;
  return {
    counts,
    wall,
    cpu: (used.user + used.system) / 1e6,
    validate: between("VALIDATING", "NETTING"),
    net: between("NETTING", "ASSEMBLING"),
    assemble: between("ASSEMBLING", "DONE"),
  };
}

function series(title: string, sizes: number[], mpsLines: (materials: number) => number): void {
  let baseline: number | undefined;
  const rows = sizes.map((n) => {
    const input = generatePlant({ materials: n, mpsLines: mpsLines(n) });
    run(input);
    const best = [1, 2, 3].map(() => (collect(), run(input))).sort((a, b) => a.wall - b.wall)[0];
    const perMaterial = (best.wall / n) * 1e6;
    baseline ??= perMaterial;
    const c = best.counts;
    return {
      materials: n,
      "MPS lines": input.demands.length,
      "BOM lines": input.bomLines.length,
      "compute s": best.wall.toFixed(3),
      "cpu s": best.cpu.toFixed(3),
      "validate+LLC s": best.validate.toFixed(3),
      "net+peg s": best.net.toFixed(3),
      "assemble s": best.assemble.toFixed(3),
      "µs/material": perMaterial.toFixed(1),
      "vs first": (perMaterial / baseline).toFixed(2),
      supplies: c.plannedOrders + c.purchaseSuggestions,
      pegs: c.pegs,
      exceptions: c.exceptions,
    };
  });
  console.log(title);
  console.table(rows);
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const plants = sizes.length ? sizes : [1_000, 10_000, 50_000];
series("Plant as in the issue: 5 levels, ~5 BOM lines per parent, 52 weekly buckets, 2k MPS lines", plants, () => 2000);
series("Demand growing with the plant: one MPS line per 5 materials", plants, (n) => Math.round(n / 5));
console.log(`node ${process.version}, ${gc ? "--expose-gc" : "no --expose-gc"}, heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
