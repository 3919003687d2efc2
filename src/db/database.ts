/**
 * Opens the hub's database: real Postgres when a URL is given, otherwise an embedded PGlite stored in a
 * folder. Both are driven through the same Prisma client (driver adapters) and the same raw `Sql`
 * interface, so every other module is unaware of which one it has.
 */
import { setTimeout as delay } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFromStdin } from "pg-copy-streams";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client";
import { statementNames } from "./prepared-statements";
import { transactionsBeforeDeadline } from "./transaction-deadline";

/**
 * `prepared`: a statement the caller runs again and again with other values (a compiled read, a command's hot
 * statement): on PostgreSQL each connection parses it once, by name (prepared-statements.ts), instead of at every
 * call. Only for texts from a fixed set, with every value a parameter: a text with values or lists written into it
 * would take a name per variant (bounded, but crowding out the statements that pay).
 */
export interface QueryOptions { prepared?: boolean }

/** Raw parameterised SQL, for hot read paths and the migrator. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
}

export interface Database {
  kind: "postgres" | "embedded";
  prisma: PrismaClient;
  sql: Sql;
  /** SQL statements sent so far, by Prisma and by `sql` (tests assert batching with it) */
  readonly statementCount: number;
  /** a session for the migrator: multi-statement scripts plus session-level advisory locks */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** calls `onNotify` on every NOTIFY of `channel` (delivered at the notifier's commit); resolves to a stop function */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface SqlSession extends Sql {
  exec(script: string): Promise<void>;
  /** Statements without parameters in one round trip (the simple protocol): the last one's rows. */
  script<T = Record<string, unknown>>(statements: string): Promise<T[]>;
  /**
   * `COPY … FROM STDIN` with `rows` in COPY's text format (copy-text.ts's CopyText), on PostgreSQL only: the
   * embedded database has no COPY through its driver, so callers keep a statement for it.
   */
  copyFrom?(statement: string, rows: Buffer): Promise<void>;
}

/** The database's name: what keys shared with other hubs (Redis channels and counters) are scoped by. */
export async function databaseName(sql: Sql): Promise<string> {
  const [{ name }] = await sql.query<{ name: string }>(`SELECT current_database() AS name`);
  return name;
}

export type DatabaseTarget = { url: string; poolSize?: number } | { dataDir: string };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return "url" in target ? openPostgres(target.url, target.poolSize ?? 10) : openEmbedded(target.dataDir);
}

function counted(prisma: PrismaClient, counter: { n: number }): PrismaClient {
  (prisma as unknown as { $on(e: "query", cb: () => void): void }).$on("query", () => void counter.n++);
  return prisma;
}

/**
 * How long an idle pooled connection is kept. pg's default, 10 s, closed them in any quiet spell, and the first
 * statements after one paid for a new backend, its catalog caches and every prepared statement again: the first
 * live event after a quiet spell reached its subscribers 50–100 ms late instead of ~15 ms (docs/benchmarks.md,
 * "the first event after subscribers join"). A hub's pool is small (DB_POOL_SIZE), so keeping it is cheap.
 */
