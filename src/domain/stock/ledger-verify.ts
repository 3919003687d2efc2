import type { Sql } from "../../db/database";
import { entryHash } from "./ledger-hash";
import { entriesAfter } from "./ledger.store";

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
    const rows = await entriesAfter(sql, afterId, BATCH);
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
