/**
 * Subscription fan-out through the real hub (src/execution/subscription-fanout.ts): subscribers sharing
 * document, variables and authorization get the same bytes from one execution per event (counted by the
 * hub's /metrics), other scopes never see what is not theirs, graphql-ws ids and completes stay right, the
 * heap comes back after 10,000 events to 500 subscribers, and a subscriber too slow to read is closed.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Role } from "../../src/auth/roles";
import { inTransaction } from "../../src/db/transaction";
import { writeEvents } from "../../src/events/outbox";
import type { Topics } from "../../src/events";
import { startTestHub, wsEvents, type TestHub } from "../support/test-hub";
import { until } from "../support/until";
import { WsSubscribers } from "../support/ws-subscribers";

let t: TestHub;
let warehouse: { W1: number; W2: number; W3: number };
beforeAll(async () => {
  t = await startTestHub();
  const rows = await t.db.sql.query<{ id: number; code: "W1" | "W2" | "W3" }>(
    `INSERT INTO warehouse (code, name) VALUES ('W1', 'One'), ('W2', 'Two'), ('W3', 'Three') RETURNING id, code`,
  );
  warehouse = Object.fromEntries(rows.map((r) => [r.code, r.id])) as typeof warehouse;
}, 120_000);
afterAll(() => t?.stop());

const SUB = `subscription { exceptionRaised { eventId exceptionId type message } }`;
let sequence = 0;

/** Writes `count` exception.raised events of a warehouse to the outbox, in one transaction. */
async function raise(count: number, warehouseCode: "W1" | "W2" | "W3", message = "fan-out") {
  const payloads: Topics["exception.raised"][] = Array.from({ length: count }, () => ({
    exceptionId: ++sequence,
    type: "SHORTAGE",
    severity: "WARNING",
    message,
    materialId: null,
    warehouseId: warehouse[warehouseCode],
    workOrderId: null,
  }));
  await inTransaction(t.db, (tx) => writeEvents(tx, "exception.raised", payloads));
}

/** A metric's value from the hub's /metrics (0 when absent). */
async function metric(name: string, labels = ""): Promise<number> {
  const text = await (await fetch(new URL("/metrics", t.hub.url))).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(" ")[1]) : 0;
}
const EXECUTIONS = ["hub_subscription_executions_total", '{topic="exception.raised"}'] as const;

/** Opens subscribers and waits until the hub runs all of their subscriptions. */
async function subscribers(count: number, token: string | string[]): Promise<WsSubscribers> {
  const open = await metric("hub_subscriptions_open");
  const subs = await WsSubscribers.open(t.hub.wsUrl, count, { token: (i) => [token].flat()[i % [token].flat().length], query: () => SUB });
  await until(async () => (await metric("hub_subscriptions_open")) >= open + count, "the subscriptions to run");
  return subs;
}

