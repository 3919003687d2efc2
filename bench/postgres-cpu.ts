/**
 * CPU time spent by the PostgreSQL backends of one database and some applications (`application_name`, which
 * tells the targets' pools apart), read from /proc/<pid>/stat (utime + stime) of the backends pg_stat_activity
 * lists — the server runs on this machine in every bench. Two readings around a run give a target's PostgreSQL
 * CPU. A backend that ends between them loses its share (pools keep theirs open while they are busy); on a system
 * without /proc it reads 0.
 */
import { readFileSync } from "node:fs";
import { openDatabase } from "../src/db/database";

/** USER_HZ: /proc counts CPU time in clock ticks, 100 per second on Linux. */
const TICKS_PER_SECOND = 100;

/** Busy CPU ticks of a process, or 0 when it is gone or unreadable. */
function ticks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // after "pid (comm) ": field 3 is state; utime and stime are fields 14 and 15
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** A reading: each backend's CPU time in µs, by pid. */
export type PostgresCpu = () => Promise<Map<number, number>>;

/**
 * Readings of the backends of `applications`, made on a connection of its own (left out of them). A reader
 * borrowing from a measured pool would leave out a different connection each time, and one left out before and
 * counted after would add its whole lifetime's CPU (seen: 0.3 s a second of "idle" hub in bench/graphql-read).
 */
export async function openPostgresCpu(url: string) {
  const reader = await openDatabase({ url, poolSize: 1 });
  const [{ database }] = await reader.sql.query<{ database: string }>(`SELECT current_database() AS database`);
  return {
    /** A reading function: the CPU time in µs of each backend of `applications`, so that new backends count from zero. */
    of: (...applications: string[]): PostgresCpu => async () => {
      const backends = await reader.sql.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = ANY($2::text[]) AND pid <> pg_backend_pid()`,
        [database, applications],
      );
      return new Map(backends.map(({ pid }) => [pid, (ticks(pid) * 1_000_000) / TICKS_PER_SECOND]));
    },
    close: () => reader.close(),
  };
}

/** µs of CPU the backends spent between two readings (a backend first seen in `after` counts all of its time). */
export const cpuBetween = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, us]) => sum + us - (before.get(pid) ?? 0), 0);
