import type { Tx } from "../../db/transaction";
import type { MrpBomLine, MrpDemand, MrpMaterial, MrpScheduledReceipt } from "../mrp";
import { BALANCES_WITH_LOTS, USABLE_STOCK } from "../stock";
import { preferredSupplierTerms, termsWithSupplier } from "../suppliers";

/**
 * Reads what MRP plans from, for one warehouse, in four statements: materials with their unit's precision
 * and usable stock (see stock/usable-stock.store.ts), BOM lines valid at the start date, independent
 * demand, and scheduled receipts (open purchase orders, transfers on their way in, open work orders).
 * A bought material with a preferred supplier is planned with that supplier's lead time and order rules
 * (see `termsWithSupplier`), and its suggestions carry the supplier.
 */
export async function loadPlanningInput(tx: Tx, warehouseId: number, startDate: Date) {
  // one after the other: a transaction is one connection, which runs one statement at a time anyway
  const rows = await tx.query<MrpMaterial>(
    `SELECT m.id, m.code, m.type, m.lead_time_days AS "leadTimeDays", m.lot_sizing AS "lotSizing",
            m.lot_size_fixed::text AS "lotSizeFixed", m.lot_size_min::text AS "lotSizeMin",
            m.lot_size_multiple::text AS "lotSizeMultiple", m.lot_size_max::text AS "lotSizeMax",
            m.periods_of_supply AS "periodsOfSupply", m.safety_stock::text AS "safetyStock",
            COALESCE(s.on_hand, 0)::text AS "onHand", COALESCE(s.reserved, 0)::text AS reserved, u.precision
       FROM material m JOIN unit_of_measure u ON u.code = m.uom_code
       LEFT JOIN (
         SELECT b.material_id, sum(b.on_hand) AS on_hand, sum(b.reserved) AS reserved
           FROM ${BALANCES_WITH_LOTS}
          WHERE l.warehouse_id = $1 AND ${USABLE_STOCK}
          GROUP BY b.material_id) s ON s.material_id = m.id
      WHERE m.archived_at IS NULL`,
    [warehouseId],
  );
  const terms = new Map((await preferredSupplierTerms(tx)).map((t) => [t.materialId, t]));
  const materials = rows.map((m) => {
    const supplier = m.type === "BUY" ? terms.get(m.id) : undefined;
    return supplier ? { ...termsWithSupplier(m, supplier), supplierCode: supplier.supplierCode } : m;
  });
  const bomLines = await tx.query<MrpBomLine>(
    `SELECT b.material_id AS "parentId", l.component_id AS "componentId", l.quantity_per::text AS "quantityPer",
            b.base_quantity::text AS "baseQuantity",
            l.scrap_pct::text AS "scrapPct"
       FROM bom b JOIN bom_line l ON l.bom_id = b.id JOIN material p ON p.id = b.material_id
      WHERE p.archived_at IS NULL
        AND (l.valid_from IS NULL OR l.valid_from <= $1) AND (l.valid_to IS NULL OR l.valid_to > $1)`,
    [startDate],
  );
  const demands = await tx.query<MrpDemand>(
    `SELECT id, material_id AS "materialId", quantity::text AS quantity, due_date AS "dueDate", source::text AS source
       FROM mps_line WHERE warehouse_id = $1 ORDER BY due_date, id`,
    [warehouseId],
  );
  const scheduledReceipts = await tx.query<MrpScheduledReceipt>(
    `SELECT material_id AS "materialId", (quantity - received_quantity)::text AS quantity, due_date AS "dueDate"
       FROM purchase_order WHERE warehouse_id = $1 AND status IN ('OPEN', 'PARTIALLY_RECEIVED') AND quantity > received_quantity
     UNION ALL
     SELECT material_id, (shipped_quantity - received_quantity)::text, COALESCE(due_date, now())
       FROM transfer_order WHERE to_warehouse_id = $1 AND status IN ('IN_TRANSIT', 'PARTIALLY_RECEIVED') AND shipped_quantity > received_quantity
     UNION ALL
     SELECT material_id, (quantity - completed_quantity - scrapped_quantity)::text, COALESCE(due_date, now())
       FROM work_order WHERE warehouse_id = $1 AND status IN ('RELEASED', 'SHORT', 'IN_PROGRESS')
        AND quantity > completed_quantity + scrapped_quantity`,
    [warehouseId],
  );
  return { materials, bomLines, demands, scheduledReceipts };
}
