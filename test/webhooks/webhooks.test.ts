/**
 * Webhooks over the real hub: a real receiver verifies every signature and counts what it acknowledges.
 * Stock of M1 (bought by ANNA from supplier S1) and M2 (bought by BEN) falls below its safety stock in W1
 * and W2 (a `stock.low` event each time); which webhook should hear of which event is worked out here from
 * the events' payloads in the outbox, not from the hub's delivery records.
 */
import { Role } from "../../src/auth/roles";
import { openDatabase } from "../../src/db/database";
import { createLogger } from "../../src/runtime/logger";
import { startHub } from "../../src/server";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";
import { Receiver } from "./receiver";

const SECRET = "whsec-0123456789abcdef";
let t: TestHub;
let receiver: Receiver;

const ok = async (query: string, variables: Record<string, unknown> = {}, auth?: string) => {
  const res = await t.gql(query, variables, auth === undefined ? {} : { auth });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
};

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.up();
  t = await startTestHub({ env: { WEBHOOKS_ENABLED: "true", WEBHOOK_TIMEOUT_MS: "500", WEBHOOK_RETRY_BASE_MS: "1", WEBHOOK_ATTEMPTS: "4" } });
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant'), ('W2', 'Store')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  for (const [code, buyer] of [["M1", "anna"], ["M2", "BEN"]]) {
    await ok(`mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`, {
      input: { code, name: `Bought ${code}`, uomCode: "EA", type: "BUY", safetyStock: "10", buyer },
    });
    // 5 on hand: below safety stock without having crossed it, so every cycle below crosses it once
    for (const warehouseCode of ["W1", "W2"]) await ok(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { replayed } }`, { i: { materialCode: code, warehouseCode, locationCode: "A1", quantity: "5" } });
  }
  await ok(`mutation { createSupplier(input: { code: "S1", name: "Parts Ltd" }) { id } }`);
  await ok(`mutation { syncSupplierItem(input: { supplierCode: "S1", materialCode: "M1" }) { supplierCode } }`);
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await receiver?.down();
});

/** The stock of a material in a warehouse rises above its safety stock and falls below again: one stock.low. */
async function low(materialCode: string, warehouseCode: string) {
  const input = { materialCode, warehouseCode, locationCode: "A1", quantity: "10" };
  await ok(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { replayed } }`, { i: input });
  await ok(`mutation($i: IssueStockInput!) { issueStock(input: $i) { replayed } }`, { i: input });
}

const CREATE = `mutation($input: WebhookInput!) { createWebhook(input: $input) { id secretPrefix } }`;
async function webhook(path: string, extra: Record<string, unknown> = {}, auth?: string): Promise<string> {
  const data = await ok(CREATE, { input: { name: `hook ${path}`, url: receiver.url(path, SECRET), topics: ["stock.low"], secret: SECRET, ...extra } }, auth);
  expect(data.createWebhook.secretPrefix).toBe("whse…");
  return data.createWebhook.id;
}

/** stock.low events after position `after`, from the outbox. */
async function lowEvents(after: number) {
  await until(async () => (await t.db.sql.query(`SELECT 1 FROM event WHERE position IS NULL`)).length === 0, "the outbox to be published");
  return t.db.sql.query<{ id: number; materialCode: string; warehouseCode: string }>(
    `SELECT position::int AS id, payload->>'materialCode' AS "materialCode", payload->>'warehouseCode' AS "warehouseCode" FROM event WHERE topic = 'stock.low' AND position > $1 ORDER BY position`,
    [after],
  );
}
const lastPosition = async () => (await t.db.sql.query<{ p: number }>(`SELECT COALESCE(max(position), 0)::int AS p FROM event`))[0].p;

/** The follower has passed every event and no delivery waits. */
async function settled() {
  await until(async () => {
    const [{ behind }] = await t.db.sql.query<{ behind: boolean }>(
      `SELECT COALESCE((SELECT last_event_id FROM event_cursor WHERE name = 'webhooks'), 0) < (SELECT COALESCE(max(position), 0) FROM event) AS behind`,
    );
    return !behind && (await t.db.sql.query(`SELECT 1 FROM webhook_delivery WHERE status = 'PENDING'`)).length === 0;
  }, "the webhooks to have delivered everything");
}

