import { createHash } from "node:crypto";
import type { Tx } from "../../db/transaction";
import { badInput, conflict } from "../shared/domain-error";
import { claimKey, firstUse, purgeExpired, storeResponse } from "./idempotency.store";

/** The longest idempotency key accepted. */
export const MAX_KEY_LENGTH = 200;

export interface IdempotencyRequest {
  principalId: string;
  /** the warehouses the identity is limited to (null = all): a key is bound to them too */
  scope: readonly string[] | null;
  key: string | null | undefined;
  operation: string;
  payload: unknown;
  ttlHours: number;
}

/** JSON with object keys sorted, so the same payload always hashes the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, v[k]]))
      : v,
  );
}

/**
 * Runs a retryable command at most once per (caller, key). The key row is inserted first in the command's
 * own transaction: a concurrent duplicate waits on that primary key until the first commits, then finds
 * the stored response. A replay returns it without running the command; the same key with another
 * operation or payload, or from the same identity with other warehouses (a token of the same subject with
 * another scope), is a CONFLICT. A refused command rolls its key back with everything else, so a
 * corrected retry may use the same key. Expired keys are purged as keys are written.
 */
export async function idempotent<T>(tx: Tx, req: IdempotencyRequest, run: () => Promise<T>): Promise<{ result: T; replayed: boolean }> {
  if (req.key == null) return { result: await run(), replayed: false };
  if (req.key.length < 1 || req.key.length > MAX_KEY_LENGTH) throw badInput(`idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters`, { field: "idempotencyKey" });
  const requestHash = createHash("sha256").update(`${req.operation}\n${canonical(req.payload)}`).digest("hex");
  const scope = req.scope === null ? null : [...req.scope].sort().join(",");
  await purgeExpired(tx, req.principalId, req.key);
  const claimed = await claimKey(tx, { principal: req.principalId, key: req.key, operation: req.operation, requestHash, ttlHours: req.ttlHours, scope });
  if (!claimed) {
    const first = await firstUse<T>(tx, req.principalId, req.key);
    if (first.scope !== scope) throw conflict("this idempotencyKey was used by this identity with other warehouses", { field: "idempotencyKey" });
    if (first.operation !== req.operation || first.requestHash !== requestHash) {
      throw conflict("this idempotencyKey was used for a different request", { field: "idempotencyKey", operation: first.operation });
    }
    return { result: first.response, replayed: true };
  }
  const result = await run();
  await storeResponse(tx, req.principalId, req.key, result);
  return { result, replayed: false };
}
