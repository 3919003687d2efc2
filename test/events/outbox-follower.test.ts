/**
 * The OutboxFollower over the real outbox: events written in transactions and published by the hub's
 * publisher, followed from a persisted cursor by followers woken through Redis (as a second hub's would be).
 * Positions expected here are read from the event table, not from the follower.
 */
import { getEventListeners } from "node:events";
import { openDatabase, type Database } from "../../src/db/database";
import { inTransaction } from "../../src/db/transaction";
import { RedisEventBus, type EventBus } from "../../src/events/event-bus";
import { TOPICS } from "../../src/events/event-scope";
import { writeEvent } from "../../src/events/outbox";
import { OutboxFollower } from "../../src/events/outbox-follower";
import type { HubEvent, Topic } from "../../src/events/topics";
import { createLogger } from "../../src/runtime/logger";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** a lock key of this test's own, apart from the hub's followers */
const TEST_LOCK = 74_269_901;

let t: TestHub;
const opened: { db: Database; bus: EventBus }[] = [];

beforeAll(async () => {
  t = await startTestHub({ env: { REDIS_URL } });
}, 120_000);
afterAll(async () => {
  for (const o of opened) {
    await o.bus.close();
    await o.db.close();
  }
  await t?.stop();
});

/** A database session pool and a Redis bus of their own, as another hub process has. */
async function hubSide() {
  const db = await openDatabase({ url: t.config.databaseUrl!, poolSize: 3 });
  const bus = await RedisEventBus.connect(REDIS_URL, db, createLogger(t.config));
  opened.push({ db, bus });
  return { db, bus };
}

/** A follower that records what it handles, over a bus that records the signals it is given. */
async function follower(name: string, topics: readonly Topic[], leaderLock?: number) {
  const { db, bus: hubBus } = await hubSide();
  const signals: AbortSignal[] = [];
  const waits = { settled: 0 };
  const bus: EventBus = {
    publish: (e) => hubBus.publish(e),
    close: () => hubBus.close(),
    listen: (topic, signal) => (signals.push(signal), hubBus.listen(topic, signal)),
    hold: () => hubBus.hold(),
    settled: () => (waits.settled++, hubBus.settled()),
  };
  const handled: HubEvent[] = [];
  const f = new OutboxFollower(db, bus, createLogger(t.config), {
    name,
    topics,
    leaderLock,
    handle: async (event) => void handled.push(event),
  });
  f.start();
  return { f, handled, signals, bus, waits };
}

let revoked = 0;
/** One event of each topic in its own transaction; returns nothing: positions are read back from the table. */
async function write(topics: Topic[]) {
  for (const topic of topics) {
    await inTransaction(t.db, async (tx) => {
      if (topic === "apiKey.revoked") await writeEvent(tx, topic, { apiKeyId: ++revoked });
      else if (topic === "pick.list") await writeEvent(tx, topic, { pickListId: revoked, number: `PL-${revoked}`, warehouseCode: "W1", status: "OPEN", workOrderId: null, transferOrderId: null });
      else if (topic === "count.session") await writeEvent(tx, topic, { countSessionId: revoked, number: `CS-${revoked}`, warehouseCode: "W1", status: "OPEN" });
      else throw new Error(`no sample payload for ${topic}`);
    });
  }
}

/** The published positions of these topics after `after`, in order, as the table has them. */
async function positions(topics: Topic[], after = 0): Promise<{ id: number; topic: string }[]> {
  await until(async () => (await t.db.sql.query(`SELECT 1 FROM event WHERE position IS NULL`)).length === 0, "the outbox to be published");
  return t.db.sql.query(`SELECT position::int AS id, topic FROM event WHERE topic = ANY($1::text[]) AND position > $2 ORDER BY position`, [topics, after]);
}

const cursorOf = async (name: string) => (await t.db.sql.query<{ last: number }>(`SELECT last_event_id::int AS last FROM event_cursor WHERE name = $1`, [name]))[0]?.last;

test("a follower hands over the events of its topics, and of those only, in position order", async () => {
  const topics: Topic[] = ["apiKey.revoked", "pick.list"];
  const { f, handled } = await follower("test-order", topics);
  const start = await until(() => cursorOf("test-order"), "the follower's cursor");
  await write(["pick.list", "apiKey.revoked", "count.session", "apiKey.revoked", "pick.list", "count.session", "apiKey.revoked"]);
  const expected = await positions(topics, start);
  expect(expected).toHaveLength(5);
  await until(() => handled.length >= expected.length, "the follower to hand over five events");
  expect(handled.map((e) => ({ id: e.id, topic: e.topic }))).toEqual(expected);
  await until(async () => (await cursorOf("test-order")) === expected[4].id, "the cursor past the last event");
  await f.stop();
});

