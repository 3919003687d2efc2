import type { Logger } from "pino";
import { detached } from "../runtime/request-deadline";

/** What clients are told to wait before retrying while the database is away (`Retry-After`, seconds). */
export const RETRY_AFTER_SECONDS = 5;
const PROBE_MS = 1_000;

/** Node socket errors of a server that cannot be reached or went away. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "EPIPE"]);
/** SQLSTATEs of a server shutting down, starting up or out of connections (class 08: connection exceptions). */
const SERVER_STATES = /^(08...|57P01|57P02|57P03|53300)$/;
/** The driver adapter's kinds for the same (see @prisma/adapter-pg's error conversion). */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** Prisma's codes: server unreachable, timed out, closed the connection; no connection from the pool in time. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
/** pg's errors without a code (a connection lost mid-query, a pool that could not connect in time), also as quoted by Prisma. */
const PG_MESSAGES = /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/;

/**
 * Whether `err` says the database cannot be reached at the moment (a restart, a network cut, no free
 * connection) rather than that something is wrong with the request: the one place that tells them apart. It looks
 * through causes, and through graphql-js's wrapper of a thrown value it did not recognise as an Error (`thrownValue`:
 * a pg error from another realm, as under Jest's VM modules).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as Record<string, any> | undefined, depth = 0; e && typeof e === "object" && depth < 5; e = e.cause ?? e.thrownValue, depth++) {
    const adapter = e.meta?.driverAdapterError?.cause ?? (e.name === "DriverAdapterError" ? e.cause : undefined);
    if (adapter && (ADAPTER_KINDS.has(adapter.kind) || SERVER_STATES.test(adapter.originalCode ?? ""))) return true;
    if (typeof e.code === "string" && (SOCKET_CODES.has(e.code) || SERVER_STATES.test(e.code) || PRISMA_CODES.has(e.code))) return true;
    if (e.name === "PrismaClientInitializationError") return true;
    if (typeof e.message === "string" && PG_MESSAGES.test(e.message)) return true;
    if (e instanceof AggregateError) return e.errors.some(isDatabaseUnavailable);
  }
  return false;
}

/**
 * Keeps an outage of the database to two log lines: one when the first failure shows it, one when it is
 * reachable again (probed every second meanwhile), instead of an error per request.
 */
export class DatabaseOutage {
  private since: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  /** True when `err` is the database being unavailable (then noted: logged if it starts an outage). */
  noted(err: unknown): boolean {
    if (!isDatabaseUnavailable(err)) return false;
    if (this.since === undefined && !this.stopped) {
      this.since = Date.now();
      this.log.error({ err }, "database unavailable");
      detached(() => this.watch());
    }
    return true;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private watch() {
    this.timer = setTimeout(() => {
      this.probe().then(
        () => {
          this.log.info({ downMs: Date.now() - this.since! }, "database available again");
          this.since = undefined;
        },
        () => this.stopped || this.watch(),
      );
    }, PROBE_MS);
    this.timer.unref();
  }
}
