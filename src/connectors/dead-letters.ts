import type { Principal } from "../auth/principal";
import type { WarehouseScope } from "../auth/warehouse-scope";
import type { Database } from "../db/database";
import { runCommand } from "../domain/idempotency/command";
import { writeAudit } from "../domain/security/audit";
import { DomainError, notFound } from "../domain/shared/domain-error";
import * as store from "./dead-letter.store";

/** A replay that has not finished after this long is taken to have died with its process. */
const CLAIM_MINUTES = 5;

/** Messages a connector could not deliver after its retries, kept for an administrator to replay or discard. */
export class DeadLetters {
  private readonly sql: Database["sql"];

  constructor(private readonly db: Database) {
    this.sql = db.sql;
  }

  /** Keeps an undelivered message with the warehouse it concerns (null: none), which decides who sees it. */
  async record(connector: string, payload: unknown, error: unknown, attempts: number, warehouseCode: string | null): Promise<void> {
    await store.insertDeadLetter(this.sql, { connector, payload, error: describe(error), attempts, warehouseCode });
  }

  /** Newest first, those of the warehouses of `scope` (and of none). */
  page(connector: string | null, scope: WarehouseScope, afterId: number, limit: number) {
    return store.deadLetterPage(this.sql, connector, scope, afterId, limit);
  }

  /** Takes a dead letter for a replay; CONFLICT while another replay of it runs; NOT_FOUND out of `scope`. */
  async claim(id: number, scope: WarehouseScope): Promise<store.DeadLetterRow> {
    const row = await store.claimDeadLetter(this.sql, id, scope, CLAIM_MINUTES);
    if (row) return row;
    if (!(await store.deadLetterVisible(this.sql, id, scope))) throw notFound("DeadLetter", id);
    throw new DomainError("CONFLICT", `dead letter ${id} is being replayed`, { id });
  }

  /** The replay went through: the message is no longer dead. */
  async delivered(id: number): Promise<void> {
    await store.deleteDeadLetter(this.sql, id);
  }

  /** The replay failed again: counted, with its error, and free for the next replay. */
  failedAgain(id: number, error: unknown): Promise<store.DeadLetterRow> {
    return store.failedAttempt(this.sql, id, describe(error));
  }

  /** Drops a dead letter for good; the audit log keeps who did it and the message. */
  discard(id: number, actor: Principal): Promise<store.DeadLetterRow> {
    return runCommand(this.db, { principal: actor, operation: "discardDeadLetter", payload: { id } }, async (tx) => {
      const row = await store.deleteVisibleDeadLetter(tx, id, actor.warehouses);
      if (!row) throw notFound("DeadLetter", id);
      await writeAudit(tx, actor, "DeadLetter", id, "discard", { connector: row.connector, payload: row.payload, error: row.error });
      return row;
    });
  }
}

/** The error as kept on the dead letter: a domain error's code with its message. */
function describe(error: unknown): string {
  if (error instanceof DomainError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