test("a follower started again resumes from its cursor: what it handled is not handed over again, what came meanwhile is", async () => {
  const topics: Topic[] = ["apiKey.revoked"];
  const first = await follower("test-resume", topics);
  const start = await until(() => cursorOf("test-resume"), "the follower's cursor");
  await write(["apiKey.revoked", "apiKey.revoked"]);
  const before = await positions(topics, start);
  await until(() => first.handled.length === 2, "two events handled");
  await first.f.stop();
  await write(["apiKey.revoked", "apiKey.revoked", "apiKey.revoked"]);
  const meanwhile = await positions(topics, before[1].id);
  const second = await follower("test-resume", topics);
  await until(() => second.handled.length >= 3, "the three events written while it was stopped");
  expect(second.handled.map((e) => e.id)).toEqual(meanwhile.map((e) => e.id));
  await second.f.stop();
});

test("with a leader lock, one of two hubs follows; when it stops the other takes over from the shared cursor", async () => {
  const topics: Topic[] = ["apiKey.revoked"];
  const a = await follower("test-leader", topics, TEST_LOCK);
  const b = await follower("test-leader", topics, TEST_LOCK);
  const start = await until(() => cursorOf("test-leader"), "the leader's cursor");
  await write(["apiKey.revoked", "apiKey.revoked", "apiKey.revoked"]);
  const firstBatch = await positions(topics, start);
  await until(() => a.handled.length + b.handled.length >= 3, "three events handled");
  const [leader, standby] = a.handled.length > 0 ? [a, b] : [b, a];
  expect(standby.handled).toEqual([]);
  expect(leader.handled.map((e) => e.id)).toEqual(firstBatch.map((e) => e.id));

  await leader.f.stop();
  await write(["apiKey.revoked", "apiKey.revoked"]);
  const secondBatch = await positions(topics, firstBatch[2].id);
  await until(() => standby.handled.length >= 2, "the other hub to take over", 30_000);
  expect(standby.handled.map((e) => e.id)).toEqual(secondBatch.map((e) => e.id));
  expect(leader.handled).toHaveLength(3);
  await standby.f.stop();
}, 60_000);

test("a follower of every topic leaves no abort listeners behind: one per topic's signal, however many events woke it", async () => {
  const { f, handled, signals } = await follower("test-listeners", TOPICS);
  await until(() => cursorOf("test-listeners"), "the follower's cursor");
  expect(signals).toHaveLength(TOPICS.length);
  for (let i = 1; i <= 15; i++) {
    await write(["apiKey.revoked"]);
    await until(() => handled.filter((e) => e.topic === "apiKey.revoked").length === i, "the event handled");
  }
  for (const signal of signals) expect(getEventListeners(signal, "abort").length).toBeLessThanOrEqual(1);
  await f.stop();
});

test("a follower woken by an event waits until the bus's deliveries under way are out (a fan-out's messages go first)", async () => {
  const topics: Topic[] = ["apiKey.revoked"];
  const { f, handled, bus, waits } = await follower("test-held", topics);
  const start = await until(() => cursorOf("test-held"), "the follower's cursor");
  await write(["apiKey.revoked"]);
  const [first] = await positions(topics, start);
  await until(async () => (await cursorOf("test-held")) === first.id, "the first event handled");
  await new Promise((resolve) => setTimeout(resolve, 200)); // the follower is back asleep, waiting for the bus

  const release = bus.hold(); // as the fan-out does for each event until its messages are written
  const woken = waits.settled;
  await write(["apiKey.revoked"]);
  const [second] = await positions(topics, first.id);
  await until(() => waits.settled > woken, "the follower to wake and wait for the delivery");
  await new Promise((resolve) => setTimeout(resolve, 200)); // time it would have had to read and handle the event
  expect(handled.map((e) => e.id)).toEqual([first.id]);
  release();
  await until(() => handled.length === 2, "the event handled once the delivery is out");
  expect(handled[1].id).toBe(second.id);
  await f.stop();
});
