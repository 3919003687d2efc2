import type { Principal } from "../../auth/principal";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { writeAudit } from "../security/audit";
import * as store from "./counting.store";

export interface MismatchCount { countSessionId: number; number: string; opened: boolean }

/**
 * The count a shelf's STOCK_MISMATCH asks for, in the caller's transaction: a (blind) session over that one
 * location, OPEN — it blocks no movement until someone starts it — unless a session not closed yet already
 * counts the location: then that one, so a location is not queued for counting twice.
 */
export async function countForMismatch(
  tx: Tx, at: { warehouseId: number; warehouseCode: string; locationId: number }, note: string, principal: Principal,
): Promise<MismatchCount> {
  const open = await store.unclosedSessionCounting(tx, at.locationId);
  if (open) return { countSessionId: open.id, number: open.number, opened: false };
  const s = await store.insertSession(tx, { warehouseId: at.warehouseId, scope: "LOCATIONS", zone: null, abcClass: null, blind: true, note: note.slice(0, 500), by: principal.id }, [at.locationId]);
  await writeAudit(tx, principal, "CountSession", s.number, "create", { status: s.status, scope: s.scope, blind: true, locations: 1, reason: "STOCK_MISMATCH" });
  await writeEvent(tx, "count.session", { countSessionId: s.id, number: s.number, warehouseCode: at.warehouseCode, status: s.status });
  return { countSessionId: s.id, number: s.number, opened: true };
}
