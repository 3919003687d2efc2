import type { Principal } from "../auth/principal";
import { sqlVisible, type WarehouseScope } from "../auth/warehouse-scope";
import type { Database } from "../db/database";
import { writeAudit } from "../domain/security/audit";
import { DomainError, notFound } from "../domain/shared/domain-error";

export interface DeadLetterRow {
  id: number;
  connector: string;
  payload: unknown;
  error: string;
  attempts: number;
  createdAt: Date;
  lastAttemptAt: Date;
}

const COLUMNS = `id, connector, payload, error, attempts, created_at AS "createdAt", last_attempt_at AS "lastAttemptAt"`;
/** The dead letter's warehouse is in the scope bound to $2. */
const VISIBLE = sqlVisible("warehouse_code", "$2");
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
    await this.sql.query(`INSERT INTO dead_letter (connector, payload, error, attempts, warehouse_code) VALUES ($1, $2::jsonb, $3, $4, $5)`, [
      connector,
      JSON.stringify(payload),
      describe(error),
      attempts,
      warehouseCode,
    ]);
  }

  /** Newest first, those of the warehouses of `scope` (and of none). */
  async page(connector: string | null, scope: WarehouseScope, afterId: number, limit: number) {
    const where = `($1::text IS NULL OR connector = $1) AND ${VISIBLE}`;
    const rows = await this.sql.query<DeadLetterRow>(
      `SELECT ${COLUMNS} FROM dead_letter WHERE ${where} AND ($3::int = 0 OR id < $3) ORDER BY id DESC LIMIT $4`,
      [connector, scope, afterId, limit + 1],
    );
    const [{ total }] = await this.sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM dead_letter WHERE ${where}`, [connector, scope]);
    return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
  }

  /** Takes a dead letter for a replay; CONFLICT while another replay of it runs; NOT_FOUND out of `scope`. */
  async claim(id: number, scope: WarehouseScope): Promise<DeadLetterRow> {
    const [row] = await this.sql.query<DeadLetterRow>(
      `UPDATE dead_letter SET claimed_until = now() + interval '${CLAIM_MINUTES} minutes'
        WHERE id = $1 AND ${VISIBLE} AND (claimed_until IS NULL OR claimed_until < now()) RETURNING ${COLUMNS}`,
      [id, scope],
    );
    if (row) return row;
    const [exists] = await this.sql.query(`SELECT 1 FROM dead_letter WHERE id = $1 AND ${VISIBLE}`, [id, scope]);
    if (!exists) throw notFound("DeadLetter", id);
    throw new DomainError("CONFLICT", `dead letter ${id} is being replayed`, { id });
  }

  /** The replay went through: the message is no longer dead. */
  async delivered(id: number): Promise<void> {
    await this.sql.query(`DELETE FROM dead_letter WHERE id = $1`, [id]);
  }

  /** The replay failed again: counted, with its error, and free for the next replay. */
  async failedAgain(id: number, error: unknown): Promise<DeadLetterRow> {
    const [row] = await this.sql.query<DeadLetterRow>(
      `UPDATE dead_letter SET attempts = attempts + 1, error = $2, last_attempt_at = now(), claimed_until = NULL WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, describe(error)],
    );
    return row;
  }

  /** Drops a dead letter for good; the audit log keeps who did it and the message. */
  async discard(id: number, actor: Principal): Promise<DeadLetterRow> {
    return this.db.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRawUnsafe<DeadLetterRow[]>(`DELETE FROM dead_letter WHERE id = $1 AND ${VISIBLE} RETURNING ${COLUMNS}`, id, actor.warehouses);
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