test("through 500s and a timeout the receiver gets each event once, signed, with its id, topic, time and payload", async () => {
  await webhook("/all");
  const after = await lastPosition();
  receiver.answerNext("/all", 500, "hang", 500);
  await low("M1", "W1");
  await low("M2", "W2");
  await low("M1", "W2");
  const expected = await lowEvents(after);
  expect(expected).toHaveLength(3);
  await until(() => receiver.acknowledged("/all").length >= 3, "three events acknowledged");
  await settled();
  expect(receiver.acknowledged("/all")).toEqual(expected.map((e) => e.id));
  const requests = receiver.received.filter((r) => r.path === "/all");
  expect(requests.map((r) => r.answer)).toEqual([500, "hang", 500, 200, 200, 200]);
  expect(requests.every((r) => r.signed && r.eventId === String(r.body.id))).toBe(true);
  const first = requests[3].body;
  expect(first).toMatchObject({ id: expected[0].id, topic: "stock.low", payload: { materialCode: "M1", warehouseCode: "W1", available: "5", safetyStock: "10" } });
  expect(new Date(first.createdAt).getTime()).not.toBeNaN();
  const [health] = (await ok(`{ connectors { name state succeeded failed } }`)).connectors;
  expect(health).toMatchObject({ name: "webhooks", state: "UP" });
  expect(health.succeeded).toBeGreaterThanOrEqual(3);
});

test("filters: a warehouse, a material, a buyer's materials, a supplier's materials", async () => {
  await webhook("/w2", { warehouseCode: "w2" });
  await webhook("/m2", { materialCode: "M2" });
  await webhook("/anna", { buyer: "ANNA" }, await t.token([Role.PLANNER]));
  await webhook("/s1", { supplierCode: "S1" }, await t.token([Role.PLANNER]));
  const after = await lastPosition();
  for (const [m, w] of [["M1", "W1"], ["M2", "W1"], ["M1", "W2"], ["M2", "W2"]]) await low(m, w);
  const events = await lowEvents(after);
  expect(events).toHaveLength(4);
  await until(() => receiver.acknowledged("/all").filter((id) => id > after).length === 4, "the unfiltered webhook to get all four");
  await settled();
  const ids = (keep: (e: (typeof events)[number]) => boolean) => events.filter(keep).map((e) => e.id);
  const got = (path: string) => receiver.acknowledged(path).filter((id) => id > after);
  expect(got("/w2")).toEqual(ids((e) => e.warehouseCode === "W2"));
  expect(got("/m2")).toEqual(ids((e) => e.materialCode === "M2"));
  // ANNA buys M1; S1 supplies M1
  expect(got("/anna")).toEqual(ids((e) => e.materialCode === "M1"));
  expect(got("/s1")).toEqual(ids((e) => e.materialCode === "M1"));
  for (const path of ["/w2", "/m2", "/anna", "/s1"]) expect(got(path)).toHaveLength(2);
});

test("a delivery the policy gives up on is dead-lettered, the lane moves on, and a replay delivers it", async () => {
  await webhook("/flaky");
  const after = await lastPosition();
  receiver.answerNext("/flaky", 500, 500, 500, 500);
  await low("M2", "W1");
  await low("M2", "W2");
  const [dead, next] = await lowEvents(after);
  await until(() => receiver.acknowledged("/flaky").includes(next.id), "the next event delivered");
  await settled();
  expect(receiver.acknowledged("/flaky")).toEqual([next.id]);
  const integration = await t.token([Role.INTEGRATION]);
  const letters = (await ok(`{ deadLetters(connector: "webhooks") { nodes { id payload error attempts } } }`, {}, integration)).deadLetters.nodes;
  expect(letters).toHaveLength(1);
  expect(letters[0]).toMatchObject({ payload: { eventId: dead.id, topic: "stock.low" }, attempts: 4 });
  expect(letters[0].error).toContain("500");
  const [health] = (await ok(`{ connectors { name deadLettered } }`)).connectors;
  expect(health.deadLettered).toBe(1);
  const replay = await ok(`mutation($id: ID!) { replayDeadLetter(id: $id) { delivered deadLetter { id } } }`, { id: letters[0].id }, integration);
  expect(replay.replayDeadLetter).toEqual({ delivered: true, deadLetter: null });
  expect(receiver.acknowledged("/flaky")).toEqual([next.id, dead.id]);
  const hooks = (await ok(`{ webhooks { url deliveries { pending delivered dead } } }`)).webhooks;
  expect(hooks.find((h: { url: string }) => h.url.endsWith("/flaky")).deliveries).toEqual({ pending: 0, delivered: 2, dead: 0 });
});

test("a receiver that does not answer holds up its own webhook only", async () => {
  await webhook("/slow");
  await webhook("/fast");
  const after = await lastPosition();
  receiver.answerNext("/slow", "hang", "hang", "hang", "hang");
  await low("M1", "W1");
  await low("M1", "W2");
  const [first, second] = (await lowEvents(after)).map((e) => e.id);
  await until(() => receiver.acknowledged("/slow").includes(second), "the slow webhook's lane to reach the second event", 30_000);
  await settled();
  const at = (path: string, id: number) => receiver.received.findIndex((r) => r.path === path && r.body.id === id && r.answer === 200);
  const slowTries = receiver.received.filter((r) => r.path === "/slow" && r.body.id === first);
  expect(slowTries.map((r) => r.answer)).toEqual(["hang", "hang", "hang", "hang"]);
  // the fast webhook had the first event while the slow one was still trying it
  expect(at("/fast", first)).toBeGreaterThanOrEqual(0);
  expect(at("/fast", first)).toBeLessThan(receiver.received.indexOf(slowTries[3]));
  expect(receiver.acknowledged("/fast").filter((id) => id > after)).toEqual([first, second]);
});

