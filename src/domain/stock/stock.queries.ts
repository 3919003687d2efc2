import { optionalNamedIn, optionalOrderIn, type Named, type Ref } from "../shared/ref";
import type { Sql } from "../../db/database";
import type { HashedEntry } from "./ledger-hash";
import { materialIdOfCode } from "../materials/material.store";
import { warehouseIdOfCode, warehouseIdsOfCodes, warehouseJoin } from "../sites/sites.store";
import { reservedPerComponent, workOrderIdOfNumber } from "../work-orders/work-order.store";
import { BALANCES_WITH_LOTS, USABLE_STOCK } from "./usable-stock.store";

/** A ledger entry as read: the fields its hash covers (time as a Date) and its own hash. */
export interface LedgerEntryRow extends Omit<HashedEntry, "postedAt" | "purchaseOrderId"> {
  postedAt: Date;
  hash: string | null;
}

const ENTRY_COLUMNS = `e.id::text AS id, e.posted_at AS "postedAt", e.type::text AS type, e.material_id AS "materialId",
  e.warehouse_id AS "warehouseId", e.location_id AS "locationId", e.lot_id AS "lotId", e.quantity::text AS quantity,
  e.in_transit_delta::text AS "inTransitDelta", e.reason_code AS "reasonCode", e.note, e.work_order_id AS "workOrderId",
  e.transfer_order_id AS "transferOrderId", e.count_session_id AS "countSessionId", e.posted_by AS "postedBy", e.prev_hash AS "prevHash", e.hash`;

export const entriesByIds = (sql: Sql, ids: readonly string[]) =>
  sql.query<LedgerEntryRow>(`SELECT ${ENTRY_COLUMNS} FROM stock_ledger_entry e WHERE e.id = ANY($1::bigint[])`, [ids]);

export interface LedgerFilter extends Named<"material">, Named<"warehouse">, Named<"workOrder", "Number"> {
  lotCode?: string | null;
  /** one location (its warehouse's scope still applies) */
  locationId?: number | null;
  type?: string | null;
  from?: Date | null;
  to?: Date | null;
  /** a warehouse-scoped caller sees only these */
  warehouseCodes?: readonly string[] | null;
}

/** A page of the ledger, newest first, after the entry `beforeId` (0 = from the newest), and the filtered total. */
export async function ledgerPage(sql: Sql, f: LedgerFilter, beforeId: number, limit: number) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace("?", `$${params.length}`));
  };
  /** a column equal to the id named, or to the id of the row with the code named (`idOfCode`: its owner's subquery) */
  const named = (column: string, idOfCode: (codeExpr: string) => string, ref: Ref | undefined) => {
    if (ref) add("id" in ref ? `${column} = ?` : `${column} = ${idOfCode("?")}`, "id" in ref ? ref.id : ref.code.toUpperCase());
  };
  named("e.material_id", materialIdOfCode, optionalNamedIn("Material", f, "material"));
  if (f.lotCode) add(`e.lot_id IN (SELECT id FROM lot WHERE code = ?)`, f.lotCode.trim());
  named("e.warehouse_id", warehouseIdOfCode, optionalNamedIn("Warehouse", f, "warehouse"));
  if (f.locationId) add(`e.location_id = ?`, f.locationId);
  if (f.warehouseCodes) add(`e.warehouse_id IN ${warehouseIdsOfCodes("?::text[]")}`, f.warehouseCodes);
  if (f.type) add(`e.type = ?::"MovementType"`, f.type);
  named("e.work_order_id", workOrderIdOfNumber, optionalOrderIn("WorkOrder", f, "workOrder"));
  if (f.from) add(`e.posted_at >= (?::timestamptz AT TIME ZONE 'UTC')`, f.from.toISOString());
  if (f.to) add(`e.posted_at < (?::timestamptz AT TIME ZONE 'UTC')`, f.to.toISOString());
  const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
  // the ledger only grows: counting it is left until a client asks for totalCount
  const total = async () => (await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM stock_ledger_entry e ${filter}`, params))[0].total;
  const pageFilter = beforeId > 0 ? `${filter ? `${filter} AND` : "WHERE"} e.id < $${params.length + 1}::bigint` : filter;
  const rows = await sql.query<LedgerEntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM stock_ledger_entry e ${pageFilter} ORDER BY e.id DESC LIMIT ${limit + 1}`,
    beforeId > 0 ? [...params, beforeId] : params,
  );
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}

export interface WarehouseAvailabilityRow {
  warehouseId: number;
  warehouseCode: string;
  onHand: string;
  reserved: string;
  /** on hand, not reserved, in usable stock (released, unexpired lots outside quarantine) */
  available: string;
  /** on hand that may not be used: quarantined, rejected or expired lots, quarantine locations */
  blocked: string;
  inTransit: string;
}

export const availabilityOf = (sql: Sql, materialId: number) =>
  sql.query<WarehouseAvailabilityRow>(
    `SELECT w.id AS "warehouseId", w.code AS "warehouseCode", sum(b.on_hand)::text AS "onHand", sum(b.reserved)::text AS reserved,
            sum(CASE WHEN usable THEN b.on_hand - b.reserved ELSE 0 END)::text AS available,
            sum(CASE WHEN usable THEN 0 ELSE b.on_hand - b.reserved END)::text AS blocked,
            sum(b.in_transit)::text AS "inTransit"
       FROM (SELECT b.*, l.warehouse_id, ${USABLE_STOCK} AS usable FROM ${BALANCES_WITH_LOTS} WHERE b.material_id = $1) b
       ${warehouseJoin("w", "b.warehouse_id")}
      GROUP BY w.id, w.code ORDER BY w.code`,
    [materialId],
  );

