/**
 * Transactions run for a request follow its deadline (src/runtime/request-deadline.ts). Below
 * `database.ts` and `transaction.ts`, which both use it.
 */
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { timedOut } from "../domain/shared/domain-error";
import { timeLeft } from "../runtime/request-deadline";

/** The SQLSTATE behind an error from the driver adapter (or pg), if any. */
export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { code?: string; originalCode?: string } } } };
  const cause = e?.meta?.driverAdapterError?.cause;
  return cause?.originalCode ?? cause?.code ?? (typeof e?.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined);
}

/**
 * The body of a transaction run for a request (see src/runtime/request-deadline.ts): its statements
 * get only the time left (`limitStatements`), and it throws instead of letting the transaction commit
 * once the deadline has passed — the client was answered "timed out", so what it asked must not happen.
 */
export async function beforeDeadline<T>(limitStatements: ((ms: number) => Promise<unknown>) | null, body: () => Promise<T>): Promise<T> {
  const deadline = timeLeft();
  if (!deadline) return body();
  if (deadline.ms <= 0) throw timedOut(deadline.budgetMs);
  await limitStatements?.(Math.ceil(deadline.ms));
  try {
    const result = await body();
    if ((timeLeft()?.ms ?? 0) <= 0) throw timedOut(deadline.budgetMs);
    return result;
  } catch (err) {
    // a statement cancelled by that statement_timeout
    throw sqlState(err) === "57014" ? timedOut(deadline.budgetMs) : err;
  }
}

/**
 * Makes every interactive transaction of this Prisma client follow the request deadline like
 * `inTransaction` does. PGlite (`embedded`) cannot cancel a statement, so there only the commit is
 * refused past the deadline.
 */
export function transactionsBeforeDeadline(prisma: PrismaClient, kind: "postgres" | "embedded"): PrismaClient {
  const transaction = prisma.$transaction.bind(prisma) as (arg: unknown, options?: unknown) => Promise<unknown>;
  const interactive = (body: (tx: Prisma.TransactionClient) => Promise<unknown>, options?: unknown) =>
    transaction(
      (tx: Prisma.TransactionClient) => beforeDeadline(kind === "postgres" ? (ms) => tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${ms}`) : null, () => body(tx)),
      options,
    );
  Object.assign(prisma, {
    $transaction: (arg: unknown, options?: unknown) => (typeof arg === "function" ? interactive(arg as never, options) : transaction(arg, options)),
  });
  return prisma;
}
