import type { Tx } from "../../db/transaction";
import { linesValidNowSql, type OrderBomLine } from "../bom/bom.store";
import { materialJoin, movementMaterialSql, type MovementMaterialRow } from "../materials/material.store";
import { routingsSql, type RoutingOperationRow } from "../routings/routings.store";
import { warehouseJoin, warehouseSql, type WarehouseRow } from "../sites/sites.store";
import { unitJoin } from "../units/units.store";
import { insertEventsFrom } from "../../events/outbox";
import { reserveOnBalancesCtes } from "../stock/reservation.store";
import { WORK_ORDER_COLUMNS, type WorkOrderRow } from "./work-order.queries";

/** The SQL on work orders, their operations and component lines for the commands (reads for the graph: work-order.queries.ts). */

/*
 * For other areas' reads (the stock ledger's filter, lot genealogy, the integrity check): a work order's id,
 * its warehouse's code, its reserved quantities, in their statements.
 */

/** The id of the work order numbered `numberExpr`, as an SQL subquery. */
export const workOrderIdOfNumber = (numberExpr: string) => `(SELECT id FROM work_order WHERE number = ${numberExpr})`;

/** The number of the work order `idExpr`, as an SQL subquery (NULL when there is no such order). */
export const workOrderNumberOf = (idExpr: string) => `(SELECT number FROM work_order WHERE id = ${idExpr})`;

/** The code of the warehouse of the work order `idExpr`, as an SQL subquery (NULL when there is no such order). */
export const workOrderWarehouseCode = (idExpr: string) => `(SELECT w.code FROM work_order o ${warehouseJoin("w", "o.warehouse_id")} WHERE o.id = ${idExpr})`;

/** LEFT JOINs from a work order id to its warehouse, whose columns are then under `alias` (NULL without an order). */
export const workOrderWarehouseJoin = (idExpr: string, alias: string) =>
  `LEFT JOIN work_order ${alias}_wo ON ${alias}_wo.id = ${idExpr} ${warehouseJoin(alias, `${alias}_wo.warehouse_id`, "LEFT JOIN")}`;

/** Every component line's reserved quantity (work_order_id, material_id, reserved), as a derived table named `alias`. */
export const reservedPerComponent = (alias: string) => `(SELECT work_order_id, material_id, reserved FROM work_order_material) ${alias}`;

export interface LockedWorkOrder {
  id: number;
  number: string;
  materialId: number;
  materialCode: string;
  warehouseId: number;
  warehouseCode: string;
  quantity: string;
  status: string;
  /** when its components are needed: waiting orders are served in this order */
  dueDate: Date | null;
}

const LOCKED = `o.id, o.number, o.material_id AS "materialId", m.code AS "materialCode", o.warehouse_id AS "warehouseId",
  w.code AS "warehouseCode", o.quantity::text AS quantity, o.status::text AS status, o.due_date AS "dueDate"`;

/** Locks a work order row (by id or number, as stored: upper case) with its product's and warehouse's codes; null when missing. */
export async function lockWorkOrderRow(tx: Tx, by: { id: number } | { code: string }): Promise<LockedWorkOrder | null> {
  const [wo] = await tx.query<LockedWorkOrder>(
    `SELECT ${LOCKED} FROM work_order o ${materialJoin("m", "o.material_id")} ${warehouseJoin("w", "o.warehouse_id")}
      WHERE ${"id" in by ? "o.id" : "o.number"} = $1 FOR UPDATE OF o`,
    ["id" in by ? by.id : by.code],
  );
  return wo ?? null;
}

/** What a new order is made from, read in one statement: its product, its warehouse, the BOM lines valid now, the routing. */
export interface OrderSources {
  material: MovementMaterialRow | null;
  warehouse: Pick<WarehouseRow, "id" | "code" | "active"> | null;
  lines: OrderBomLine[];
  /** null unless asked for */
  routing: RoutingOperationRow[] | null;
}

/**
 * Reads what a new order is made from (the product and warehouse as named: by id, or by code as stored), in one
 * round trip instead of four; the lines (in position order) and the routing are the product's, empty when it is
 * not found.
 */