export interface IntegrityDifference { materialId: number; locationId: number; lotId: number | null; field: "ON_HAND" | "IN_TRANSIT" | "RESERVED"; expected: string; actual: string }

/**
 * Re-derives every balance from the ledger (on hand, in transit) and from open reservations (reserved),
 * and lists each difference against stock_balance.
 */
export async function stockIntegrity(sql: Sql): Promise<{ balancesChecked: number; differences: IntegrityDifference[] }> {
  const rows = await sql.query<{ materialId: number; locationId: number; lotKey: number; field: IntegrityDifference["field"]; expected: string; actual: string; checked: number }>(
    `WITH led AS (SELECT material_id, location_id, COALESCE(lot_id, 0) AS lot_key, sum(quantity) AS q, sum(in_transit_delta) AS t
                    FROM stock_ledger_entry GROUP BY 1, 2, 3),
          res AS (SELECT material_id, location_id, COALESCE(lot_id, 0) AS lot_key, sum(quantity - consumed) AS r
                    FROM reservation WHERE status = 'OPEN' GROUP BY 1, 2, 3),
          k AS (SELECT material_id, location_id, lot_key FROM led UNION SELECT material_id, location_id, lot_key FROM res
                UNION SELECT material_id, location_id, lot_key FROM stock_balance),
          cmp AS (SELECT k.material_id, k.location_id, k.lot_key, COALESCE(led.q, 0) AS lq, COALESCE(b.on_hand, 0) AS bq,
                         COALESCE(led.t, 0) AS lt, COALESCE(b.in_transit, 0) AS bt, COALESCE(res.r, 0) AS rr, COALESCE(b.reserved, 0) AS br
                    FROM k LEFT JOIN led USING (material_id, location_id, lot_key) LEFT JOIN res USING (material_id, location_id, lot_key)
                    LEFT JOIN stock_balance b USING (material_id, location_id, lot_key))
     SELECT c.material_id AS "materialId", c.location_id AS "locationId", c.lot_key AS "lotKey", d.field, d.expected::text AS expected,
            d.actual::text AS actual, (SELECT count(*)::int FROM cmp) AS checked
       FROM cmp c CROSS JOIN LATERAL (VALUES ('ON_HAND', c.lq, c.bq), ('IN_TRANSIT', c.lt, c.bt), ('RESERVED', c.rr, c.br)) AS d(field, expected, actual)
      WHERE d.expected <> d.actual
     UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, (SELECT count(*)::int FROM cmp)
      ORDER BY 1 NULLS LAST, 2, 3, 4`,
  );
  const differences = rows
    .filter((r) => r.field !== null)
    .map((r) => ({ materialId: r.materialId, locationId: r.locationId, lotId: r.lotKey || null, field: r.field, expected: r.expected, actual: r.actual }));
  return { balancesChecked: rows[rows.length - 1].checked, differences };
}

export interface WorkOrderReservationDifference { workOrderId: number; materialId: number; expected: string; actual: string }

/**
 * A work order's reserved quantity per component must equal what its open reservations still hold
 * (reserved less consumed): lists every component where they differ.
 */
export const workOrderReservationDifferences = (sql: Sql) =>
  sql.query<WorkOrderReservationDifference>(
    `WITH res AS (SELECT work_order_id, material_id, sum(quantity - consumed) AS r
                    FROM reservation WHERE status = 'OPEN' AND work_order_id IS NOT NULL GROUP BY 1, 2)
     SELECT COALESCE(w.work_order_id, res.work_order_id) AS "workOrderId", COALESCE(w.material_id, res.material_id) AS "materialId",
            COALESCE(res.r, 0)::text AS expected, COALESCE(w.reserved, 0)::text AS actual
       FROM ${reservedPerComponent("w")} FULL JOIN res ON res.work_order_id = w.work_order_id AND res.material_id = w.material_id
      WHERE COALESCE(res.r, 0) <> COALESCE(w.reserved, 0)
      ORDER BY 1, 2`,
  );

export interface TransferOrderRow {
  id: number; number: string; materialId: number; fromWarehouseId: number; toWarehouseId: number; status: string;
  quantity: string; shippedQuantity: string; receivedQuantity: string; createdAt: Date; createdBy: string;
}

export const transferOrdersByIds = (sql: Sql, ids: readonly number[]) =>
  sql.query<TransferOrderRow>(
    `SELECT id, number, material_id AS "materialId", from_warehouse_id AS "fromWarehouseId", to_warehouse_id AS "toWarehouseId",
            status::text AS status, quantity::text AS quantity, shipped_quantity::text AS "shippedQuantity",
            received_quantity::text AS "receivedQuantity", created_at AS "createdAt", created_by AS "createdBy"
       FROM transfer_order WHERE id = ANY($1::int[])`,
    [ids],
  );

export const transferOrderIdByNumber = async (sql: Sql, number: string) =>
  (await sql.query<{ id: number }>(`SELECT id FROM transfer_order WHERE number = $1`, [number.trim().toUpperCase()]))[0]?.id ?? null;

/** SQL of the transfers' quantities on their way into the warehouse bound to `param`, as scheduled receipts (MRP's load). */
export const inboundTransferReceiptsSql = (param: string) =>
  `SELECT material_id AS "materialId", (shipped_quantity - received_quantity)::text AS quantity, COALESCE(due_date, now()) AS "dueDate"
     FROM transfer_order WHERE to_warehouse_id = ${param} AND status IN ('IN_TRANSIT', 'PARTIALLY_RECEIVED') AND shipped_quantity > received_quantity`;
