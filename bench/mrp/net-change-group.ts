/**
 * Net change of warehouses planned together (`npm run bench:net-change-group`): a scratch database holds the
 * bench's 5k-material plant (generate.ts) as W1 and a distribution center DC with twice its stock and half its MPS
 * lines, a lane DC → W1 of 3 days (as bench:mrp-warehouses, with a database). A run of the group is made current
 * (WarehousesRun, timed: the baseline), then the planner's grouped cycle (`replanGroup`, net-change-group.ts) is
 * timed in its parts: the first after the run (what the runs store read back and compared), one with nothing
 * changed, one after a receipt at DC of a transferred material, one after an issue at W1 of one. Each cycle reads
 * both warehouses' data afresh, plans the group and compares, whatever changed.
 *
 *   npm run bench:net-change-group [-- --materials=5000 --rounds=2]
 */
import { SYSTEM } from "../../src/auth/principal";
import { inTransaction, type Tx } from "../../src/db/transaction";
import type { PlanningBucket } from "../../src/domain/mrp";
import { replanGroup, type GroupReplanReport, type KeptGroup } from "../../src/domain/planning/net-change-group";
import { takesCopy } from "../../src/domain/planning/persist-plan";
import { WarehousesRun } from "../../src/domain/planning/warehouses-run";
import { createLogger } from "../../src/runtime/logger";
import { benchFlags, environment, figure, loadAverage, runBench } from "../harness";
import { generatePlant } from "./generate";
import { seed, withDatabase } from "./seed";

const DC_LOCATION = `(SELECT l.id FROM location l JOIN warehouse w ON w.id = l.warehouse_id WHERE w.code = 'DC')`;

async function main() {
  const { materials, rounds } = benchFlags({ materials: 5_000, rounds: 2 });
  const plant = generatePlant({ materials, mpsLines: materials / 5 });
  console.log(`${environment()}; 2 × ${materials} materials planned together, ${rounds} rounds`);
  const cycles = new Map<string, number[]>();
  const runs: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    await withDatabase(async (db) => {
      await seed(db, plant);
      const q = db.sql.query.bind(db.sql);
      await q(`INSERT INTO warehouse (code, name) VALUES ('DC', 'Bench DC')`);
      await q(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Stores' FROM warehouse WHERE code = 'DC'`);
      await q(`INSERT INTO stock_balance (material_id, location_id, on_hand, reserved) SELECT material_id, ${DC_LOCATION}, 2 * on_hand, reserved FROM stock_balance`);
      await q(`INSERT INTO mps_line (material_id, warehouse_id, quantity, due_date, created_by)
               SELECT material_id, (SELECT id FROM warehouse WHERE code = 'DC'), quantity, due_date, 'bench' FROM mps_line WHERE id % 2 = 0`);
      await q(`INSERT INTO transit_lane (from_warehouse_id, to_warehouse_id, transit_days, updated_by)
               SELECT d.id, p.id, 3, 'bench' FROM warehouse d, warehouse p WHERE d.code = 'DC' AND p.code = 'W1'`);
      const p = plant.parameters;
      const parameters = { startDate: new Date(String(p.startDate)), bucket: p.bucket as PlanningBucket, horizonBuckets: p.horizonBuckets };
      const run = new WarehousesRun(db, createLogger({ logLevel: "warn" }), async () => undefined, { staleMinutes: 60, keepRuns: 3, writeConnections: 2, progressEveryMs: 1_000 });
      let t0 = performance.now();
      const started = await run.start(["W1", "DC"], parameters, 1, SYSTEM);
      await started.work();
      const runMs = performance.now() - t0;
      runs.push(runMs);
      const [{ n: transfers }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM planned_transfer`);
      console.log(`  round ${round} (load ${loadAverage()}): group run ${runMs.toFixed(0)} ms, ${transfers} planned transfers`);
      const group: KeptGroup = { groupId: started.runs[0].id, runs: new Map(started.runs.map((r) => [r.warehouseId!, r.id])), parameters, stored: undefined };
      const transaction = <T>(fn: (tx: Tx) => Promise<T>) => inTransaction(db, fn);
      const moved = `(SELECT material_id FROM planned_transfer ORDER BY id LIMIT 1)`;
      const steps: [string, string | null][] = [
        ["first after the run", null],
        ["unchanged", null],
        ["receipt at DC", `UPDATE stock_balance SET on_hand = on_hand + 500 WHERE material_id = ${moved} AND location_id = ${DC_LOCATION}`],
        ["issue at W1", `UPDATE stock_balance SET on_hand = 0, reserved = 0 WHERE material_id = (SELECT material_id FROM planned_transfer ORDER BY id DESC LIMIT 1) AND location_id <> ${DC_LOCATION}`],
      ];
      for (const [name, change] of steps) {
        if (change) await q(change);
        t0 = performance.now();
        const r: GroupReplanReport = await replanGroup(db.sql, transaction, group, takesCopy(db));
        const ms = performance.now() - t0;
        cycles.set(name, [...(cycles.get(name) ?? []), ms]);
        console.log(`    ${name}: ${ms.toFixed(0)} ms (read ${r.readMs.toFixed(0)}, plan and compare ${r.planMs.toFixed(0)}, write ${r.writeMs.toFixed(0)}); ${r.written} written, ${r.rows} rows, ${r.exceptions} exceptions`);
      }
    });
  }
  const best = (xs: number[]) => Math.min(...xs);
  figure("net-change-group", "group run (baseline)", best(runs), "ms");
  for (const [name, ms] of cycles) figure("net-change-group", `grouped cycle, ${name}`, best(ms), "ms");
}

runBench(async () => main());
