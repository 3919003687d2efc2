import type { Sql } from "../../db/database";
import { locationJoin, warehouseJoin } from "../sites/sites.store";
import { workOrderWarehouseJoin } from "../work-orders/work-order.store";

/** Reads of stock for the graph: balances and lots (batched by the loaders). */

/** `warehouseCode`: the warehouse of the work order that made the lot; null for a lot bought in (of no warehouse) */
export interface LotRow { id: number; materialId: number; code: string; expiresAt: Date | null; qcStatus: string; workOrderId: number | null; warehouseCode: string | null; createdAt: Date }
export interface BalanceRow {
  id: number;
  materialId: number;
  locationId: number;
  warehouseId: number;
  warehouseCode: string;
  lotId: number | null;
  onHand: string;
  reserved: string;
  available: string;
  inTransit: string;
  updatedAt: Date;
}

/** The SQL of each field of BalanceRow (aliases: b stock_balance, l location, w warehouse). */
const BALANCE_COLUMN: Record<keyof BalanceRow, string> = {
  id: "b.id",
  materialId: "b.material_id",
  locationId: "b.location_id",
  warehouseId: "l.warehouse_id",
  warehouseCode: "w.code",
  lotId: "b.lot_id",
  onHand: "b.on_hand",
  reserved: "b.reserved",
  available: "b.on_hand - b.reserved",
  inTransit: "b.in_transit",
  updatedAt: "b.updated_at",
};
export const balanceColumn = (field: keyof BalanceRow) => BALANCE_COLUMN[field];
const selectItem = (field: keyof BalanceRow) => `${BALANCE_COLUMN[field]} AS "${field}"`;
const BALANCE_COLUMNS = (Object.keys(BALANCE_COLUMN) as (keyof BalanceRow)[]).map(selectItem).join(", ");
const BALANCE_FROM = `stock_balance b ${locationJoin("l", "b.location_id")} ${warehouseJoin("w", "l.warehouse_id")}`;
/** Balances a material's list shows: the non-empty ones */
const NOT_EMPTY = "(b.on_hand <> 0 OR b.reserved <> 0 OR b.in_transit <> 0)";

/** The order of a material's balances, as every read lists them: by warehouse, then location code. */
export const BALANCE_ORDER = "l.warehouse_id, l.code, b.lot_id NULLS FIRST";

/** `FROM … WHERE …` of the balances listed for the materials the subquery `materialIds` selects (aliases b, l, w). */
export const balancesOfMaterialsWhere = (materialIds: string) => `FROM ${BALANCE_FROM} WHERE b.material_id IN (${materialIds}) AND ${NOT_EMPTY}`;

const LOT_COLUMNS = `lot.id, lot.material_id AS "materialId", lot.code, lot.expires_at AS "expiresAt", lot.qc_status AS "qcStatus",
  lot.work_order_id AS "workOrderId", w.code AS "warehouseCode", lot.created_at AS "createdAt"`;
const LOTS = `lot ${workOrderWarehouseJoin("lot.work_order_id", "w")}`;

export const lotsByIds = (sql: Sql, ids: readonly number[]) =>
  sql.query<LotRow>(`SELECT ${LOT_COLUMNS} FROM ${LOTS} WHERE lot.id = ANY($1::int[])`, [ids]);

export const lotsByMaterialIds = (sql: Sql, ids: readonly number[]) =>
  sql.query<LotRow>(`SELECT ${LOT_COLUMNS} FROM ${LOTS} WHERE lot.material_id = ANY($1::int[]) ORDER BY lot.expires_at NULLS LAST, lot.id`, [ids]);

const BALANCES_OF_MATERIALS = (select: string) => `SELECT ${select} FROM ${BALANCE_FROM} WHERE b.material_id = ANY($1::int[]) AND ${NOT_EMPTY} ORDER BY ${BALANCE_ORDER}`;

/** Non-empty balances of many materials (DataLoader batch), by warehouse then location code. */
export const balancesByMaterialIds = (sql: Sql, ids: readonly number[]) => sql.query<BalanceRow>(BALANCES_OF_MATERIALS(BALANCE_COLUMNS), [ids]);

/** The same balances with only the given columns (look-ahead reads). */
export const balanceColumnsByMaterialIds = <K extends keyof BalanceRow>(sql: Sql, ids: readonly number[], columns: readonly K[]) =>
  sql.query<Pick<BalanceRow, K>>(BALANCES_OF_MATERIALS(columns.map(selectItem).join(", ")), [ids]);

export const balancesByLocationIds = (sql: Sql, ids: readonly number[]) =>
  sql.query<BalanceRow>(
    `SELECT ${BALANCE_COLUMNS} FROM ${BALANCE_FROM}
      WHERE b.location_id = ANY($1::int[]) AND ${NOT_EMPTY}
      ORDER BY b.material_id, b.lot_id NULLS FIRST`,
    [ids],
  );
