import { EventEmitter, on } from "node:events";
import Redis from "ioredis";
import type { Logger } from "pino";
import { databaseName, type Database } from "../db/database";
import { inTransaction } from "../db/transaction";
import { detached } from "../runtime/request-deadline";
import { lastPosition, publishedAfter } from "./event.store";
import { PUBLISH_LOCK } from "./outbox";
import type { HubEvent, Topic } from "./topics";

/**
 * Fan-out of published events to this process's subscribers. In memory for one instance; through Redis
 * pub/sub when several instances serve subscribers (each event is published by exactly one instance's
 * outbox publisher, and Redis delivers it to all).
 */
export interface EventBus {
  publish(event: HubEvent): Promise<void>;
  /** live events of `topic` until `signal` aborts */
  listen(topic: Topic, signal: AbortSignal): AsyncIterable<HubEvent>;
  /**
   * Marks a delivery under way (a subscription fan-out sending an event's messages) until the returned
   * function is called: work that can wait (outbox followers' statements) waits for it through `settled`.
   */
  hold(): () => void;
  /** Resolves once the deliveries held now are done; not those held later, so a waiter never starves. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export class MemoryEventBus implements EventBus {
  protected readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly holds = new Set<Promise<void>>();

  async publish(event: HubEvent) {
    this.emitter.emit(event.topic, event);
  }

  async *listen(topic: Topic, signal: AbortSignal): AsyncIterable<HubEvent> {
    try {
      for await (const [event] of on(this.emitter, topic, { signal })) yield event as HubEvent;
    } catch (e) {
      if ((e as Error).name !== "AbortError") throw e;
    }
  }

  hold(): () => void {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.holds.add(held);
    return () => {
      this.holds.delete(held);
      release();
    };
  }

  async settled(): Promise<void> {
    if (this.holds.size > 0) await Promise.all(this.holds);
  }

  async close() {
    this.emitter.removeAllListeners();
  }
}

/**
 * The Redis channel of the hubs sharing one database: named after it, so that hubs of other databases on the
 * same Redis (another plant, a test) neither receive these events nor — since positions are per database —
 * make a bus skip its own events as already handed out.
 */
const channelOf = (database: string) => `hub-events:${database}`;
/** Missed events read per statement while catching up after a reconnect. */
const CATCH_UP_PAGE = 1_000;

/**
 * Redis pub/sub is fire-and-forget: what is published while this process's subscriber connection is down
 * never reaches it. So the bus remembers the position of the last event it handed out, and when Redis
 * drops that connection it subscribes again and hands out what was published meanwhile from the outbox
 * (each event once, in position order, live ones held until the missed ones are out).
 */
export class RedisEventBus extends MemoryEventBus {
  /** position of the last event handed to this process's listeners */
  private delivered = 0;
  /** live events that arrive while catching up */
  private held: HubEvent[] | null = null;
  /** catch-ups run one after the other */
  private resumed: Promise<void> = Promise.resolve();

  private constructor(
    private readonly channel: string,
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly db: Database,
    private readonly log: Logger,
  ) {
    super();
    sub.on("message", (_channel: string, message: string) => {
      const event = JSON.parse(message) as HubEvent;
      event.createdAt = new Date(event.createdAt);
      if (this.held) this.held.push(event);
      else this.deliver(event);
    });
  }

  static async connect(url: string, db: Database, log: Logger): Promise<RedisEventBus> {
    const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const sub = new Redis(url, { lazyConnect: true, autoResubscribe: false });
    await Promise.all([pub.connect(), sub.connect()]);
    const bus = new RedisEventBus(channelOf(await databaseName(db.sql)), pub, sub, db, log);
    bus.delivered = await lastPosition(db.sql);
    await sub.subscribe(bus.channel);
    // "ready" again means Redis dropped the connection and it is back
    sub.on("ready", () => {
      bus.resumed = bus.resumed.then(() => detached(() => bus.resume()));
    });
    return bus;
  }

  override async publish(event: HubEvent) {
    await this.pub.publish(this.channel, JSON.stringify(event));
  }

  override async close() {
    await super.close();
    this.sub.disconnect();
    this.pub.disconnect();
  }

  private deliver(event: HubEvent) {
    if (event.id <= this.delivered) return; // handed out while catching up
    this.delivered = event.id;
    this.emitter.emit(event.topic, event);
  }

  private async resume() {
    this.held = [];
    try {
      await this.sub.subscribe(this.channel);
      // Subscribed: what is published from now on arrives live. Publishing transactions still open hold
      // PUBLISH_LOCK; taking it shared waits for them, so the read below sees all published before.
      let page = await inTransaction(this.db, async (tx) => {
        await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock_shared(${PUBLISH_LOCK})`);
        return publishedAfter(tx, this.delivered, CATCH_UP_PAGE);
      });
      for (; page.length > 0; page = page.length === CATCH_UP_PAGE ? await publishedAfter(this.db.sql, this.delivered, CATCH_UP_PAGE) : []) {
        for (const event of page) this.deliver(event);
      }
    } catch (err) {
      this.log.error({ err }, "events published while Redis was away could not be read: live subscribers miss them (a client resuming with afterEventId gets them)");
    } finally {
      const held = this.held;
      this.held = null;
      for (const event of held) this.deliver(event);
    }
  }
}
