import { now } from "../../runtime/clock";
import { Decimal } from "../shared/quantity";
import { entryHash } from "./ledger-hash";
import type { Tx } from "../../db/transaction";

/** Serialises appends to the hash chain; held from the chain head read to commit, so keep it last. */
const CHAIN_LOCK = 74_260_101;

export type MovementType =
  | "RECEIPT" | "ISSUE" | "MOVE_OUT" | "MOVE_IN" | "TRANSFER_SHIP" | "TRANSFER_RECEIVE"
  | "ADJUSTMENT" | "SCRAP" | "BACKFLUSH" | "PRODUCTION_RECEIPT" | "COUNT";

/** What a movement command returns (and what a replay returns again): the ledger entries it posted. */
export interface MovementResult { entryIds: string[]; transferOrderId?: number; workOrderId?: number }

export interface NewLedgerEntry {
  type: MovementType;
  materialId: number;
  warehouseId: number;
  locationId: number;
  lotId: number | null;
  /** signed change of on-hand */
  quantity: Decimal;
  /** signed change of in-transit */
  inTransitDelta?: Decimal;
  reasonCode?: string | null;
  note?: string | null;
  workOrderId?: number | null;
  transferOrderId?: number | null;
  purchaseOrderId?: number | null;
}

const ZERO = new Decimal(0);

/**
 * Appends entries to the ledger, chained: each hash covers the entry and the previous entry's hash. Ids
 * are drawn under the chain lock, so id order is chain order. Returns the new ids in input order.
 */
export async function appendLedger(tx: Tx, entries: readonly NewLedgerEntry[], postedBy: string): Promise<string[]> {
  if (entries.length === 0) return [];
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [head] = await tx.query<{ hash: string | null }>(`SELECT hash FROM stock_ledger_entry ORDER BY id DESC LIMIT 1`);
  const ids = await tx.query<{ id: string }>(
    `SELECT id::text AS id FROM (SELECT nextval('stock_ledger_entry_id_seq') AS id FROM generate_series(1, $1::int)) AS n ORDER BY n.id`,
    [entries.length],
  );
  const postedAt = now().toISOString();
  let prevHash = head?.hash ?? null;
  const rows = entries.map((e, i) => {
    const row = {
      id: ids[i].id, postedAt, type: e.type, materialId: e.materialId, warehouseId: e.warehouseId, locationId: e.locationId,
      lotId: e.lotId, quantity: e.quantity.toFixed(6), inTransitDelta: (e.inTransitDelta ?? ZERO).toFixed(6),
      reasonCode: e.reasonCode ?? null, note: e.note ?? null, workOrderId: e.workOrderId ?? null,
      transferOrderId: e.transferOrderId ?? null, purchaseOrderId: e.purchaseOrderId ?? null, postedBy, prevHash,
    };
    const hash = entryHash(row);
    prevHash = hash;
    return { ...row, hash };
  });
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  await tx.query(
    `INSERT INTO stock_ledger_entry (id, posted_at, type, material_id, warehouse_id, location_id, lot_id, quantity, in_transit_delta,
       reason_code, note, work_order_id, transfer_order_id, purchase_order_id, posted_by, prev_hash, hash)
     SELECT id, ($2::timestamptz AT TIME ZONE 'UTC'), type::"MovementType", m, w, l, lot, q, t, reason, note, wo, tro, po, $3, prev, hash
       FROM unnest($1::bigint[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::numeric[], $10::numeric[],
                   $11::text[], $12::text[], $13::int[], $14::int[], $15::int[], $16::text[], $17::text[])
         AS u(id, type, m, w, l, lot, q, t, reason, note, wo, tro, po, prev, hash)`,
    [
      col("id"), postedAt, postedBy, col("type"), col("materialId"), col("warehouseId"), col("locationId"), col("lotId"),
      col("quantity"), col("inTransitDelta"), col("reasonCode"), col("note"), col("workOrderId"), col("transferOrderId"),
      col("purchaseOrderId"), col("prevHash"), col("hash"),
    ],
  );
  return rows.map((r) => r.id);
}
