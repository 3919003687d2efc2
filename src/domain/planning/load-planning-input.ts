import type { Tx } from "../../db/transaction";
import { planningBomLines } from "../bom/bom.queries";
import { forecastDemands } from "../forecasting/forecast-demand";
import { computedSafetyStocks } from "../inventory-policy/inventory-policy.store";
import { planningMaterialsSql } from "../materials/material.queries";
import type { MrpMaterial, MrpScheduledReceipt } from "../mrp";
import { openPurchaseReceiptsSql } from "../purchasing/purchase-order.queries";
import { inboundTransferReceiptsSql } from "../stock/stock.queries";
import { BALANCES_WITH_LOTS, USABLE_STOCK } from "../stock";
import { preferredSupplierTerms, termsWithSupplier } from "../suppliers";
import { openWorkOrderReceiptsSql } from "../work-orders/work-order.queries";
import { demandsOf } from "./planning.store";

/**
 * Reads what MRP plans from, for one warehouse, in five statements (each area's part of them built by its
 * store): materials with their unit's precision and usable stock (see stock/usable-stock.store.ts), BOM lines valid at
 * the start date, independent demand (MPS lines and the forecast, see forecasting/forecast-demand.ts), and scheduled receipts (open purchase orders, transfers on their way
 * in, open work orders). A bought material with a preferred supplier is planned with that supplier's lead
 * time and order rules (see `termsWithSupplier`), and its suggestions carry the supplier. A material with a
 * safety stock computed for the warehouse (src/domain/inventory-policy) is planned to that one. Archived materials
 * are not planned: their BOMs, demand and scheduled receipts are left out.
 */
export async function loadPlanningInput(tx: Tx, warehouseId: number, startDate: Date) {
  // one after the other: a transaction is one connection, which runs one statement at a time anyway
  const materials = await planningMaterials(tx, warehouseId);
  const bomLines = await planningBomLines(tx, startDate);
  // MPS lines and sales orders, then the forecast (sales orders consume it in MRP's bucket: mrp/forecast-consumption.ts)
  const demands = [...(await demandsOf(tx, warehouseId)), ...(await forecastDemands(tx, warehouseId, startDate))];
  const scheduledReceipts = await tx.query<MrpScheduledReceipt>(scheduledReceiptsSql("$1"), [warehouseId]);
  // an archived material is not planned: its open demand and receipts go with it (its BOM does: planningBomLines)
  const planned = new Set(materials.map((m) => m.id));
  return { materials, bomLines, demands: demands.filter((d) => planned.has(d.materialId)), scheduledReceipts: scheduledReceipts.filter((r) => planned.has(r.materialId)) };
}

/**
 * The materials as MRP plans them in the warehouse (all, or these ids): master data with usable stock, a
 * bought one with its preferred supplier's terms, a computed safety stock instead of the material's.
 */
export async function planningMaterials(tx: Tx, warehouseId: number, materialIds: readonly number[] | null = null): Promise<MrpMaterial[]> {
  const rows = await tx.query<MrpMaterial>(
    planningMaterialsSql({
      columns: `COALESCE(s.on_hand, 0)::text AS "onHand", COALESCE(s.reserved, 0)::text AS reserved`,
      joins: `LEFT JOIN (${usableStockSql("$1")}) s ON s.material_id = m.id`,
      where: `($2::int[] IS NULL OR m.id = ANY($2::int[]))`,
    }),
    [warehouseId, materialIds],
  );
  const terms = new Map((await preferredSupplierTerms(tx)).map((t) => [t.materialId, t]));
  const computed = await computedSafetyStocks(tx, warehouseId);
  return rows.map((row) => {
    const safetyStock = computed.get(row.id);
    const m = safetyStock === undefined ? row : { ...row, safetyStock };
    const supplier = m.type === "BUY" ? terms.get(m.id) : undefined;
    return supplier ? { ...termsWithSupplier(m, supplier), supplierCode: supplier.supplierCode } : m;
  });
}

/** Usable on hand and reserved per material (material_id, on_hand, reserved) in the warehouse bound to `param`. */
export const usableStockSql = (param: string) =>
  `SELECT b.material_id, sum(b.on_hand) AS on_hand, sum(b.reserved) AS reserved
     FROM ${BALANCES_WITH_LOTS}
    WHERE l.warehouse_id = ${param} AND ${USABLE_STOCK}
    GROUP BY b.material_id`;

/** Scheduled receipts ("materialId", quantity, "dueDate") into the warehouse bound to `param`: open purchase orders, transfers on their way, open work orders. */
export const scheduledReceiptsSql = (param: string) =>
  [openPurchaseReceiptsSql(param), inboundTransferReceiptsSql(param), openWorkOrderReceiptsSql(param)].join("\n     UNION ALL\n     ");
