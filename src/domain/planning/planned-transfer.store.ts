import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { sqlVisible, type WarehouseScope } from "../../auth/warehouse-scope";
import { materialJoin } from "../materials/material.store";
import { warehouseCodeOf, warehouseJoin } from "../sites/sites.store";
import type { PlannedTransfer } from "../mrp";
import { storedPegs } from "./stored-pegs";
import { RUN_COLUMNS } from "./planning.store";
import type { MrpRunRow, StoredPeg } from "./planning.types";

/** The SQL on planned_transfer, and on mrp_run's groups of runs planned together (multi-warehouse runs). */

export interface PlannedTransferRow {
  id: number;
  /** the destination's run: the transfer is part of its plan */
  mrpRunId: number;
  sourceRunId: number;
  materialId: number;
  fromWarehouseId: number;
  toWarehouseId: number;
  quantity: string;
  shipDate: Date;
  dueDate: Date;
  transitDays: number;
  status: "SUGGESTED" | "RELEASED" | "CANCELLED";
  pegs: StoredPeg[];
  transferOrderId: number | null;
}

const COLUMNS = `t.id, t.mrp_run_id AS "mrpRunId", t.source_run_id AS "sourceRunId", t.material_id AS "materialId", t.from_warehouse_id AS "fromWarehouseId",
  t.to_warehouse_id AS "toWarehouseId", t.quantity::text AS quantity, t.ship_date AS "shipDate", t.due_date AS "dueDate", t.transit_days AS "transitDays",
  t.status, t.pegs, t.transfer_order_id AS "transferOrderId"`;

/** A run's planned transfers in columns; pegs as ONE JSON document of per-row arrays (as supplies, see persist-plan.ts). */
export interface TransferColumns {
  sourceRunIds: number[];
  materialIds: number[];
  fromWarehouseIds: number[];
  toWarehouseIds: number[];
  quantities: string[];
  shipDates: string[];
  dueDates: string[];
  transitDays: number[];
  pegs: string;
}

/** Inserts a run's planned transfers, one statement. */
export async function insertPlannedTransfers(tx: Tx, runId: number, c: TransferColumns): Promise<void> {
  await tx.query(
    `INSERT INTO planned_transfer (mrp_run_id, source_run_id, material_id, from_warehouse_id, to_warehouse_id, quantity, ship_date, due_date, transit_days, pegs)
     SELECT $1, u.s, u.m, u.f, u.t, u.q, u.sd::timestamp AT TIME ZONE 'UTC', u.d::timestamp AT TIME ZONE 'UTC', u.days, p.pegs
       FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::numeric[], $7::date[], $8::date[], $9::int[]) WITH ORDINALITY AS u(s, m, f, t, q, sd, d, days, i)
       JOIN jsonb_array_elements($10::jsonb) WITH ORDINALITY AS p(pegs, i) ON p.i = u.i`,
    [runId, c.sourceRunIds, c.materialIds, c.fromWarehouseIds, c.toWarehouseIds, c.quantities, c.shipDates, c.dueDates, c.transitDays, c.pegs],
  );
}

/** Planned transfers in columns; `runOf`: each warehouse's run in the group (a transfer names its source's). */
export function transferColumns(transfers: readonly PlannedTransfer[], runOf: ReadonlyMap<number, number>): TransferColumns {
  return {
    sourceRunIds: transfers.map((t) => runOf.get(t.fromWarehouseId)!),
    materialIds: transfers.map((t) => t.materialId),
    fromWarehouseIds: transfers.map((t) => t.fromWarehouseId),
    toWarehouseIds: transfers.map((t) => t.toWarehouseId),
    quantities: transfers.map((t) => t.quantity),
    shipDates: transfers.map((t) => t.shipDate),
    dueDates: transfers.map((t) => t.dueDate),
    transitDays: transfers.map((t) => t.transitDays),
    pegs: JSON.stringify(transfers.map((t) => storedPegs(t.pegs))),
  };
}

/** A stored planned transfer as net change compares it with a new plan's (days as YYYY-MM-DD, the quantity as stored). */
export interface StoredTransfer {
  materialId: number;
  fromWarehouseId: number;
  toWarehouseId: number;
  quantity: string;
  shipDate: string;
  dueDate: string;
  transitDays: number;
  pegs: StoredPeg[];
}

/** The runs' planned transfers (suggested or released), for net change's comparison. */
export const storedTransfersOf = (sql: Sql, runIds: readonly number[]) =>
  sql.query<StoredTransfer>(
    `SELECT material_id AS "materialId", from_warehouse_id AS "fromWarehouseId", to_warehouse_id AS "toWarehouseId", quantity::text AS quantity,
            to_char(ship_date, 'YYYY-MM-DD') AS "shipDate", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", transit_days AS "transitDays", pegs
       FROM planned_transfer WHERE mrp_run_id = ANY($1::int[]) AND status <> 'CANCELLED'`,
    [runIds],
  );

