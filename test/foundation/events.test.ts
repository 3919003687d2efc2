/** Outbox → publisher → graphql-ws subscriptions, with resume after a disconnect; the exception inbox. */
import type { Client } from "graphql-ws";
import pg from "pg";
import { LISTENER_NAME } from "../../src/db/database";
import { raiseException } from "../../src/domain/exceptions/exception.store";
import { inTransaction } from "../../src/db/transaction";
import { Role } from "../../src/auth/roles";
import { startTestHub, wsEvents, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 120_000);
afterAll(() => t?.stop());

const raise = async (message: string, type: "SHORTAGE" | "LATE" = "SHORTAGE") => ({
  id: await inTransaction(t.db, (tx) => raiseException(tx, { type, message, details: { short: "5" } })),
});

/** Collects `count` events of a subscription, then unsubscribes. */
const collect = (client: Client, query: string, count: number, variables: Record<string, unknown> = {}) =>
  wsEvents(client, query, variables, (seen) => seen.length === count);

const SUB = `subscription($types: [String!], $after: ID) { exceptionRaised(types: $types, afterEventId: $after) { eventId exceptionId type message } }`;

test("an exception raised in a transaction reaches a subscriber", async () => {
  const client = t.ws();
  const received = collect(client, SUB, 1, { types: ["SHORTAGE"] });
  await new Promise((r) => setTimeout(r, 300)); // let the subscription register
  await raise("late one", "LATE"); // filtered out by type
  const row = await raise("PCBA short by 5");
  const [event] = await received;
  expect(event.exceptionRaised).toMatchObject({ exceptionId: String(row.id), type: "SHORTAGE", message: "PCBA short by 5" });
});

test("a client resuming after an event id first gets what it missed, in order", async () => {
  const first = await raise("missed 1");
  await raise("missed 2");
  await new Promise((r) => setTimeout(r, 500)); // let the publisher deliver them (it is woken at commit)
  const [{ id: firstEventId }] = await t.db.sql.query<{ id: string }>(
    `SELECT position::text AS id FROM event WHERE topic = 'exception.raised' AND (payload->>'exceptionId')::int = $1`,
    [first.id],
  );
  const events = await collect(t.ws(), SUB, 2, { after: String(Number(firstEventId) - 1) });
  expect(events.map((e) => e.exceptionRaised.message)).toEqual(["missed 1", "missed 2"]);
});

