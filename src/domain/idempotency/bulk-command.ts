import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { badInput, DomainError } from "../shared/domain-error";
import { runCommand } from "./command";
import { idempotent, MAX_KEY_LENGTH } from "./idempotency";

/** Items one bulk call may carry; more is LIMIT_EXCEEDED (`limit: "bulkItems"`). */
export const MAX_BULK_ITEMS = 100;

/** An item of a bulk call: a single command's input with its own optional idempotency key. */
export interface BulkItem { idempotencyKey?: string | null }

export interface BulkOptions {
  principal: Principal;
  /** the bulk command's name (the call's idempotency key is bound to it) */
  operation: string;
  /** the single command each item is (an item's key is bound to it, so a key works in either) */
  itemOperation: string;
  /** true: all items in one transaction, any refusal refuses the call; false: each item its own transaction */
  atomic: boolean;
  idempotencyKey?: string | null;
  ttlHours: number;
}

export interface ItemError { code: string; message: string; field: string | null }
export interface ItemOutcome<T> { index: number; result: (T & { replayed: boolean }) | null; error: ItemError | null }
export interface BulkResult<T> { items: ItemOutcome<T>[]; failed: number; replayed: boolean }

/** Each item's key after `#` in atomic: false calls: "#99" is the longest suffix under MAX_BULK_ITEMS. */
const SUFFIX_ROOM = 1 + String(MAX_BULK_ITEMS - 1).length;

/**
 * Runs many commands of one kind in one call (an ERP's batch), each as its single command would run.
 * atomic: one transaction under the call's key, each item under its own key too; the first refusal
 * refuses the whole call with the item's code and `index`, nothing written. `lockFirst` runs before
 * the items, to take the locks all of them need in one order (concurrent calls then cannot deadlock).
 * not atomic: each item is its own command (own transaction, own key: its idempotencyKey, else the
 * call's key + `#<index>`, so that retrying the call replays what was done and retries what was
 * refused); the result says per item what was done or why not. An unexpected failure ends the call.
 */
export async function runBulk<I extends BulkItem, T extends object>(
  db: Database,
  o: BulkOptions,
  items: readonly I[],
  run: (tx: Tx, input: Omit<I, "idempotencyKey">, index: number) => Promise<T>,
  lockFirst?: (tx: Tx, inputs: readonly Omit<I, "idempotencyKey">[]) => Promise<void>,
): Promise<BulkResult<T>> {
  if (items.length === 0) throw badInput("items must not be empty", { field: "items" });
  if (items.length > MAX_BULK_ITEMS) {
    throw new DomainError("LIMIT_EXCEEDED", `a bulk call takes at most ${MAX_BULK_ITEMS} items`, { limit: "bulkItems", field: "items", max: MAX_BULK_ITEMS });
  }
  const split = items.map(({ idempotencyKey, ...input }) => ({ key: idempotencyKey, input }));
  const itemRun = (tx: Tx, index: number) => run(tx, split[index].input, index);
  if (o.atomic) {
    const payload = { atomic: true, items };
    return runCommand(db, { principal: o.principal, operation: o.operation, idempotencyKey: o.idempotencyKey, payload, ttlHours: o.ttlHours }, async (tx) => {
      await lockFirst?.(tx, split.map((s) => s.input));
      const outcomes: ItemOutcome<T>[] = [];
      for (const [index, { key, input }] of split.entries()) {
        try {
          const request = { principalId: o.principal.id, scope: o.principal.warehouses, key, operation: o.itemOperation, payload: input, ttlHours: o.ttlHours };
          const { result, replayed } = await idempotent(tx, request, () => itemRun(tx, index));
          outcomes.push({ index, result: { ...result, replayed }, error: null });
        } catch (e) {
          throw e instanceof DomainError ? new DomainError(e.code, `item ${index}: ${e.message}`, { ...e.details, index }) : e;
        }
      }
      return { items: outcomes, failed: 0 };
    });
  }
  const callKey = o.idempotencyKey;
  if (callKey != null && (callKey.length < 1 || callKey.length > MAX_KEY_LENGTH - SUFFIX_ROOM)) {
    throw badInput(`idempotencyKey of a call with atomic: false must be 1 to ${MAX_KEY_LENGTH - SUFFIX_ROOM} characters (each item's key adds #<index>)`, { field: "idempotencyKey" });
  }
  const outcomes: ItemOutcome<T>[] = [];
  for (const [index, { key, input }] of split.entries()) {
    const idempotencyKey = key ?? (callKey == null ? null : `${callKey}#${index}`);
    try {
      const result = await runCommand(db, { principal: o.principal, operation: o.itemOperation, idempotencyKey, payload: input, ttlHours: o.ttlHours }, (tx) => itemRun(tx, index));
      outcomes.push({ index, result, error: null });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const field = typeof e.details.field === "string" ? e.details.field : null;
      outcomes.push({ index, result: null, error: { code: e.code, message: e.message, field } });
    }
  }
  const failed = outcomes.filter((x) => x.error).length;
  return { items: outcomes, failed, replayed: failed === 0 && outcomes.every((x) => x.result!.replayed) };
}
