import type { Tx } from "../../db/transaction";
import type { PlanningBucket, TransferLane, WarehouseInput } from "../mrp";
import { transitDaysTo } from "../shortages";
import { loadPlanningInput } from "./load-planning-input";

/** The calendar warehouses planned together share. */
export interface GroupParameters {
  startDate: Date;
  bucket: PlanningBucket;
  horizonBuckets: number;
}

/**
 * What a multi-warehouse plan is made from (planWarehouses): every warehouse's input and the transit lanes
 * between them, from one snapshot (the caller's transaction, made REPEATABLE READ here: call it first). A full
 * run of the group and net change's re-plan of it read the same. `demands`: each warehouse's independent demand
 * lines (a run's counts).
 */
export async function loadWarehousesInput(tx: Tx, warehouseIds: readonly number[], parameters: GroupParameters) {
  await tx.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`);
  const ids = new Set(warehouseIds);
  const warehouses: WarehouseInput[] = [];
  const lanes: TransferLane[] = [];
  const demands = new Map<number, number>();
  for (const warehouseId of warehouseIds) {
    const data = await loadPlanningInput(tx, warehouseId, parameters.startDate);
    warehouses.push({ warehouseId, input: { ...data, parameters: { ...parameters } } });
    demands.set(warehouseId, data.demands.length);
    for (const [from, transitDays] of await transitDaysTo(tx, warehouseId)) if (ids.has(from)) lanes.push({ fromWarehouseId: from, toWarehouseId: warehouseId, transitDays });
  }
  return { warehouses, lanes, demands };
}
