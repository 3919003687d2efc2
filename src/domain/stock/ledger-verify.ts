import type { Sql } from "../../db/database";
import { entryHash, type HashedEntry } from "./ledger-hash";

export interface LedgerVerification {
  ok: boolean;
  entriesChecked: number;
  /** the first entry whose stored hash or link does not match, if any */
  brokenAt: { entryId: string; problem: "HASH_MISMATCH" | "LINK_MISMATCH"; expected: string | null; found: string | null } | null;
}

const BATCH = 5_000;

/** Walks the whole chain in id order (keyset batches) and recomputes every hash. */
export async function verifyLedger(sql: Sql): Promise<LedgerVerification> {
  let afterId = "0";
  let prev: string | null = null;
  let checked = 0;
  for (;;) {
    const rows: (HashedEntry & { hash: string | null })[] = await sql.query(
      `SELECT id::text AS id, to_char(posted_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "postedAt", type::text AS type,
              material_id AS "materialId", warehouse_id AS "warehouseId", location_id AS "locationId", lot_id AS "lotId",
              quantity::text AS quantity, in_transit_delta::text AS "inTransitDelta", reason_code AS "reasonCode", note,
              work_order_id AS "workOrderId", transfer_order_id AS "transferOrderId", purchase_order_id AS "purchaseOrderId",
              count_session_id AS "countSessionId", posted_by AS "postedBy", prev_hash AS "prevHash", hash
         FROM stock_ledger_entry e WHERE e.id > $1::bigint ORDER BY e.id LIMIT ${BATCH}`,
      [afterId],
    );
    for (const r of rows) {
      if (r.prevHash !== prev) return broken(checked, r.id, "LINK_MISMATCH", prev, r.prevHash);
      const expected = entryHash(r);
      if (r.hash !== expected) return broken(checked, r.id, "HASH_MISMATCH", expected, r.hash);
      prev = r.hash;
      checked++;
    }
    if (rows.length < BATCH) return { ok: true, entriesChecked: checked, brokenAt: null };
    afterId = rows[rows.length - 1].id;
  }
}

function broken(checked: number, entryId: string, problem: "HASH_MISMATCH" | "LINK_MISMATCH", expected: string | null, found: string | null): LedgerVerification {
  return { ok: false, entriesChecked: checked, brokenAt: { entryId, problem, expected, found } };
}