/** Removes the runs' suggested (not released) planned transfers of these materials. */
export async function deleteSuggestedTransfers(tx: Tx, runIds: readonly number[], materialIds: readonly number[]): Promise<void> {
  await tx.query(`DELETE FROM planned_transfer WHERE mrp_run_id = ANY($1::int[]) AND material_id = ANY($2::int[]) AND status = 'SUGGESTED'`, [runIds, materialIds]);
}

/** The current runs of a group, by id (the order its run named the warehouses in). */
export const currentGroupRuns = (sql: Sql, groupId: number) =>
  sql.query<{ id: number; warehouseId: number }>(`SELECT id, warehouse_id AS "warehouseId" FROM mrp_run WHERE group_id = $1 AND is_current ORDER BY id`, [groupId]);

/** The runs are planned together: each carries the group's id (its first run's). */
export async function setRunGroup(tx: Tx, runIds: readonly number[], groupId: number): Promise<void> {
  await tx.query(`UPDATE mrp_run SET group_id = $2 WHERE id = ANY($1::int[])`, [runIds, groupId]);
}

/** The runs of a group in the warehouses of `scope`, by id. */
export const groupRuns = (sql: Sql, groupId: number, scope: WarehouseScope) =>
  sql.query<MrpRunRow>(`SELECT ${RUN_COLUMNS} FROM mrp_run WHERE group_id = $1 AND ${sqlVisible(warehouseCodeOf("mrp_run.warehouse_id"), "$2")} ORDER BY id`, [groupId, scope]);

/** Which planned transfers a listing shows: the current plans' into or out of a warehouse, or a run's (into or out of its warehouse). */
export type TransferFilter = ({ warehouseId: number } | { runId: number }) & { materialId?: number };

/** A page of planned transfers by id, both ends in the warehouses of `scope`. */
export async function transfersPage(sql: Sql, f: TransferFilter, scope: WarehouseScope, afterId: number, limit: number) {
  const which = "runId" in f ? `(t.mrp_run_id = $1 OR t.source_run_id = $1)` : `r.is_current AND (t.to_warehouse_id = $1 OR t.from_warehouse_id = $1)`;
  const where = `${which} AND ($2::int IS NULL OR t.material_id = $2)
      AND ${sqlVisible(warehouseCodeOf("t.from_warehouse_id"), "$3")} AND ${sqlVisible(warehouseCodeOf("t.to_warehouse_id"), "$3")}`;
  const params = ["runId" in f ? f.runId : f.warehouseId, f.materialId ?? null, scope];
  const rows = await sql.query<PlannedTransferRow>(
    `SELECT ${COLUMNS} FROM planned_transfer t JOIN mrp_run r ON r.id = t.mrp_run_id WHERE ${where} AND t.id > $4 ORDER BY t.id LIMIT $5`,
    [...params, afterId, limit + 1],
  );
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM planned_transfer t JOIN mrp_run r ON r.id = t.mrp_run_id WHERE ${where}`, params);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}

/** A planned transfer as a release claims it. */
export interface ClaimedTransfer {
  id: number;
  status: string;
  isCurrent: boolean;
  materialId: number;
  materialCode: string;
  fromWarehouseId: number;
  fromCode: string;
  toWarehouseId: number;
  toCode: string;
  quantity: string;
  dueDate: Date;
  transferOrderId: number | null;
}

/** The planned transfer with its run's currency, locked until the transaction ends; undefined when there is none. */
export async function lockPlannedTransfer(tx: Tx, id: number): Promise<ClaimedTransfer | undefined> {
  const [row] = await tx.query<ClaimedTransfer>(
    `SELECT t.id, t.status, r.is_current AS "isCurrent", t.material_id AS "materialId", m.code AS "materialCode", t.from_warehouse_id AS "fromWarehouseId",
            f.code AS "fromCode", t.to_warehouse_id AS "toWarehouseId", d.code AS "toCode", t.quantity::text AS quantity, t.due_date AS "dueDate",
            t.transfer_order_id AS "transferOrderId"
       FROM planned_transfer t JOIN mrp_run r ON r.id = t.mrp_run_id ${materialJoin("m", "t.material_id")}
            ${warehouseJoin("f", "t.from_warehouse_id")} ${warehouseJoin("d", "t.to_warehouse_id")}
      WHERE t.id = $1 FOR UPDATE OF t`,
    [id],
  );
  return row;
}

export async function markTransferReleased(tx: Tx, id: number, transferOrderId: number): Promise<void> {
  await tx.query(`UPDATE planned_transfer SET status = 'RELEASED', transfer_order_id = $2 WHERE id = $1`, [id, transferOrderId]);
}
