import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { Ref } from "../shared/ref";

/** The only file whose SQL names pick_list and pick_line. */

export type PickListStatus = "OPEN" | "COMPLETED" | "CANCELLED";
export type PickLineStatus = "OPEN" | "PICKED" | "SHORT";

export interface PickListRow {
  id: number; number: string; warehouseId: number; workOrderId: number | null; transferOrderId: number | null; status: PickListStatus;
  pathLength: string | null; createdAt: Date; createdBy: string; closedAt: Date | null;
}

export interface PickLineRow {
  id: number; pickListId: number; stop: number; locationId: number; materialId: number; lotId: number | null; quantity: string; pickedQuantity: string;
  status: PickLineStatus; confirmedAt: Date | null; confirmedBy: string | null;
}

const P = `id, number, warehouse_id AS "warehouseId", work_order_id AS "workOrderId", transfer_order_id AS "transferOrderId", status::text AS status,
  path_length::text AS "pathLength", created_at AS "createdAt", created_by AS "createdBy", closed_at AS "closedAt"`;
const L = `id, pick_list_id AS "pickListId", stop, location_id AS "locationId", material_id AS "materialId", lot_id AS "lotId", quantity::text AS quantity,
  picked_quantity::text AS "pickedQuantity", status::text AS status, confirmed_at AS "confirmedAt", confirmed_by AS "confirmedBy"`;

const byRef = (ref: Ref): [string, unknown] => ("id" in ref ? ["id = $1", ref.id] : ["number = $1", ref.code.trim().toUpperCase()]);

export async function insertList(
  tx: Tx,
  l: { warehouseId: number; workOrderId: number | null; transferOrderId: number | null; pathLength: string | null; by: string },
  lines: readonly { stop: number; locationId: number; materialId: number; lotId: number | null; quantity: string }[],
): Promise<PickListRow> {
  const [row] = await tx.query<PickListRow>(
    `INSERT INTO pick_list (id, number, warehouse_id, work_order_id, transfer_order_id, path_length, created_by)
     SELECT n, 'PL-' || lpad(n::text, 6, '0'), $1, $2, $3, $4::numeric, $5 FROM nextval('pick_list_id_seq') AS n RETURNING ${P}`,
    [l.warehouseId, l.workOrderId, l.transferOrderId, l.pathLength, l.by],
  );
  await tx.query(
    `INSERT INTO pick_line (pick_list_id, stop, location_id, material_id, lot_id, quantity)
     SELECT $1, s, loc, m, lot, q FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::numeric[]) AS u(s, loc, m, lot, q)`,
    [row.id, lines.map((x) => x.stop), lines.map((x) => x.locationId), lines.map((x) => x.materialId), lines.map((x) => x.lotId), lines.map((x) => x.quantity)],
  );
  return row;
}

export async function lockList(tx: Tx, ref: Ref): Promise<PickListRow | null> {
  const [where, value] = byRef(ref);
  const [row] = await tx.query<PickListRow>(`SELECT ${P} FROM pick_list WHERE ${where} FOR UPDATE`, [value]);
  return row ?? null;
}

export async function listBy(sql: Sql, ref: Ref): Promise<PickListRow | null> {
  const [where, value] = byRef(ref);
  const [row] = await sql.query<PickListRow>(`SELECT ${P} FROM pick_list WHERE ${where}`, [value]);
  return row ?? null;
}

/** The open pick list of a work order or transfer order, if any. */
export async function openListOf(tx: Tx, of: { workOrderId: number | null; transferOrderId: number | null }): Promise<{ number: string } | null> {
  const [row] = await tx.query<{ number: string }>(
    `SELECT number FROM pick_list WHERE status = 'OPEN' AND (work_order_id = $1 OR transfer_order_id = $2) LIMIT 1`,
    [of.workOrderId, of.transferOrderId],
  );
  return row ?? null;
}

/** A list's lines in walking order. */
export function linesOf(tx: Tx | Sql, pickListId: number): Promise<PickLineRow[]> {
  return tx.query<PickLineRow>(`SELECT ${L} FROM pick_line WHERE pick_list_id = $1 ORDER BY stop, id`, [pickListId]);
}

export async function confirmLine(tx: Tx, lineId: number, picked: string, status: PickLineStatus, by: string): Promise<void> {
  await tx.query(
    `UPDATE pick_line SET picked_quantity = $2::numeric, status = $3::"PickLineStatus", confirmed_at = now(), confirmed_by = $4 WHERE id = $1`,
    [lineId, picked, status, by],
  );
}

export async function setStatus(tx: Tx, id: number, status: PickListStatus): Promise<PickListRow> {
  const [row] = await tx.query<PickListRow>(
    `UPDATE pick_list SET status = $2::"PickListStatus", closed_at = CASE WHEN $2::text = 'OPEN' THEN NULL ELSE now() END WHERE id = $1 RETURNING ${P}`,
    [id, status],
  );
  return row;
}

/** A page of pick lists in id order, of these warehouses (null: all), optionally of one status. */
export async function pageOfLists(sql: Sql, f: { warehouseIds: readonly number[] | null; status: PickListStatus | null }, afterId: number, limit: number) {
  const where = `($1::int[] IS NULL OR warehouse_id = ANY($1::int[])) AND ($2::text IS NULL OR status::text = $2)`;
  const rows = await sql.query<PickListRow>(`SELECT ${P} FROM pick_list WHERE ${where} AND id > $3 ORDER BY id LIMIT ${limit + 1}`, [f.warehouseIds, f.status, afterId]);
  const total = async () => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM pick_list WHERE ${where}`, [f.warehouseIds, f.status]))[0].n;
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}