const IDLE_CONNECTION_MS = 5 * 60_000;

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: IDLE_CONNECTION_MS });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on("error", () => undefined);
  const counter = { n: 0 };
  const prisma = transactionsBeforeDeadline(counted(new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] }), counter), "postgres");
  const nameOf = statementNames();
  // one name per text for the whole pool: each connection prepares it at its first use there
  const queryConfig = (text: string, values: unknown[] | undefined, options: QueryOptions | undefined): pg.QueryConfig => {
    const name = options?.prepared ? nameOf(text) : undefined;
    return name ? { name, text, values } : { text, values };
  };
  return {
    kind: "postgres",
    prisma,
    get statementCount() {
      return counter.n;
    },
    sql: {
      async query<T>(text: string, params?: unknown[], options?: QueryOptions) {
        counter.n++;
        return (await pool.query(queryConfig(text, params, options))).rows as T[];
      },
    },
    async withSession(fn) {
      const client = await pool.connect();
      // a checked-out client that loses its connection between statements emits "error": without a listener that
      // would crash the process; the next statement fails anyway, and the broken client is not given back
      let broken: Error | undefined;
      const onError = (err: Error) => void (broken = err);
      client.on("error", onError);
      try {
        return await fn({
          query: async <T>(text: string, params?: unknown[], options?: QueryOptions) => (await client.query(queryConfig(text, params, options))).rows as T[],
          exec: async (script) => void (await client.query(script)),
          script: async <T>(statements: string) => {
            const results = (await client.query(statements)) as unknown as pg.QueryResult | pg.QueryResult[];
            return (Array.isArray(results) ? results[results.length - 1] : results).rows as T[];
          },
          copyFrom: (statement, rows) => pipeline(Readable.from([rows]), client.query(copyFromStdin(statement))),
        });
      } finally {
        client.off("error", onError);
        client.release(broken);
      }
    },
    listen: (channel, onNotify) => listenAgainAfterDrops(url, channel, onNotify),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Waits before opening a dropped LISTEN connection again: doubling from the first, up to the last. */
const RELISTEN_MS = [100, 5_000] as const;
/** How the hub's LISTEN connection shows in `pg_stat_activity.application_name`. */
export const LISTENER_NAME = "hub listener";

/**
 * LISTEN needs a connection of its own for as long as it listens (not one from the pool). When the server
 * drops it (a restart, an administrator), it is opened again, with backoff while the server is away, and
 * `onNotify` is called once it listens again, for what committed meanwhile (those notifications are lost).
 */
async function listenAgainAfterDrops(url: string, channel: string, onNotify: () => void): Promise<() => Promise<void>> {
  const stopping = new AbortController();
  let client: pg.Client | undefined;
  const open = async () => {
    const c = new pg.Client({ connectionString: url, application_name: LISTENER_NAME });
    c.on("error", () => undefined);
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    c.on("notification", () => onNotify());
    c.once("end", () => void reopen());
    client = c;
  };
  const reopen = async () => {
    for (let wait: number = RELISTEN_MS[0]; !stopping.signal.aborted; wait = Math.min(wait * 2, RELISTEN_MS[1])) {
      await delay(wait, undefined, { signal: stopping.signal, ref: false }).catch(() => undefined);
      if (stopping.signal.aborted) return;
      try {
        await open();
      } catch {
        continue;
      }
      if (stopping.signal.aborted) return void (await client?.end());
      return onNotify();
    }
  };
  await open();
  return async () => {
    stopping.abort();
    await client?.end();
  };
}

/**
 * The embedded server's shared buffers. Postgres zeroes them at every open, and PGlite runs that in WebAssembly:
 * with initdb's 128 MB it was the open's largest cost (4.6 s of a 12 s open at load 19; 1.5 s with 32 MB). 32 MB
 * still holds the demo plant's hot pages (its whole database is about 64 MB).
 */
const EMBEDDED_SHARED_BUFFERS = "32MB";

async function openEmbedded(dataDir: string): Promise<Database> {
  const options = { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`] };
  const lite = dataDir === "memory://" ? new PGlite(options) : new PGlite(dataDir, options);
  await lite.waitReady;
  const counter = { n: 0 };
  // made at its first use, which a start reaches only once it serves: making it (Prisma's query compiler and its
  // schema) blocks the process (0.8 s at load 16)
  let prisma: PrismaClient | undefined;
  const prismaClient = () =>
    (prisma ??= transactionsBeforeDeadline(counted(new PrismaClient({ adapter: new PrismaPGlite(lite), log: [{ emit: "event", level: "query" }] }), counter), "embedded"));
  const query = async <T>(text: string, params?: unknown[]) => (await lite.query<T>(text, params)).rows;
  return {
    kind: "embedded",
    get prisma() {
      return prismaClient();
    },
    get statementCount() {
      return counter.n;
    },
    sql: {
      query: async <T>(text: string, params?: unknown[]) => {
        counter.n++;
        return query<T>(text, params);
      },
    },
    // PGlite is a single session already.
    withSession: (fn) =>
      fn({ query, exec: async (script) => void (await lite.exec(script)), script: async <T>(statements: string) => ((await lite.exec(statements)).at(-1)?.rows ?? []) as T[] }),
    listen: (channel, onNotify) => lite.listen(channel, () => onNotify()),
    async close() {
      await prisma?.$disconnect();
      await lite.close();
    },
  };
}
