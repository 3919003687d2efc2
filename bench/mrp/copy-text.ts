/**
 * The CPU this process spends turning a plan's supplies into COPY text (persist-plan.ts's supplyWrites, through
 * planning.store.ts's copySupplyRow), without a database: the writes go to a connection that only counts the text. The plant is
 * bench/mrp's generated one. Prints each round's CPU and the median of the rounds after the first (JIT warm-up).
 * To compare two builds, run it in both, alternately (docs/benchmarks.md, "Persist, issue #18, fifth round").
 *
 *   node dist/bench/mrp/copy-text.js [--materials=10000] [--rounds=6]
 */
import { planMrp } from "../../src/domain/mrp";
import { supplyWrites } from "../../src/domain/planning/persist-plan";
import type { Tx } from "../../src/db/transaction";
import { benchFlags, environment, runBench } from "../harness";
import { generatePlant } from "./generate";

runBench(async () => {
  const { materials, rounds } = benchFlags({ materials: 10_000, rounds: 6 });
  process.stdout.write(`${environment()}\n`);
  const plan = planMrp({ ...generatePlant({ materials, mpsLines: 2000, horizonWeeks: 52 }), parameters: { startDate: "2025-01-06", bucket: "WEEK", horizonBuckets: 52 } });
  let bytes = 0;
  const counting = { copyFrom: async (_statement: string, rows: Buffer) => void (bytes += rows.length) } as unknown as Tx;
  const cpuMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    bytes = 0;
    const before = process.cpuUsage();
    for (const write of supplyWrites(plan.supplies(), { runId: 1, warehouseId: 1, copy: true })) await write(counting);
    const { user, system } = process.cpuUsage(before);
    cpuMs.push((user + system) / 1000);
  }
  const warm = cpuMs.slice(1).sort((a, b) => a - b);
  process.stdout.write(`${materials} materials, ${plan.counts.plannedOrders + plan.counts.purchaseSuggestions} supplies, ${bytes} bytes of COPY text a round\n`);
  process.stdout.write(`CPU ms by round ${cpuMs.map((ms) => ms.toFixed(0)).join(" ")}; median after the first ${(warm[Math.floor(warm.length / 2)] ?? NaN).toFixed(0)}\n`);
});
