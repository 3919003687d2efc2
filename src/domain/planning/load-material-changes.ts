import type { Tx } from "../../db/transaction";
import { forecastDemandsOf } from "../forecasting/forecast-demand";
import type { MaterialChange, MrpScheduledReceipt } from "../mrp";
import { scheduledReceiptsSql, usableStockSql } from "./load-planning-input";
import { demandsOf } from "./planning.store";

/**
 * What MRP plans from for some materials of a warehouse, as `loadPlanningInput` reads it for all of them: usable
 * on hand and reserved, independent demand (MPS lines, sales orders, the forecast) and scheduled receipts — one
 * MaterialChange per material, for net-change planning.
 */
export async function loadMaterialChanges(tx: Tx, warehouseId: number, startDate: Date, materialIds: readonly number[]): Promise<MaterialChange[]> {
  const stock = await tx.query<{ materialId: number; onHand: string; reserved: string }>(
    `SELECT material_id AS "materialId", on_hand::text AS "onHand", reserved::text AS reserved FROM (${usableStockSql("$1")}) s WHERE material_id = ANY($2::int[])`,
    [warehouseId, materialIds],
  );
  const demands = [...(await demandsOf(tx, warehouseId, materialIds)), ...(await forecastDemandsOf(tx, warehouseId, startDate, materialIds))];
  const receipts = await tx.query<MrpScheduledReceipt>(`SELECT * FROM (${scheduledReceiptsSql("$1")}) r WHERE r."materialId" = ANY($2::int[])`, [warehouseId, materialIds]);
  const held = new Map(stock.map((s) => [s.materialId, s]));
  return materialIds.map((materialId) => ({
    materialId,
    onHand: held.get(materialId)?.onHand ?? "0",
    reserved: held.get(materialId)?.reserved ?? "0",
    demands: demands.filter((d) => d.materialId === materialId),
    scheduledReceipts: receipts.filter((r) => r.materialId === materialId),
  }));
}
