import type { Tx } from "../../db/transaction";
import { countSessionNumberOf } from "../counting/counting.store";
import { materialJoin } from "../materials/material.store";
import { purchaseOrderNumberOf } from "../purchasing/purchase-order.store";
import { locationJoin, warehouseJoin } from "../sites/sites.store";
import { workOrderNumberOf } from "../work-orders/work-order.store";
import type { HashedEntry } from "./ledger-hash";

/** The SQL on stock_ledger_entry for appending to the hash chain and walking it. */

/** Serialises appends to the hash chain; held from the chain head read to commit, so keep it last. */
const CHAIN_LOCK = 74_260_101;

export async function lockChain(tx: Tx): Promise<void> {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${CHAIN_LOCK})`);
}

/** The newest entry's hash (null for an empty ledger or an entry from before hashing). */
export async function chainHead(tx: Tx): Promise<string | null> {
  const [head] = await tx.query<{ hash: string | null }>(`SELECT hash FROM stock_ledger_entry ORDER BY id DESC LIMIT 1`);
  return head?.hash ?? null;
}

/** `n` new entry ids, ascending (drawn under the chain lock, so id order is chain order). */
export async function nextEntryIds(tx: Tx, n: number): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `SELECT id::text AS id FROM (SELECT nextval('stock_ledger_entry_id_seq') AS id FROM generate_series(1, $1::int)) AS n ORDER BY n.id`,
    [n],
  );
  return rows.map((r) => r.id);
}

/** A stored entry: its hashed fields as stored (decimals with 6 places, time in UTC ISO) and its hash. */
export type StoredEntry = HashedEntry & { hash: string };

/** A posted entry with the codes and numbers of what it names, as the `stock.changed` event tells it. */
export interface PostedEntry {
  entryId: string; type: string; postedAt: string; postedBy: string;
  warehouseId: number; warehouseCode: string; materialId: number; materialCode: string; uom: string; locationCode: string; lotCode: string | null;
  quantity: string; reasonCode: string | null; workOrderId: number | null; workOrderNumber: string | null; purchaseOrderId: number | null;
  purchaseOrderNumber: string | null; transferOrderId: number | null; countSessionId: number | null; countSessionNumber: string | null;
}

/**
 * Inserts chained entries, all posted at `postedAt` by `postedBy`, in one statement that returns them as posted
 * (stored values, codes instead of ids) in id order — what `stock.changed` tells, without reading them again
 * while the chain lock is held.
 */
export async function insertEntries(tx: Tx, rows: readonly StoredEntry[], postedAt: string, postedBy: string): Promise<PostedEntry[]> {
  const col = <K extends keyof StoredEntry>(k: K) => rows.map((r) => r[k]);
  return tx.query<PostedEntry>(
    `WITH e AS (
       INSERT INTO stock_ledger_entry (id, posted_at, type, material_id, warehouse_id, location_id, lot_id, quantity, in_transit_delta,
         reason_code, note, work_order_id, transfer_order_id, purchase_order_id, count_session_id, posted_by, prev_hash, hash)
       SELECT id, ($2::timestamptz AT TIME ZONE 'UTC'), type::"MovementType", m, w, l, lot, q, t, reason, note, wo, tro, po, cs, $3, prev, hash
         FROM unnest($1::bigint[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::numeric[], $10::numeric[],
                     $11::text[], $12::text[], $13::int[], $14::int[], $15::int[], $16::text[], $17::text[], $18::int[])
           AS u(id, type, m, w, l, lot, q, t, reason, note, wo, tro, po, prev, hash, cs)
       RETURNING id, type, posted_at, posted_by, warehouse_id, material_id, location_id, lot_id, quantity, reason_code,
                 work_order_id, purchase_order_id, transfer_order_id, count_session_id)
     SELECT e.id::text AS "entryId", e.type::text AS type, to_char(e.posted_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "postedAt", e.posted_by AS "postedBy",
            e.warehouse_id AS "warehouseId", w.code AS "warehouseCode", e.material_id AS "materialId", m.code AS "materialCode", m.uom_code AS uom,
            l.code AS "locationCode", lot.code AS "lotCode", e.quantity::text AS quantity, e.reason_code AS "reasonCode",
            e.work_order_id AS "workOrderId", ${workOrderNumberOf("e.work_order_id")} AS "workOrderNumber",
            e.purchase_order_id AS "purchaseOrderId", ${purchaseOrderNumberOf("e.purchase_order_id")} AS "purchaseOrderNumber",
            e.transfer_order_id AS "transferOrderId", e.count_session_id AS "countSessionId", ${countSessionNumberOf("e.count_session_id")} AS "countSessionNumber"
       FROM e ${materialJoin("m", "e.material_id")} ${warehouseJoin("w", "e.warehouse_id")} ${locationJoin("l", "e.location_id")}
       LEFT JOIN lot ON lot.id = e.lot_id
      ORDER BY e.id`,
    [
      col("id"), postedAt, postedBy, col("type"), col("materialId"), col("warehouseId"), col("locationId"), col("lotId"),
      col("quantity"), col("inTransitDelta"), col("reasonCode"), col("note"), col("workOrderId"), col("transferOrderId"),
      col("purchaseOrderId"), col("prevHash"), col("hash"), col("countSessionId"),
    ],
  );
}

/** Up to `limit` entries after `afterId` in id (= chain) order, as stored, with their stored hashes. */
export function entriesAfter(tx: Tx, afterId: string, limit: number): Promise<(HashedEntry & { hash: string | null })[]> {
  return tx.query(
    `SELECT id::text AS id, to_char(posted_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "postedAt", type::text AS type,
            material_id AS "materialId", warehouse_id AS "warehouseId", location_id AS "locationId", lot_id AS "lotId",
            quantity::text AS quantity, in_transit_delta::text AS "inTransitDelta", reason_code AS "reasonCode", note,
            work_order_id AS "workOrderId", transfer_order_id AS "transferOrderId", purchase_order_id AS "purchaseOrderId",
            count_session_id AS "countSessionId", posted_by AS "postedBy", prev_hash AS "prevHash", hash
       FROM stock_ledger_entry e WHERE e.id > $1::bigint ORDER BY e.id LIMIT ${Number(limit)}`,
    [afterId],
  );
}