export async function orderSources(tx: Tx, material: { id: number } | { code: string }, warehouse: { id: number } | { code: string }, withRouting: boolean): Promise<OrderSources> {
  const [r] = await tx.query<OrderSources>(
    `WITH m AS (${"id" in material ? movementMaterialSql("id", "$1::int", "false") : movementMaterialSql("code", "$1::text", "false")}),
          w AS (${"id" in warehouse ? warehouseSql("id", "$2::int") : warehouseSql("code", "$2::text")})
     SELECT (SELECT to_json(m) FROM m) AS material, (SELECT json_build_object('id', id, 'code', code, 'active', active) FROM w) AS warehouse,
            (SELECT coalesce(json_agg(x ORDER BY x.position), '[]') FROM (${linesValidNowSql("(SELECT id FROM m)")}) x) AS lines,
            CASE WHEN $3::boolean THEN (SELECT coalesce(json_agg(x ORDER BY x.sequence), '[]') FROM (${routingsSql("ARRAY(SELECT id FROM m)")}) x) END AS routing`,
    ["id" in material ? material.id : material.code, "id" in warehouse ? warehouse.id : warehouse.code, withRouting],
    { prepared: true },
  );
  return r;
}

export interface NewWorkOrder { materialId: number; warehouseId: number; quantity: string; dueDate: Date | null; createdBy: string; status: "RELEASED" | "SHORT" }
export interface NewOperation { sequence: number; name: string; workCenter: string | null; allowOverlap: boolean; setupMinutes: string; runMinutesPerUnit: string }
export interface NewComponentLine { materialId: number; operationSeq: number; required: string; reserved: string; shortQuantity: string }

/** An order's state after a change, and its status before (null: just created), as `workOrder.changed` tells it. */
export interface WorkOrderChange {
  workOrderId: number; number: string; warehouseId: number; warehouseCode: string; materialCode: string; uom: string;
  from: string | null; to: string; quantity: string; completedQuantity: string; scrappedQuantity: string;
}

/** The columns of a WorkOrderChange from the updated row `o` and the row before `old` (all CTEs see the statement's snapshot). */
const CHANGE = `o.id AS "workOrderId", o.number, o.warehouse_id AS "warehouseId", w.code AS "warehouseCode", m.code AS "materialCode", m.uom_code AS uom,
  old.status::text AS "from", o.status::text AS "to", trim_scale(o.quantity)::text AS quantity,
  trim_scale(o.completed_quantity)::text AS "completedQuantity", trim_scale(o.scrapped_quantity)::text AS "scrappedQuantity"
  FROM o JOIN old ON true ${materialJoin("m", "o.material_id")} ${warehouseJoin("w", "o.warehouse_id")}`;

/** What an order reserves as it is inserted: balance rows (locked by the caller) and quantities, in its warehouse. */
export interface ReservedOnInsert { balanceIds: number[]; quantities: string[] }

/**
 * Inserts an order (numbered WO-nnnnnn) with its operations and component lines, its `workOrder.changed` event
 * (created) and the reservations of its components, in one statement: one round trip while the caller holds
 * the balance rows' locks. Returns the order's row as inserted.
 */