test("a client far behind gets everything it missed, page after page, once each and in order", async () => {
  const [{ last }] = await t.db.sql.query<{ last: string }>(`SELECT COALESCE(max(position), 0)::text AS last FROM event`);
  await inTransaction(t.db, async (tx) => {
    for (let i = 1; i <= 1_500; i++) await raiseException(tx, { type: "LATE", message: `backlog ${i}`, details: {} });
  });
  await until(
    async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE published_at IS NULL`))[0].n === 0,
    "the publisher to publish the backlog",
    10_000,
  );
  const events = await collect(t.ws(), SUB, 1_500, { types: ["LATE"], after: last });
  expect(events.map((e) => e.exceptionRaised.message)).toEqual(Array.from({ length: 1_500 }, (_, i) => `backlog ${i + 1}`));
}, 60_000);

test("an event whose transaction commits after a later one still reaches a live subscriber", async () => {
  const client = t.ws();
  const received = collect(client, SUB, 2, { types: ["QUALITY"] });
  await new Promise((r) => setTimeout(r, 300)); // let the subscription register
  const slow = new pg.Client({ connectionString: t.config.databaseUrl });
  await slow.connect();
  try {
    await slow.query("BEGIN");
    // takes the lower event id, then commits last
    await raiseException({ query: async (text, params) => (await slow.query(text, params)).rows }, { type: "QUALITY", message: "committed second", details: {} });
    const firstId = await inTransaction(t.db, (tx) => raiseException(tx, { type: "QUALITY", message: "committed first", details: {} }));
    // the later event is out before the earlier one commits
    await until(
      async () => (await t.db.sql.query(`SELECT 1 FROM event WHERE published_at IS NOT NULL AND (payload->>'exceptionId')::int = $1`, [firstId]))[0],
      "the publisher to publish the first committed event",
      10_000,
    );
    await slow.query("COMMIT");
  } finally {
    await slow.end();
  }
  const events = await received;
  expect(events.map((e) => e.exceptionRaised.message)).toEqual(["committed first", "committed second"]);
});

test("a client resuming after an event gets one that committed late with a lower id", async () => {
  const publishedPosition = (exceptionId: number) =>
    until(
      async () => (await t.db.sql.query<{ position: string | null }>(`SELECT position::text FROM event WHERE (payload->>'exceptionId')::int = $1`, [exceptionId]))[0]?.position,
      `the event of exception ${exceptionId} to be published`,
      10_000,
    );
  const slow = new pg.Client({ connectionString: t.config.databaseUrl });
  await slow.connect();
  let lateId: number;
  let seen: string;
  try {
    await slow.query("BEGIN");
    lateId = await raiseException({ query: async (text, params) => (await slow.query(text, params)).rows }, { type: "EQUIPMENT", message: "late, lower id", details: {} });
    const earlyId = await inTransaction(t.db, (tx) => raiseException(tx, { type: "EQUIPMENT", message: "early, higher id", details: {} }));
    seen = await publishedPosition(earlyId); // the client saw this one, then went away
    await slow.query("COMMIT");
  } finally {
    await slow.end();
  }
  await publishedPosition(lateId);
  const events = await collect(t.ws(), SUB, 1, { types: ["EQUIPMENT"], after: seen });
  expect(events.map((e) => e.exceptionRaised.message)).toEqual(["late, lower id"]);
});

test("subscribing needs a credential", async () => {
  await expect(collect(t.ws(null), SUB, 1)).rejects.toThrow(/UNAUTHENTICATED/);
});

test("the exception inbox lists, acknowledges and resolves; a viewer may not resolve", async () => {
  const list = await t.gql(`{ exceptions(first: 50, filter: { types: [SHORTAGE], statuses: [OPEN] }) { totalCount nodes { id message details } } }`);
  expect(list.data.exceptions.totalCount).toBeGreaterThanOrEqual(3);
  expect(list.data.exceptions.nodes[0].details).toEqual({ short: "5" });
  const id = list.data.exceptions.nodes[0].id;
  const ack = await t.gql(`mutation($id: ID!) { acknowledgeException(id: $id) { status } }`, { id });
  expect(ack.data.acknowledgeException.status).toBe("ACKNOWLEDGED");
  const viewer = await t.token([Role.VIEWER]);
  const refused = await t.gql(`mutation($id: ID!) { resolveException(id: $id) { status } }`, { id }, { auth: viewer });
  expect(refused.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  const resolved = await t.gql(`mutation($id: ID!) { resolveException(id: $id, note: "received the missing parts") { status resolvedAt } }`, { id });
  expect(resolved.data.resolveException.status).toBe("RESOLVED");
  const again = await t.gql(`mutation($id: ID!) { acknowledgeException(id: $id) { status } }`, { id });
  expect(again.errors?.[0].extensions?.code).toBe("INVALID_STATE");
});

test("when PostgreSQL drops the publisher's LISTEN connection, it listens again and events are published at once, not at the next poll", async () => {
  const listener = () =>
    t.db.sql.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [LISTENER_NAME]);
  const [before] = await listener();
  expect(before).toBeDefined();
  await t.db.sql.query(`SELECT pg_terminate_backend($1)`, [before.pid]);
  const published = (id: number) => async () =>
    (await t.db.sql.query(`SELECT 1 FROM event WHERE published_at IS NOT NULL AND (payload->>'exceptionId')::int = $1`, [id]))[0];
  // committed while the listener is away: its notification is lost, the publisher looks once it listens again
  const { id: during } = await raise("while the listener was away");
  await until(async () => (await listener()).find((r) => r.pid !== before.pid), "the publisher to listen again", 5_000);
  await until(published(during), "the event committed meanwhile to be published", 5_000); // the fallback poll is 30 s
  const { id: later } = await raise("after the listener came back");
  await until(published(later), "an event committed after to be published", 5_000);
});
