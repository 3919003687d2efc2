import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "pino";
import type { Database, Sql, SqlSession } from "../db/database";
import { isDatabaseUnavailable } from "../db/unavailable";
import { detached } from "../runtime/request-deadline";
import { Wakeup } from "../runtime/wakeup";
import type { EventBus } from "./event-bus";
import { advanceCursor, readCursor } from "./event-cursor.store";
import { awaitPublishing, lastPosition, publishedOfTopicsAfter } from "./event.store";
import type { HubEvent, Topic } from "./topics";

/** Events read per statement. */
const PAGE = 500;
/** A follower looks at the outbox this often even when the bus says nothing (a missed notification costs at most this). */
const POLL_MS = 5_000;
/** Wait before following again after a failure (the database away, say). */
const RETRY_MS = 1_000;
/** How often a hub that does not lead checks whether the leader has gone. */
const STANDBY_POLL_MS = 5_000;

export interface FollowerContext {
  /** the follower's own database session: with a leader lock, the one that holds it */
  session: Sql;
  /** with a leader lock, that session whole: a handler's own connection for its transactions (inTransaction's `held`) */
  held?: SqlSession;
  /** aborts at shutdown */
  signal: AbortSignal;
}

export type OutboxFollowerSpec = FollowerBase &
  (
    | {
        /**
         * Handles one event. A throw leaves the cursor before the event, which is handled again after a pause;
         * `false` (interrupted at shutdown) stops without moving the cursor.
         */
        handle(event: HubEvent, context: FollowerContext): Promise<boolean | void>;
      }
    | {
        /**
         * Handles the first events of a page together (a batch) and returns the position of the last one it is
         * done with: the cursor moves there and the rest come again in the next page. A throw or `false` leaves
         * the cursor where it was, as with `handle`.
         */
        handlePage(events: readonly HubEvent[], context: FollowerContext): Promise<number | false>;
      }
  );

interface FollowerBase {
  /** the cursor's name (table event_cursor) */
  name: string;
  topics: readonly Topic[];
  /**
   * With a key, one hub at a time follows: the one holding the session advisory lock (key, 0), which the
   * database frees if that hub dies. Without, every hub follows from the shared cursor (handlers must then
   * be idempotent across hubs too).
   */
  leaderLock?: number;
  /** events read per statement (default 500): a page handler that coalesces a page gains from larger ones */
  pageSize?: number;
}

/**
 * Follows the outbox at least once and in order: events of its topics after a persisted cursor, read from
 * the outbox table (so nothing is lost to a restart, a failover or a missed notification), woken by the bus
 * when something is published. The cursor moves past an event once it is handled; with a leader lock it is
 * written on the locked session, so a hub that lost its session (and the lock) cannot move it.
 */
export class OutboxFollower {
  private stopping = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly spec: OutboxFollowerSpec,
  ) {}

  start(): void {
    this.stopping = new AbortController();
    const signal = this.stopping.signal;
    this.running = detached(() => this.followUntilStopped(signal));
  }

  /** Stops and waits for the event in hand, at most `graceMs`; false if it was still busy. */
  async stop(graceMs = 30_000): Promise<boolean> {
    this.stopping.abort();
    return Promise.race([this.running.then(() => true), delay(graceMs, false, { ref: false })]);
  }

  private async followUntilStopped(signal: AbortSignal): Promise<void> {
    const { leaderLock } = this.spec;
    while (!signal.aborted) {
      try {
        if (leaderLock === undefined) await this.follow(this.db.sql, signal);
        else await this.db.withSession((session) => this.leadIfFree(session, leaderLock, signal));
      } catch (err) {
        if (!signal.aborted) {
          const context = { follower: this.spec.name, err };
          if (isDatabaseUnavailable(err)) this.log.debug(context, "outbox follower waiting for the database");
          else this.log.error(context, "outbox follower stopped; it resumes from its cursor");
        }
      }
      await delay(leaderLock === undefined ? RETRY_MS : STANDBY_POLL_MS, undefined, { signal }).catch(() => undefined);
    }
  }

  private async leadIfFree(session: SqlSession, key: number, signal: AbortSignal): Promise<void> {
    const [{ leader }] = await session.query<{ leader: boolean }>(`SELECT pg_try_advisory_lock($1::int, 0) AS leader`, [key]);
    if (!leader) return;
    try {
      await this.follow(session, signal, session);
    } finally {
      await session.query(`SELECT pg_advisory_unlock($1::int, 0)`, [key]).catch(() => undefined);
    }
  }

  private async follow(session: Sql, signal: AbortSignal, held?: SqlSession): Promise<void> {
    const { spec } = this;
    const wake = new Wake(this.bus, spec.topics, signal);
    try {
      let after = await readCursor(session, spec.name, await lastPosition(this.db.sql));
      while (!signal.aborted) {
        await awaitPublishing(this.db.sql);
        const pageSize = spec.pageSize ?? PAGE;
        const page = await publishedOfTopicsAfter(this.db.sql, spec.topics, after, pageSize);
        const last = page.at(-1)?.id ?? after;
        for (let i = 0; i < page.length && !signal.aborted; ) {
          const done = "handle" in spec ? ((await spec.handle(page[i], { session, signal, held })) === false ? false : page[i].id) : await spec.handlePage(page.slice(i), { session, signal, held });
          if (done === false || signal.aborted) return;
          if (done < page[i].id) throw new Error(`outbox follower ${spec.name}: a page handler must handle at least the page's first event`);
          await advanceCursor(session, spec.name, done);
          after = done;
          while (i < page.length && page[i].id <= done) i++;
        }
        if (page.length < pageSize && after === last) await wake.next(POLL_MS);
      }
    } finally {
      wake.close();
    }
  }
}

/**
 * Woken by any bus event of the topics; `next` returns at once if one came since the last call, else at the
 * next one or the timeout. Each topic is heard under a signal of its own: the bus adds an abort listener to
 * the signal it is given, and one signal for every topic would carry one per topic (twenty for all topics).
 */
class Wake {
  private readonly wakeup = new Wakeup();
  private readonly closing = new AbortController();
  /** ends with the follower or with `close` */
  private readonly listening: AbortSignal;

  constructor(
    private readonly bus: EventBus,
    topics: readonly Topic[],
    signal: AbortSignal,
  ) {
    this.listening = AbortSignal.any([signal, this.closing.signal]);
    for (const topic of topics) void this.listen(bus, topic, AbortSignal.any([this.listening]));
  }

  /**
   * Then lets the event's live subscribers go first: a follower's statements (and the CPU their answers
   * take) wait until the fan-out has written what the events gave it. Its hold is taken in the same
   * emit's microtasks, so after one turn of the event loop it is there to wait for.
   */
  async next(timeoutMs: number): Promise<void> {
    await this.wakeup.wait(timeoutMs, this.listening);
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.bus.settled();
  }

  close(): void {
    this.closing.abort();
  }

  private async listen(bus: EventBus, topic: Topic, signal: AbortSignal): Promise<void> {
    try {
      for await (const _ of bus.listen(topic, signal)) this.wakeup.wake();
    } catch {
      // aborted: the follower is done
    }
  }
}