export async function insertWorkOrder(
  tx: Tx, o: NewWorkOrder, operations: readonly NewOperation[], lines: readonly NewComponentLine[], reserved: ReservedOnInsert = { balanceIds: [], quantities: [] },
): Promise<WorkOrderRow> {
  const [wo] = await tx.query<WorkOrderRow>(
    `WITH o AS (INSERT INTO work_order (id, number, material_id, warehouse_id, quantity, due_date, created_by, status)
                SELECT n, 'WO-' || lpad(n::text, 6, '0'), $1, $2, $3::numeric, $4::timestamptz AT TIME ZONE 'UTC', $5, $6::"WorkOrderStatus"
                  FROM nextval('work_order_id_seq') AS n RETURNING *),
          ops AS (INSERT INTO work_order_operation (work_order_id, sequence, name, work_center, allow_overlap, setup_minutes, run_minutes_per_unit)
                  SELECT o.id, s, n, c, ov, su, ru FROM o, unnest($7::int[], $8::text[], $9::text[], $15::boolean[], $16::numeric[], $17::numeric[]) AS u(s, n, c, ov, su, ru)),
          lines AS (INSERT INTO work_order_material (work_order_id, material_id, operation_seq, required, reserved, short_quantity)
                    SELECT o.id, m, s, q, r, sq FROM o, unnest($10::int[], $11::int[], $12::numeric[], $13::numeric[], $14::numeric[]) AS u(m, s, q, r, sq)),
          old AS (SELECT NULL::text AS status),
          created AS (${insertEventsFrom("workOrder.changed", `SELECT to_jsonb(c) AS payload FROM (SELECT ${CHANGE}) c`)}),
          ${reserveOnBalancesCtes("(SELECT id FROM o)", "$2::int", "$18", "$19")}
     SELECT ${WORK_ORDER_COLUMNS} FROM o ${warehouseJoin("w", "o.warehouse_id")}`,
    [
      o.materialId, o.warehouseId, o.quantity, o.dueDate?.toISOString() ?? null, o.createdBy, o.status,
      operations.map((p) => p.sequence), operations.map((p) => p.name), operations.map((p) => p.workCenter),
      lines.map((l) => l.materialId), lines.map((l) => l.operationSeq), lines.map((l) => l.required), lines.map((l) => l.reserved), lines.map((l) => l.shortQuantity),
      operations.map((p) => p.allowOverlap), operations.map((p) => p.setupMinutes), operations.map((p) => p.runMinutesPerUnit),
      reserved.balanceIds, reserved.quantities,
    ],
    { prepared: true },
  );
  return wo;
}

export async function setStatus(tx: Tx, id: number, status: string): Promise<WorkOrderChange> {
  const [change] = await tx.query<WorkOrderChange>(
    `WITH old AS (SELECT status FROM work_order WHERE id = $1),
          o AS (UPDATE work_order SET status = $2::"WorkOrderStatus", updated_at = now() WHERE id = $1 RETURNING *)
     SELECT ${CHANGE}`,
    [id, status],
  );
  return change;
}

/** Books what completing an operation made: scrap always, good only when it was the last one (`good` "0" otherwise). */
export async function addCompleted(tx: Tx, id: number, status: string, scrap: string, good: string): Promise<WorkOrderChange> {
  const [change] = await tx.query<WorkOrderChange>(
    `WITH old AS (SELECT status FROM work_order WHERE id = $1),
          o AS (UPDATE work_order SET status = $2::"WorkOrderStatus", scrapped_quantity = scrapped_quantity + $3::numeric,
                       completed_quantity = completed_quantity + $4::numeric, updated_at = now() WHERE id = $1 RETURNING *)
     SELECT ${CHANGE}`,
    [id, status, scrap, good],
  );
  return change;
}

export interface ComponentLine { required: string; reserved: string; issued: string; shortQuantity: string }

/** What one component of an order requires, holds reserved, was issued and is short; null when it is not a component. */
export async function componentLine(tx: Tx, workOrderId: number, materialId: number): Promise<ComponentLine | null> {
  const [line] = await tx.query<ComponentLine>(
    `SELECT required::text AS required, reserved::text AS reserved, issued::text AS issued, short_quantity::text AS "shortQuantity"
       FROM work_order_material WHERE work_order_id = $1 AND material_id = $2`,
    [workOrderId, materialId],
  );
  return line ?? null;
}

/**
 * `quantity` of a component is no longer reserved, and short (positive: a short pick, its lot became unusable), or
 * reserved again and no longer short (negative).
 */
export async function shiftToShort(tx: Tx, workOrderId: number, materialId: number, quantity: string): Promise<void> {
  await tx.query(
    `UPDATE work_order_material SET reserved = reserved - $3::numeric, short_quantity = GREATEST(short_quantity + $3::numeric, 0)
      WHERE work_order_id = $1 AND material_id = $2`,
    [workOrderId, materialId, quantity],
  );
}

