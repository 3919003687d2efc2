/**
 * Multi-warehouse MRP compute (`npm run bench:mrp-warehouses`; pure planning, no database): two warehouses of
 * the same 5k-material plant planned together — the distribution center with twice the stock and half the
 * demand, a lane of 3 days to the plant, so that many of the plant's shortages become planned transfers —
 * against one 10k-material plant planned alone (`planMrp`), measured in the same run. The ratio is what
 * planning two warehouses together costs over planning the same number of materials in one: each warehouse is
 * planned alone, then the destination again after each BOM level that received transfers, then each once more
 * with its transfers.
 *
 *   npm run bench:mrp-warehouses [-- --rounds=3]
 */
import { planMrp, planWarehouses, type MrpInput } from "../../src/domain/mrp";
import { benchFlags, environment, figure, runBench } from "../harness";
import { generatePlant } from "./generate";

const cpu = <T>(fn: () => T): { value: T; seconds: number } => {
  const t0 = process.cpuUsage();
  const value = fn();
  const { user, system } = process.cpuUsage(t0);
  return { value, seconds: (user + system) / 1e6 };
};

/** The distribution center: the plant's materials with twice the stock and half the demand. */
const distributionCenter = (plant: MrpInput): MrpInput => ({
  ...plant,
  materials: plant.materials.map((m) => ({ ...m, onHand: String(2 * Number(m.onHand)) })),
  demands: plant.demands.filter((_, i) => i % 2 === 0),
});

async function main() {
  const { rounds } = benchFlags({ rounds: 3 });
  const single = generatePlant({ materials: 10_000 });
  const plant = generatePlant({ materials: 5_000, mpsLines: 1_000 });
  const warehouses = [{ warehouseId: 1, input: plant }, { warehouseId: 2, input: distributionCenter(plant) }];
  const lanes = [{ fromWarehouseId: 2, toWarehouseId: 1, transitDays: 3 }];
  console.log(`${environment()}; 2 × 5k materials (1k MPS lines each) planned together vs 10k materials (2k MPS lines) alone, CPU seconds, best of ${rounds}`);
  planMrp(single);
  planWarehouses(warehouses, lanes);
  let best = { alone: Infinity, together: Infinity, transfers: 0, buys: 0 };
  for (let round = 1; round <= rounds; round++) {
    const alone = cpu(() => planMrp(single));
    const together = cpu(() => planWarehouses(warehouses, lanes));
    const buys = together.value.plans.get(1)!.counts.purchaseSuggestions;
    console.log(`  round ${round}: 10k alone ${alone.seconds.toFixed(3)} s; 2 × 5k together ${together.seconds.toFixed(3)} s (${together.value.transfers.length} transfers, plant buys ${buys}, ${planMrp(plant).counts.purchaseSuggestions} alone)`);
    best = { alone: Math.min(best.alone, alone.seconds), together: Math.min(best.together, together.seconds), transfers: together.value.transfers.length, buys };
  }
  figure("mrp-warehouses", "2 × 5k warehouses planned together / one 10k run (CPU)", best.together / best.alone, "ratio");
}

runBench(async () => main());