/** The part of a `next` message after its id: what subscribers of one group share. */
const shared = (text: string | undefined) => text?.replace(/^\{"id":"1",/, "");

test("subscribers of one document and scope get the same payload from one execution per event; another scope sees only its own", async () => {
  const admin = await t.token([Role.ADMIN]);
  const w2 = await t.token([Role.VIEWER], ["W2"]);
  const [all, onlyW2] = [await subscribers(40, admin), await subscribers(40, w2)];
  expect(await metric("hub_subscription_groups")).toBe(2);
  const executed = await metric(...EXECUTIONS);

  await raise(1, "W1", "in W1");
  await until(() => all.total() === 40, "every unscoped subscriber to get the W1 event");
  // the W2 group heard the event and filtered it out: one execution, for the unscoped group
  expect(await metric(...EXECUTIONS)).toBe(executed + 1);
  expect(new Set(all.last.map(shared)).size).toBe(1);
  expect(JSON.parse(all.last[0]!)).toMatchObject({ id: "1", type: "next", payload: { data: { exceptionRaised: { type: "SHORTAGE", message: "in W1" } } } });

  await raise(1, "W2", "in W2");
  await until(() => all.total() === 80 && onlyW2.total() === 40, "both groups to get the W2 event");
  expect(await metric(...EXECUTIONS)).toBe(executed + 3);
  expect(onlyW2.counts.every((n) => n === 1)).toBe(true);
  expect(new Set(onlyW2.last.map(shared))).toEqual(new Set([shared(all.last[0])]));
  expect(JSON.parse(onlyW2.last[0]!).payload.data.exceptionRaised.message).toBe("in W2");
  expect([...all.other, ...onlyW2.other]).toEqual([]);
  await Promise.all([all.close(), onlyW2.close()]);
  await until(async () => (await metric("hub_subscription_groups")) === 0, "the groups to end with their last subscriber");
});

test("subscribers with other variables, documents or roles are other groups; each gets its own result", async () => {
  const viewer = await t.token([Role.VIEWER]);
  const planner = await t.token([Role.PLANNER]);
  const withTypes = `subscription($types: [String!]) { exceptionRaised(types: $types) { exceptionId type } }`;
  const a = await subscribers(5, viewer);
  const b = await subscribers(5, planner);
  const c = await WsSubscribers.open(t.hub.wsUrl, 5, { token: () => viewer, query: () => withTypes, variables: () => ({ types: ["SHORTAGE"] }) });
  const d = await WsSubscribers.open(t.hub.wsUrl, 5, { token: () => viewer, query: () => withTypes, variables: () => ({ types: ["LATE"] }) });
  await until(async () => (await metric("hub_subscription_groups")) === 4, "four groups");
  const executed = await metric(...EXECUTIONS);
  await raise(1, "W1");
  await until(() => a.total() === 5 && b.total() === 5 && c.total() === 5, "the three groups that keep it");
  expect(await metric(...EXECUTIONS)).toBe(executed + 3); // LATE's group filtered it out
  expect(d.total()).toBe(0);
  expect(JSON.parse(c.last[0]!).payload.data.exceptionRaised).toEqual({ exceptionId: String(sequence), type: "SHORTAGE" });
  await Promise.all([a, b, c, d].map((s) => s.close()));
});

test("a subscriber that completes gets nothing more, the others still do; a refused one gets its error; a graphql-ws client reads the messages", async () => {
  const token = await t.token([Role.VIEWER]);
  const subs = await subscribers(3, token);
  const client = t.ws(token);
  const viaClient = wsEvents(client, SUB, {}, (seen) => seen.length === 2);
  await until(async () => (await metric("hub_subscriptions_open")) >= 4, "the client's subscription");
  subs.complete(0);
  await until(async () => (await metric("hub_subscriptions_open")) === 3, "the completed subscription to end");
  await raise(2, "W1", "after complete");
  await until(() => subs.counts[1] === 2 && subs.counts[2] === 2, "the others to get both events");
  expect(subs.counts[0]).toBe(0);
  expect(subs.other).toEqual([]); // the hub answers a client's complete with nothing
  expect((await viaClient).map((e) => e.exceptionRaised.message)).toEqual(["after complete", "after complete"]);

  const refused = await WsSubscribers.open(t.hub.wsUrl, 1, { token: () => token, query: () => `subscription { importProgress { eventId } }` });
  // as graphql-js answers a subscribe resolver's error: a result with the error, then complete
  await until(() => refused.other.length === 1, "the refusal");
  expect(JSON.parse(refused.last[0]!)).toMatchObject({ id: "1", type: "next", payload: { errors: [{ extensions: { code: "FORBIDDEN" } }] } });
  expect(JSON.parse(refused.other[0])).toEqual({ id: "1", type: "complete" });
  await Promise.all([subs.close(), refused.close()]);
});

test("10,000 events to 500 subscribers: every message arrives and the heap comes back near where it was", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const tokens = await Promise.all([t.token([Role.ADMIN]), t.token([Role.VIEWER], ["W1"]), t.token([Role.PLANNER], ["W1", "W2"]), t.token([Role.VIEWER])]);
  const subs = await subscribers(500, tokens);
  const CHUNK = 500;
  const send = async (events: number) => {
    for (let sent = 0; sent < events; sent += CHUNK) {
      const expected = subs.total() + 500 * CHUNK;
      await raise(CHUNK, "W1");
      await until(() => subs.total() === expected, `500 × ${CHUNK} messages`, 120_000);
    }
  };
  await send(CHUNK); // warm up: groups, compiled code, pools
  const before = heap();
  await send(10_000);
  const after = heap();
  expect(subs.counts.every((n) => n === 10_000 + CHUNK)).toBe(true);
  expect((after - before) / 2 ** 20).toBeLessThan(16);
  await subs.close();
  await until(async () => (await metric("hub_subscription_groups")) === 0, "every group to end");
}, 600_000);

test("the hub's own frames: messages with 7-, 16- and 64-bit lengths, written together, arrive whole and in order", async () => {
  const texts = ["short", "m".repeat(1_000), "l".repeat(70_000)];
  const received: string[][] = [[], [], []];
  const admin = await t.token([Role.ADMIN]);
  const open = await metric("hub_subscriptions_open");
  const subs = await WsSubscribers.open(t.hub.wsUrl, 3, { token: () => admin, query: () => SUB }, (i, text) => received[i].push(text));
  await until(async () => (await metric("hub_subscriptions_open")) >= open + 3, "the subscriptions to run");
  // one transaction: published together, so each socket gets the three frames in one write
  await inTransaction(t.db, (tx) =>
    writeEvents(tx, "exception.raised", texts.map((message) => ({ exceptionId: ++sequence, type: "SHORTAGE", severity: "WARNING", message, materialId: null, warehouseId: warehouse.W1, workOrderId: null }))),
  );
  await until(() => subs.total() === 9, "three messages to each subscriber");
  for (const messages of received) expect(messages.map((m) => JSON.parse(m).payload.data.exceptionRaised.message)).toEqual(texts);
  expect(subs.other).toEqual([]);
  await subs.close();
});