test("bad input is refused naming the field, and writes nothing", async () => {
  const count = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook`))[0].n;
  const before = await count();
  const base = { name: "bad", url: "https://example.com/hook", topics: ["stock.low"], secret: SECRET };
  const cases: [Record<string, unknown>, string][] = [
    [{ url: "ftp://example.com/hook" }, "url"],
    [{ url: "https://user:pw@example.com/hook" }, "url"],
    [{ topics: ["stock.lowest"] }, "topics"],
    [{ topics: [] }, "topics"],
    [{ secret: "too-short" }, "secret"],
    [{ secret: null }, "secret"],
    [{ warehouseCode: "NOPE" }, "warehouseCode"],
    [{ materialCode: "NOPE" }, "materialCode"],
    [{ buyer: "NOBODY" }, "buyer"],
    [{ supplierCode: "NOPE" }, "supplierCode"],
    [{ buyer: "ANNA", supplierCode: "S1" }, "supplierCode"],
  ];
  for (const [change, field] of cases) {
    const res = await t.gql(CREATE, { input: { ...base, ...change } });
    expect({ change, code: res.errors?.[0]?.extensions?.code, field: res.errors?.[0]?.extensions?.field }).toEqual({ change, code: "BAD_USER_INPUT", field });
  }
  expect(await count()).toBe(before);
  // a material's buyer is a code like the others
  const buyer = await t.gql(`mutation { updateMaterial(code: "M1", input: { buyer: "not a code!" }) { buyer } }`);
  expect(buyer.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "buyer" });
  expect((await ok(`{ material(code: "M1") { buyer } }`)).material.buyer).toBe("ANNA");
});

test("who manages what: planners only buyers' and suppliers' webhooks, viewers none; the secret is never shown", async () => {
  const planner = await t.token([Role.PLANNER]);
  const hubWide = await t.gql(CREATE, { input: { name: "x", url: "https://example.com/x", topics: ["stock.low"], secret: SECRET } }, { auth: planner });
  expect(hubWide.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  const seen = (await ok(`{ webhooks { url buyer supplierCode } }`, {}, planner)).webhooks;
  expect(seen.map((h: { url: string }) => new URL(h.url).pathname).sort()).toEqual(["/anna", "/s1"]);
  const all = (await ok(`{ webhooks { id url } }`)).webhooks;
  const allId = all.find((h: { url: string }) => h.url.endsWith("/all")).id;
  const theirs = await t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: allId }, { auth: planner });
  expect(theirs.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  const viewer = await t.gql(`{ webhooks { id } }`, {}, { auth: await t.token([Role.VIEWER]) });
  expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  const secret = await t.gql(`{ webhooks { secret } }`);
  expect(secret.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  // an identity limited to W2 sees the W2 webhook only, and may create one only for W2
  const w2 = await t.token([Role.ADMIN], ["W2"]);
  expect((await ok(`{ webhooks { url } }`, {}, w2)).webhooks.map((h: { url: string }) => new URL(h.url).pathname)).toEqual(["/w2"]);
  const elsewhere = await t.gql(CREATE, { input: { name: "x", url: "https://example.com/x", topics: ["stock.low"], secret: SECRET, warehouseCode: "W1" } }, { auth: w2 });
  expect(elsewhere.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
});

test("a hub stopped mid-stream: another takes over, nothing is lost or sent twice", async () => {
  const id = await webhook("/restart");
  const after = await lastPosition();
  receiver.answerNext("/restart", 200, "hang");
  for (const [m, w] of [["M1", "W1"], ["M2", "W1"], ["M1", "W2"]]) await low(m, w);
  // the second delivery is in flight (unanswered) when the first hub's connectors stop
  await until(() => receiver.received.filter((r) => r.path === "/restart").length >= 2, "the second delivery in flight");
  await t.hub.connectors.stop();
  const db = await openDatabase({ url: t.config.databaseUrl!, poolSize: 5 });
  const second = await startHub({ config: t.config, db, log: createLogger(t.config) });
  try {
    for (const [m, w] of [["M2", "W2"], ["M1", "W1"]]) await low(m, w);
    const expected = (await lowEvents(after)).map((e) => e.id);
    expect(expected).toHaveLength(5);
    await until(() => receiver.acknowledged("/restart").length >= 5, "five events acknowledged", 30_000);
    await settled();
    expect(receiver.acknowledged("/restart")).toEqual(expected);
    expect(id).toBeDefined();
  } finally {
    await second.stop();
    await db.close();
  }
}, 60_000);