/** A component taken out of stock: `issued` more, of which `fromReserved` came off what the line held reserved. */
export async function addIssued(tx: Tx, workOrderId: number, materialId: number, issued: string, fromReserved: string): Promise<void> {
  await tx.query(
    `UPDATE work_order_material SET issued = issued + $3::numeric, reserved = reserved - $4::numeric WHERE work_order_id = $1 AND material_id = $2`,
    [workOrderId, materialId, issued, fromReserved],
  );
}

/** What each component still needs reserved (required − reserved − issued), in line order. */
export function openNeeds(tx: Tx, workOrderId: number): Promise<{ materialId: number; code: string; open: string; hasSafetyStock: boolean }[]> {
  return tx.query(
    `SELECT x.material_id AS "materialId", m.code, (x.required - x.reserved - x.issued)::text AS open, m.safety_stock > 0 AS "hasSafetyStock"
       FROM work_order_material x ${materialJoin("m", "x.material_id")} WHERE x.work_order_id = $1 ORDER BY x.id`,
    [workOrderId],
  );
}

/** Sets each line's short quantity: the given ones, zero for the others. */
export async function setShortQuantities(tx: Tx, workOrderId: number, shorts: readonly { materialId: number; short: string }[]): Promise<void> {
  await tx.query(
    `UPDATE work_order_material x SET short_quantity = COALESCE(d.q, 0)
       FROM work_order_material y LEFT JOIN unnest($2::int[], $3::numeric[]) AS d(material_id, q) ON d.material_id = y.material_id
      WHERE x.id = y.id AND x.work_order_id = $1`,
    [workOrderId, shorts.map((s) => s.materialId), shorts.map((s) => s.short)],
  );
}

/** Every line holds reserved what it still needs; nothing is short. */
export async function markReserved(tx: Tx, workOrderId: number): Promise<void> {
  await tx.query(`UPDATE work_order_material SET reserved = required - issued, short_quantity = 0 WHERE work_order_id = $1`, [workOrderId]);
}

/** Adds to what lines hold reserved (per material; several entries of one material add up). */
export async function addReserved(tx: Tx, workOrderId: number, added: readonly { materialId: number; quantity: string }[]): Promise<void> {
  if (added.length === 0) return;
  await tx.query(
    `UPDATE work_order_material x SET reserved = x.reserved + d.q
       FROM (SELECT m, sum(q) AS q FROM unnest($2::int[], $3::numeric[]) AS u(m, q) GROUP BY m) d
      WHERE x.work_order_id = $1 AND x.material_id = d.m`,
    [workOrderId, added.map((a) => a.materialId), added.map((a) => a.quantity)],
  );
}

export interface Substitution { componentId: number; substituteId: number; quantity: string; substituteQuantity: string; ratio: string; exceptionId: number; createdBy: string }

/**
 * A substitute reserved instead of `quantity` of a component: the component's line requires that much less,
 * the substitute's line (added at the component's operation, or grown) requires and holds `substituteQuantity`
 * more, and the substitution is recorded. The substitute's stock is reserved by the caller.
 */
export async function substitute(tx: Tx, workOrderId: number, s: Substitution): Promise<void> {
  await tx.query(
    `WITH c AS (UPDATE work_order_material SET required = required - $3::numeric, short_quantity = GREATEST(short_quantity - $3::numeric, 0)
                 WHERE work_order_id = $1 AND material_id = $2 RETURNING operation_seq),
          s AS (INSERT INTO work_order_material (work_order_id, material_id, operation_seq, required, reserved, short_quantity)
                SELECT $1, $4, c.operation_seq, $5::numeric, $5::numeric, 0 FROM c
                ON CONFLICT (work_order_id, material_id) DO UPDATE SET required = work_order_material.required + EXCLUDED.required,
                   reserved = work_order_material.reserved + EXCLUDED.reserved)
     INSERT INTO work_order_substitution (work_order_id, material_id, substitute_id, quantity, substitute_quantity, ratio, exception_id, created_by)
     VALUES ($1, $2, $4, $3::numeric, $5::numeric, $6::numeric, $7, $8)`,
    [workOrderId, s.componentId, s.quantity, s.substituteId, s.substituteQuantity, s.ratio, s.exceptionId, s.createdBy],
  );
}

