import type { Tx } from "../../db/transaction";

/** The only file whose SQL names idempotency_key: one row per (caller, key), holding the first response. */

export interface StoredUse<T> {
  operation: string;
  requestHash: string;
  response: T;
  scope: string | null;
}

/** Deletes the caller's key if it has expired, and a few other expired keys with it (keys are purged as keys are written). */
export async function purgeExpired(tx: Tx, principal: string, key: string): Promise<void> {
  await tx.query(
    `DELETE FROM idempotency_key WHERE expires_at < now()
        AND ((principal = $1 AND key = $2) OR ctid = ANY(ARRAY(SELECT ctid FROM idempotency_key WHERE expires_at < now() LIMIT 20)))`,
    [principal, key],
  );
}

/** Records a first use of the key (empty response); false when the key is taken (waits for a concurrent first use to commit). */
export async function claimKey(
  tx: Tx,
  use: { principal: string; key: string; operation: string; requestHash: string; ttlHours: number; scope: string | null },
): Promise<boolean> {
  const inserted = await tx.query(
    `INSERT INTO idempotency_key (principal, key, operation, request_hash, response, expires_at, scope)
     VALUES ($1, $2, $3, $4, '{}'::jsonb, now() + make_interval(hours => $5::int), $6)
     ON CONFLICT (principal, key) DO NOTHING RETURNING key`,
    [use.principal, use.key, use.operation, use.requestHash, use.ttlHours, use.scope],
  );
  return inserted.length > 0;
}

/** The key's first use. */
export async function firstUse<T>(tx: Tx, principal: string, key: string): Promise<StoredUse<T>> {
  const [first] = await tx.query<StoredUse<T>>(
    `SELECT operation, request_hash AS "requestHash", response, scope FROM idempotency_key WHERE principal = $1 AND key = $2`,
    [principal, key],
  );
  return first;
}

/** Keeps the command's response for replays of the key. */
export async function storeResponse(tx: Tx, principal: string, key: string, response: unknown): Promise<void> {
  await tx.query(`UPDATE idempotency_key SET response = $3::jsonb WHERE principal = $1 AND key = $2`, [principal, key, JSON.stringify(response)]);
}
