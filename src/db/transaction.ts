import type { Database, QueryOptions, SqlSession } from "./database";
import type { Prisma } from "../generated/prisma/client";
import { timeLeft } from "../runtime/request-deadline";
import { beforeDeadline, sqlState } from "./transaction-deadline";
import { badInput, DomainError } from "../domain/shared/domain-error";

/** Raw SQL inside one transaction. Decimals are read as text (`::text`) so they stay exact. */
export interface Tx {
  /** `prepared`: see QueryOptions (a no-op on the embedded database) */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
  /** PostgreSQL only (absent on the embedded database): see SqlSession.copyFrom */
  copyFrom?: SqlSession["copyFrom"];
}

/** Raw SQL over a Prisma interactive transaction. */
export const txOf = (prisma: Prisma.TransactionClient): Tx => ({ query: (text, params = []) => prisma.$queryRawUnsafe(text, ...params) });

const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 5;

/**
 * How long a transaction on the embedded database may run: loading the demo plant, the longest, takes
 * tens of seconds on a loaded machine.
 */
const EMBEDDED_TIMEOUT_MS = 120_000;

/**
 * One transaction. On Postgres, BEGIN/COMMIT on a pooled `pg` connection: a Prisma interactive transaction
 * costs several times more CPU per statement, which bench/reservations showed to dominate a reservation.
 * The embedded database is one session, so its transactions go through Prisma, which serialises them.
 */
function once<T, R = unknown>(db: Database, fn: (tx: Tx, opened: R[]) => Promise<T>, held?: SqlSession, opening: string[] = []): Promise<T> {
  if (db.kind === "embedded") {
    const run = async (tx: Tx) => {
      let rows: R[] = [];
      for (const statement of opening) rows = await tx.query<R>(statement);
      return fn(tx, rows);
    };
    return db.prisma.$transaction((prisma) => run(txOf(prisma)), { maxWait: 30_000, timeout: EMBEDDED_TIMEOUT_MS });
  }
  return held ? onSession(held, fn, opening) : db.withSession((session) => onSession(session, fn, opening));
}

/** `opening`: statements without parameters sent with BEGIN, in one simple-protocol query; `fn` gets the last one's rows. */
async function onSession<T, R>(session: SqlSession, fn: (tx: Tx, opened: R[]) => Promise<T>, opening: string[]): Promise<T> {
  // the statement limit travels with BEGIN: a round trip of its own cost ~17% of the reservation throughput (bench/reservations)
  const deadline = timeLeft();
  const begin = deadline && deadline.ms > 0 ? `BEGIN; SET LOCAL statement_timeout = ${Math.ceil(deadline.ms)}` : "BEGIN";
  if (opening.length === 0) await session.query(begin);
  try {
    const result = await beforeDeadline(null, async () => {
      const rows = opening.length > 0 ? await session.script<R>([begin, ...opening].join(";\n")) : [];
      return fn({ query: session.query, copyFrom: session.copyFrom }, rows);
    });
    await session.query("COMMIT");
    return result;
  } catch (err) {
    await session.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

/**
 * Runs `fn` as one READ COMMITTED transaction. Deadlocks and serialization failures are retried a bounded
 * number of times with a short random back-off; a CHECK violation on stock_balance (the last line of
 * defence) surfaces as INSUFFICIENT_STOCK, a number too large for its column as BAD_USER_INPUT, instead
 * of an internal error. On PostgreSQL it runs on `held` when given (a session the caller holds, idle)
 * instead of a connection from the pool; the embedded database has one session, which Prisma serialises.
 */
export function inTransaction<T>(db: Database, fn: (tx: Tx) => Promise<T>, held?: SqlSession): Promise<T> {
  return retried(() => once(db, fn, held));
}

/**
 * As inTransaction, with its first `statements` (without parameters) sent with BEGIN: on PostgreSQL one round
 * trip instead of one each (a latency the outbox publisher pays before every event reaches its subscribers).
 * `fn` gets the last statement's rows. On the embedded database the statements run one by one.
 */
export function inTransactionOpenedWith<R, T>(db: Database, statements: string[], fn: (tx: Tx, rows: R[]) => Promise<T>): Promise<T> {
  return retried(() => once(db, fn, undefined, statements));
}

/** Runs `attempt` again on deadlocks and serialization failures; maps the errors callers see (inTransaction). */
async function retried<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      const state = sqlState(err);
      if (state && RETRYABLE.has(state) && n < MAX_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, Math.random() * 10 * n));
        continue;
      }
      if (state === "23514") throw new DomainError("INSUFFICIENT_STOCK", "the movement would make stock negative or over-reserved");
      if (state === "22003") throw badInput("a quantity is beyond the largest number stored (12 digits before the point)");
      throw err;
    }
  }
}