/**
 * Orders of a warehouse still needing a material (required − reserved − issued > 0) and able to use it (short,
 * released or in progress), locked in id order; returned first needed first (due date, undated last, then id).
 */
export async function lockOrdersNeeding(tx: Tx, warehouseId: number, materialId: number): Promise<LockedWorkOrder[]> {
  return tx.query<LockedWorkOrder>(
    `WITH locked AS (
       SELECT ${LOCKED} FROM work_order o ${materialJoin("m", "o.material_id")} ${warehouseJoin("w", "o.warehouse_id")}
        WHERE o.warehouse_id = $1 AND o.status IN ('SHORT', 'RELEASED', 'IN_PROGRESS')
          AND EXISTS (SELECT 1 FROM work_order_material x WHERE x.work_order_id = o.id AND x.material_id = $2 AND x.required - x.reserved - x.issued > 0)
        ORDER BY o.id FOR UPDATE OF o)
     SELECT * FROM locked ORDER BY "dueDate" NULLS LAST, id`,
    [warehouseId, materialId],
  );
}

export async function clearReserved(tx: Tx, workOrderId: number): Promise<void> {
  await tx.query(`UPDATE work_order_material SET reserved = 0 WHERE work_order_id = $1`, [workOrderId]);
}

/** The components an operation consumes, with their codes and units' decimals, by material. */
export function componentsOfOperation(tx: Tx, workOrderId: number, sequence: number): Promise<{ materialId: number; code: string; required: string; precision: number }[]> {
  return tx.query(
    `SELECT x.material_id AS "materialId", m.code, x.required::text AS required, u.precision
       FROM work_order_material x ${materialJoin("m", "x.material_id")} ${unitJoin("u", "m.uom_code")}
      WHERE x.work_order_id = $1 AND x.operation_seq = $2 ORDER BY x.material_id`,
    [workOrderId, sequence],
  );
}

export interface OperationStateRow {
  id: number; sequence: number; status: string; allowOverlap: boolean; lastSequence: number;
  previousSequence: number | null; previousStatus: string | null; previousGood: string | null;
  blockedByFailureId: number | null;
}

/** An operation of an order with the order's last sequence and the operation before it in sequence; null when none such. */
export async function operationOf(tx: Tx, workOrderId: number, sequence: number): Promise<OperationStateRow | null> {
  const [op] = await tx.query<OperationStateRow>(
    `SELECT o.id, o.sequence, o.status::text AS status, o.allow_overlap AS "allowOverlap", o.blocked_by_failure_id AS "blockedByFailureId",
            (SELECT max(sequence) FROM work_order_operation WHERE work_order_id = $1) AS "lastSequence",
            p.sequence AS "previousSequence", p.status::text AS "previousStatus", p.good_quantity::text AS "previousGood"
       FROM work_order_operation o
       LEFT JOIN LATERAL (SELECT sequence, status, good_quantity FROM work_order_operation
                           WHERE work_order_id = $1 AND sequence < o.sequence ORDER BY sequence DESC LIMIT 1) p ON true
      WHERE o.work_order_id = $1 AND o.sequence = $2`,
    [workOrderId, sequence],
  );
  return op ?? null;
}

export async function markOperationStarted(tx: Tx, operationId: number): Promise<void> {
  await tx.query(`UPDATE work_order_operation SET status = 'STARTED', started_at = now() WHERE id = $1`, [operationId]);
}

export async function markOperationCompleted(tx: Tx, operationId: number, good: string, scrap: string): Promise<void> {
  await tx.query(
    `UPDATE work_order_operation SET status = 'COMPLETED', good_quantity = $2::numeric, scrap_quantity = $3::numeric, completed_at = now()
      WHERE id = $1`,
    [operationId, good, scrap],
  );
}
