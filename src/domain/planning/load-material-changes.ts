import type { Sql } from "../../db/database";
import { forecastDemandsOf } from "../forecasting/forecast-demand";
import type { MaterialChange, MrpScheduledReceipt } from "../mrp";
import { planningMaterials, scheduledReceiptsSql, usableStockSql } from "./load-planning-input";
import { demandsOf } from "./planning.store";

/**
 * What MRP plans from for some materials of a warehouse, as `loadPlanningInput` reads it for all of them: usable
 * on hand and reserved, independent demand (MPS lines, sales orders, the forecast) and scheduled receipts — one
 * MaterialChange per material, for net-change planning; for those of `masterIds` (their master data changed),
 * also their master data as a run plans with it. The statements go out together over the pool (READ COMMITTED
 * each, as in a transaction): the re-plan waits for the slowest, not for their sum.
 */
export async function loadMaterialChanges(sql: Sql, warehouseId: number, startDate: Date, materialIds: readonly number[], masterIds: readonly number[] = []): Promise<MaterialChange[]> {
  const [stock, mps, forecast, receipts, masters] = await Promise.all([
    sql.query<{ materialId: number; onHand: string; reserved: string }>(
      `SELECT material_id AS "materialId", on_hand::text AS "onHand", reserved::text AS reserved FROM (${usableStockSql("$1")}) s WHERE material_id = ANY($2::int[])`,
      [warehouseId, materialIds],
    ),
    demandsOf(sql, warehouseId, materialIds),
    forecastDemandsOf(sql, warehouseId, startDate, materialIds),
    sql.query<MrpScheduledReceipt>(`SELECT * FROM (${scheduledReceiptsSql("$1")}) r WHERE r."materialId" = ANY($2::int[])`, [warehouseId, materialIds]),
    masterIds.length ? planningMaterials(sql, warehouseId, masterIds) : [],
  ]);
  const master = new Map(masters.map((m) => [m.id, m]));
  const held = new Map(stock.map((s) => [s.materialId, s]));
  const demands = [...mps, ...forecast];
  return materialIds.map((materialId) => ({
    materialId,
    onHand: held.get(materialId)?.onHand ?? "0",
    reserved: held.get(materialId)?.reserved ?? "0",
    demands: demands.filter((d) => d.materialId === materialId),
    scheduledReceipts: receipts.filter((r) => r.materialId === materialId),
    material: master.get(materialId),
  }));
}
