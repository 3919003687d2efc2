import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import { inTransaction, type Tx } from "../../db/transaction";
import { idempotent } from "./idempotency";

export type CommandOptions = {
  principal: Principal;
  operation: string;
  /** what identifies the request for replay checks: the command's input */
  payload: unknown;
} & (
  /** a command that takes an idempotency key: its first response is kept `ttlHours` for replays */
  | { idempotencyKey?: string | null; ttlHours: number }
  /** a command that takes none (it is not retried blindly, or its response must not be kept) */
  | { idempotencyKey?: undefined; ttlHours?: undefined }
);

/**
 * One command = one transaction (READ COMMITTED, the request's deadline, deadlocks retried), run at most
 * once per idempotency key; `replayed` tells a replay apart. The only way mutations and connector
 * commands open a transaction (the guard test keeps `inTransaction` to src/db/, this file and a few
 * background jobs).
 */
export function runCommand<T extends object>(db: Database, o: CommandOptions, fn: (tx: Tx) => Promise<T>): Promise<T & { replayed: boolean }> {
  return inTransaction(db, async (tx) => {
    const { result, replayed } = await idempotent(
      tx,
      { principalId: o.principal.id, scope: o.principal.warehouses, key: o.idempotencyKey, operation: o.operation, payload: o.payload, ttlHours: o.ttlHours ?? 0 },
      () => fn(tx),
    );
    return { ...result, replayed };
  });
}

/** The options of a command that takes no idempotency key (master-data changes): it runs each time it is called. */
export const unkeyed = (principal: Principal, operation: string): CommandOptions => ({ principal, operation, payload: null, ttlHours: 0 });
