import type { Ref } from "../shared/ref";
import type { Sql } from "../../db/database";
import { materialIdOfCode } from "../materials/material.store";
import { pageOfOrders, type OrderFilter } from "../shared/order-page";
import { warehouseJoin } from "../sites/sites.store";

/** Reads of work orders for the graph: by id or number, pages, and their lines and operations (batched by the loaders). */

export interface WorkOrderRow {
  id: number;
  number: string;
  materialId: number;
  warehouseId: number;
  quantity: string;
  completedQuantity: string;
  scrappedQuantity: string;
  status: string;
  dueDate: Date | null;
  createdAt: Date;
  createdBy: string;
  warehouseCode: string;
}
export interface WorkOrderMaterialRow { workOrderId: number; materialId: number; operationSeq: number | null; required: string; reserved: string; issued: string; shortQuantity: string }
export interface OperationRow { workOrderId: number; sequence: number; name: string; workCenter: string | null; allowOverlap: boolean; setupMinutes: string; runMinutesPerUnit: string; plannedMinutes: string; status: string; goodQuantity: string; scrapQuantity: string; startedAt: Date | null; completedAt: Date | null; blockedByFailureId: number | null }

/** A WorkOrderRow's columns, from `o` (work_order, or a statement's rows of it) and its warehouse `w`. */
export const WORK_ORDER_COLUMNS = `o.id, o.number, o.material_id AS "materialId", o.warehouse_id AS "warehouseId", o.quantity::text AS quantity,
  o.completed_quantity::text AS "completedQuantity", o.scrapped_quantity::text AS "scrappedQuantity", o.status::text AS status,
  o.due_date AS "dueDate", o.created_at AS "createdAt", o.created_by AS "createdBy", w.code AS "warehouseCode"`;
const FROM = `work_order o ${warehouseJoin("w", "o.warehouse_id")}`;

export const workOrdersByIds = (sql: Sql, ids: readonly number[]) =>
  sql.query<WorkOrderRow>(`SELECT ${WORK_ORDER_COLUMNS} FROM ${FROM} WHERE o.id = ANY($1::int[])`, [ids], { prepared: true });

/** The work order named by id or number, or null. */
export const workOrderBy = async (sql: Sql, ref: Ref) =>
  (await sql.query<WorkOrderRow>(`SELECT ${WORK_ORDER_COLUMNS} FROM ${FROM} WHERE ${"id" in ref ? "o.id" : "o.number"} = $1`, ["id" in ref ? ref.id : ref.code.toUpperCase()]))[0] ?? null;

/** A page of work orders in id order, optionally of one status / warehouse / material. */
export const findWorkOrders = (sql: Sql, f: OrderFilter, afterId: number, limit: number) =>
  pageOfOrders<WorkOrderRow>(sql, { alias: "o", columns: WORK_ORDER_COLUMNS, from: FROM, materialIdOfCode }, f, afterId, limit);

/** Work orders still to be made (released, short or in progress): what loads work centers. */
export const openWorkOrders = (sql: Sql) =>
  sql.query<WorkOrderRow>(`SELECT ${WORK_ORDER_COLUMNS} FROM ${FROM} WHERE o.status IN ('RELEASED', 'SHORT', 'IN_PROGRESS') ORDER BY o.id`);

export const materialsOfWorkOrders = (sql: Sql, ids: readonly number[]) =>
  sql.query<WorkOrderMaterialRow>(
    `SELECT work_order_id AS "workOrderId", material_id AS "materialId", operation_seq AS "operationSeq", required::text AS required,
            reserved::text AS reserved, issued::text AS issued, short_quantity::text AS "shortQuantity"
       FROM work_order_material WHERE work_order_id = ANY($1::int[]) ORDER BY id`,
    [ids],
  );

export const operationsOfWorkOrders = (sql: Sql, ids: readonly number[]) =>
  sql.query<OperationRow>(
    `SELECT p.work_order_id AS "workOrderId", p.sequence, p.name, p.work_center AS "workCenter", p.allow_overlap AS "allowOverlap",
            p.setup_minutes::text AS "setupMinutes", p.run_minutes_per_unit::text AS "runMinutesPerUnit",
            (p.setup_minutes + p.run_minutes_per_unit * o.quantity)::text AS "plannedMinutes", p.status::text AS status,
            p.good_quantity::text AS "goodQuantity", p.scrap_quantity::text AS "scrapQuantity", p.started_at AS "startedAt", p.completed_at AS "completedAt",
            p.blocked_by_failure_id AS "blockedByFailureId"
       FROM work_order_operation p JOIN work_order o ON o.id = p.work_order_id WHERE p.work_order_id = ANY($1::int[]) ORDER BY p.sequence`,
    [ids],
  );


/** SQL of the open work orders' output still to come in the warehouse bound to `param`, as scheduled receipts (MRP's load). */
export const openWorkOrderReceiptsSql = (param: string) =>
  `SELECT material_id AS "materialId", (quantity - completed_quantity - scrapped_quantity)::text AS quantity, COALESCE(due_date, now()) AS "dueDate"
     FROM work_order WHERE warehouse_id = ${param} AND status IN ('RELEASED', 'SHORT', 'IN_PROGRESS') AND quantity > completed_quantity + scrapped_quantity`;

/** The work order a planned order was released as, if any. */
export const workOrderOfPlannedOrder = async (sql: Sql, plannedOrderId: number) =>
  (await sql.query<{ id: number; number: string }>(`SELECT id, number FROM work_order WHERE planned_order_id = $1`, [plannedOrderId]))[0];

/** Records which planned order the work order was released from. */
export async function linkPlannedOrder(sql: Sql, workOrderId: number, plannedOrderId: number): Promise<void> {
  await sql.query(`UPDATE work_order SET planned_order_id = $1 WHERE id = $2`, [plannedOrderId, workOrderId]);
}

export interface SubstitutionRow { workOrderId: number; componentId: number; substituteId: number; quantity: string; substituteQuantity: string; ratio: string; createdAt: Date; createdBy: string }

/** What the shortage policy substituted on these orders, oldest first. */
export const substitutionsOfWorkOrders = (sql: Sql, ids: readonly number[]) =>
  sql.query<SubstitutionRow>(
    `SELECT work_order_id AS "workOrderId", material_id AS "componentId", substitute_id AS "substituteId", quantity::text AS quantity,
            substitute_quantity::text AS "substituteQuantity", ratio::text AS ratio, created_at AS "createdAt", created_by AS "createdBy"
       FROM work_order_substitution WHERE work_order_id = ANY($1::int[]) ORDER BY id`,
    [ids],
  );

/** Completed (or closed) work orders among these, with their due day (UTC; schedule adherence KPI). */
export const completedWorkOrderDueDays = (sql: Sql, ids: readonly number[]) =>
  sql.query<{ id: number; materialId: number; warehouseId: number; dueDay: string | null }>(
    `SELECT id, material_id AS "materialId", warehouse_id AS "warehouseId", to_char(due_date, 'YYYY-MM-DD') AS "dueDay"
       FROM work_order WHERE id = ANY($1::int[]) AND status IN ('COMPLETED', 'CLOSED')`,
    [ids],
  );
