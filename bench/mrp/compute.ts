/**
 * MRP compute benchmark (planMrp only: no database):
 *   npx tsc -p bench/mrp/tsconfig.json && node --expose-gc dist/bench-mrp/bench/mrp/compute.js [sizes…]
 *
 * For each plant size: one warm-up run, then REPEAT (default 5) runs, each from a collected heap (with
 * --expose-gc), reporting the minimum of each figure. CPU seconds (user + system, GC threads included)
 * are the figures to compare on a shared machine, where wall time mostly measures waiting for a core.
 * Per run: planMrp (wall, CPU, and its phases from onProgress), then what reading the result costs —
 * streaming every supply and peg through plan.supplies(), and building the plannedOrders /
 * purchaseSuggestions arrays — and the CPU per material (µs/material: planMrp + arrays) relative to the
 * first size.
 * Two series: the plant (2k MPS lines whatever the size, so pegging volume is about constant and
 * the cost per material falls), and one whose demand grows with the plant (one MPS line per 5
 * materials) to show how the cost scales when everything does.
 *
 * Building the arrays costs about twice streaming: every supply, peg and quantity string is kept, so the
 * young-generation GC copies them all instead of discarding them.
 */
import { planMrp, type MrpInput, type MrpPhase } from "../../src/domain/mrp";
import { generatePlant } from "./generate";

const repeat = Number(process.env.REPEAT ?? 5);
const gc = (globalThis as { gc?: () => void }).gc;
const collect = gc ?? (() => undefined);

/** CPU seconds used by the process so far (user + system, all threads: GC helpers included). */
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function run(input: MrpInput) {
  const marks = new Map<MrpPhase, number>();
  const t0 = process.hrtime.bigint();
  const cpu0 = cpuNow();
  const plan = planMrp(input, { onProgress: (phase) => marks.has(phase) || marks.set(phase, cpuNow()) });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = cpuNow() - cpu0;
  const between = (from: MrpPhase, to: MrpPhase) => marks.get(to)! - marks.get(from)!;
  // What a writer pays to read every supply and peg: streamed (objects die young) or kept in the arrays.
  const stream0 = cpuNow();
  let chars = 0;
  for (const supply of plan.supplies()) for (const peg of supply.pegs) chars += peg.quantity.length;
  const stream = cpuNow() - stream0;
  const arrays0 = cpuNow();
  chars += plan.plannedOrders.length + plan.purchaseSuggestions.length;
  const arrays = cpuNow() - arrays0;
  return {
    counts: plan.counts,
    wall,
    cpu,
    validate: between("VALIDATING", "NETTING"),
    net: between("NETTING", "ASSEMBLING"),
    stream,
    arrays,
    chars,
  };
}

function series(title: string, sizes: number[], mpsLines: (materials: number) => number): void {
  let baseline: number | undefined;
  const rows = sizes.map((n) => {
    const input = generatePlant({ materials: n, mpsLines: mpsLines(n) });
    run(input);
    const runs = Array.from({ length: repeat }, () => (collect(), run(input)));
    // Each figure is its minimum over the runs: the least disturbed measurement of the same work.
    const min = (pick: (r: (typeof runs)[number]) => number) => Math.min(...runs.map(pick));
    const best = {
      counts: runs[0].counts,
      wall: min((r) => r.wall),
      cpu: min((r) => r.cpu),
      validate: min((r) => r.validate),
      net: min((r) => r.net),
      stream: min((r) => r.stream),
      arrays: min((r) => r.arrays),
    };
    const perMaterial = ((best.cpu + best.arrays) / n) * 1e6;
    baseline ??= perMaterial;
    const c = best.counts;
    return {
      materials: n,
      "MPS lines": input.demands.length,
      "BOM lines": input.bomLines.length,
      "planMrp wall s": best.wall.toFixed(3),
      "planMrp cpu s": best.cpu.toFixed(3),
      "cpu: validate+LLC": best.validate.toFixed(3),
      "net+peg+explode": best.net.toFixed(3),
      "stream supplies": best.stream.toFixed(3),
      "build arrays": best.arrays.toFixed(3),
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