test("a flush spanning turns (more sockets than one turn writes) keeps each subscription's messages whole and in order, two subscriptions on one socket included", async () => {
  const admin = await t.token([Role.ADMIN]);
  const received: string[][] = Array.from({ length: 600 }, () => []);
  const open = await metric("hub_subscriptions_open");
  const subs = await WsSubscribers.open(t.hub.wsUrl, 600, { token: () => admin, query: () => SUB }, (i, text) => received[i].push(text));
  // one graphql-ws connection with two subscriptions in two groups (other documents)
  const client = t.ws(admin);
  const EVENTS = 100;
  const messages = (seen: { exceptionRaised: { message: string } }[]) => seen.map((e) => e.exceptionRaised.message);
  const plain = wsEvents(client, SUB, {}, (seen) => seen.length === EVENTS);
  const filtered = wsEvents(client, `subscription { exceptionRaised(types: ["SHORTAGE"]) { message } }`, {}, (seen) => seen.length === EVENTS);
  await until(async () => (await metric("hub_subscriptions_open")) >= open + 602, "the subscriptions to run");
  // five transactions without waiting: later events are queued while the flushes of earlier ones still run
  await Promise.all(Array.from({ length: 5 }, (_, k) => raise(EVENTS / 5, "W1", `batch ${k}`)));
  await until(() => subs.total() === 600 * EVENTS, "every message to every subscriber", 60_000);
  const [viaPlain, viaFiltered] = await Promise.all([plain, filtered]);
  // each transaction's events in order, whatever order the transactions committed in
  const ordered = (ids: number[]) => ids.every((id, k) => k === 0 || id > ids[k - 1]);
  const ids = received.map((texts) => texts.map((text) => Number(JSON.parse(text).payload.data.exceptionRaised.eventId)));
  expect(ids.every((list) => list.length === EVENTS && ordered(list))).toBe(true);
  expect(ids.every((list) => list.join() === ids[0].join())).toBe(true);
  expect(messages(viaPlain)).toEqual(messages(viaFiltered));
  expect(messages(viaPlain)).toEqual(received[0].map((text) => JSON.parse(text).payload.data.exceptionRaised.message));
  expect(subs.other).toEqual([]);
  await subs.close();
}, 120_000);

test("a subscriber that stops reading is closed (1013) once more than 16 MiB wait for it, and the other subscribers get every message", async () => {
  const admin = await t.token([Role.ADMIN]);
  const subs = await subscribers(2, admin);
  const closed = subs.closeCode(0);
  subs.reading(0, false);
  // 52 MiB in 40 transactions: beyond the limit and what the kernel's socket buffers take, and the fan-out checks
  // what waits for a socket before each flush's write to it
  const message = "x".repeat(64 * 1024);
  for (let round = 0; round < 40; round++) await raise(20, "W1", message);
  await until(() => subs.counts[1] === 800, "the subscriber that reads to get every message", 60_000);
  subs.reading(0, true);
  // without the limit it would read all 800 and stay open
  expect(await Promise.race([closed, until(() => subs.counts[0] === 800 && "read all 800", "the slow subscriber to be closed", 60_000)])).toBe(1013);
  expect(subs.counts[0]).toBeGreaterThan(0);
  expect(subs.counts[0]).toBeLessThan(800);
}, 120_000);

test("an event heard by several scoped groups looks its warehouse up once, and not again for later events", async () => {
  // W3: no earlier test raised an event there, so its code is not known to the hub yet
  const lookups = jest.spyOn(t.hub.services.sites, "warehousesByIds"); // calls through: counts the reads
  try {
    const tokens = [await t.token([Role.VIEWER], ["W3"]), await t.token([Role.VIEWER], ["W1", "W3"]), await t.token([Role.PLANNER], ["W3"])];
    const groups = await metric("hub_subscription_groups");
    const subs = await subscribers(30, tokens);
    expect(await metric("hub_subscription_groups")).toBe(groups + 3);

    await raise(1, "W3", "first in W3");
    await until(() => subs.total() === 30, "every W3 subscriber to get the first event");
    await raise(2, "W3", "more in W3");
    await until(() => subs.total() === 90, "every W3 subscriber to get the next two");
    // one subscription's cache each (as before) would have read it once per group: 3 times
    expect(lookups.mock.calls.filter(([, ids]) => ids.includes(warehouse.W3))).toHaveLength(1);
    await subs.close();
  } finally {
    lookups.mockRestore();
  }
}, 60_000);
