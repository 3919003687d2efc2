/**
 * The ERP told of what happened: goods receipts, production receipts, work order confirmations, scrap, count
 * adjustments and purchase requisitions reach a real HTTP server standing in for the ERP, each kind at its
 * own path, mapped and batched, each fact under its own key — exactly once by key despite a hub stopped
 * mid-request and two hubs on one database (the ERP dedupes nothing: the test counts keys and requests);
 * an ERP that is down leaves dead letters that replay later; `stockChanged` / `workOrderChanged` give
 * dashboards the same stream, filtered and within the subscriber's warehouses.
 *
 * The demo plant; business is done through the test hub (which has no ERP push), the push runs in other hub
 * instances on the same database and Redis, as in production.
 */
import { Role } from "../../src/auth/roles";
import { ConfigError, loadConfig } from "../../src/runtime/config";
import type { Hub } from "../../src/server";
import { stockedLocation } from "../counting/count-fixture";
import { accepted, ErpHubs, FakeErp, type ErpHub, type ErpReceived } from "../support/fake-erp";
import { startTestHub, wsEvents, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const BATCH = 2;
const ERP_ENV = {
  ERP_TOKEN: "erp-secret",
  ERP_BATCH_SIZE: String(BATCH),
  ERP_TIMEOUT_MS: "1000",
  ERP_RETRY_BASE_MS: "1",
  ERP_PATHS: JSON.stringify({ "goods-receipts": "/gr" }),
  ERP_FIELD_MAPS: JSON.stringify({ "goods-receipts": { materialCode: "MATNR", quantity: "MENGE" } }),
};
const TOPICS = ["stock.changed", "workOrder.changed", "purchase.requisitioned"];

interface Line extends Record<string, unknown> {
  idempotencyKey: string;
}
type Received = ErpReceived<{ kind: string; warehouseCode: string; lines: Line[] }>;

let t: TestHub;
let erp: FakeErp<Received["body"]>;
let hubs: ErpHubs;

beforeAll(async () => {
  erp = new FakeErp();
  await erp.up();
  t = await startTestHub({ demo: true, env: { REDIS_URL, COUNT_MAX_RECOUNTS: "0" } });
  hubs = new ErpHubs(t, erp, ERP_ENV);
  const pcb = await t.gql(`mutation { receiveStock(input: { materialCode: "PCB-BLANK", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "50" }) { replayed } }`);
  expect(pcb.errors).toBeUndefined();
}, 120_000);
afterAll(async () => {
  await hubs?.stopAll();
  await t?.stop();
  await erp?.down();
});

const gql = async (query: string, variables: Record<string, unknown> = {}, roles = [Role.ADMIN], warehouses?: string[]) => {
  const res = await t.gql(query, variables, { auth: await t.token(roles, warehouses) });
  expect(res.errors).toBeUndefined();
  return res.data;
};

/** A query to another hub instance (`t.gql` asks the test hub). */
async function gqlAt(hub: Hub, query: string, variables: Record<string, unknown> = {}, roles = [Role.ADMIN]) {
  const res = await fetch(hub.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await t.token(roles)}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
}
const healthOf = async (hub: Hub) => (await gqlAt(hub, `{ connectors { name state target failed } }`)).data.connectors;

/** Whether every event of the push's topics is published and the push's cursor has passed it. */
async function caughtUp(): Promise<boolean> {
  const [row] = await t.db.sql.query<{ done: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM event WHERE published_at IS NULL)
        AND coalesce((SELECT last_event_id FROM event_cursor WHERE name = 'erp-events'), -1)
            >= (SELECT coalesce(max(position), 0) FROM event WHERE topic = ANY($1::text[])) AS done`,
    [TOPICS],
  );
  return row.done;
}
const pushed = () => until(caughtUp, "the ERP push to catch up", 30_000);
const lastEntry = async () => Number((await t.db.sql.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM stock_ledger_entry`))[0].id);

/** The business of a day, through the test hub's graph; what each command returns is not looked at. */
async function aDaysBusiness(tag: string): Promise<{ requisitions: string[]; workOrder: string }> {
  await gql(`mutation($input: PurchaseOrderInput!) { syncPurchaseOrder(input: $input) { number } }`, {
    input: { number: `PO-${tag}`, materialCode: "RELAY-10A", warehouseCode: "PLANT-1", quantity: "30", dueDate: "2026-12-20" },
  });
  for (const quantity of ["5", "7", "3"]) {
    await gql(`mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { replayed } }`, {
      input: { materialCode: "RELAY-10A", warehouseCode: "PLANT-1", locationCode: "RECV", quantity, purchaseOrderNumber: `PO-${tag}` },
    });
  }
  // a receipt of no purchase order is no goods receipt
  await gql(`mutation { receiveStock(input: { materialCode: "RELAY-10A", warehouseCode: "DC-1", locationCode: "B-01", quantity: "4" }) { replayed } }`);
  for (const [warehouseCode, locationCode] of [["PLANT-1", "A-03"], ["DC-1", "B-01"], ["PLANT-1", "A-03"]]) {
    await gql(`mutation($input: AdjustStockInput!) { scrapStock(input: $input) { replayed } }`, {
      input: { materialCode: "RELAY-10A", warehouseCode, locationCode, quantity: "1", reasonCode: "DAMAGED" },
    });
  }
  const created = await gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "2", operations: [{ sequence: 10, name: "All" }] }) { workOrder { number } } }`);
  const workOrder = created.createWorkOrder.workOrder.number;
  await gql(`mutation($n: String!) { startOperation(number: $n, sequence: 10) { replayed } }`, { n: workOrder });
  await gql(`mutation($n: String!) { completeOperation(input: { number: $n, sequence: 10, goodQuantity: "2" }) { replayed } }`, { n: workOrder });
  await stockedLocation(t, `C-${tag}`, { "RELAY-10A": "20" });
  const count = await gql(`mutation($l: String!) { createCountSession(input: { warehouseCode: "PLANT-1", locationCodes: [$l], blind: false }) { countSession { number } } }`, { l: `C-${tag}` });
  const n = count.createCountSession.countSession.number;
  await gql(`mutation($n: String!) { startCountSession(number: $n) { replayed } }`, { n });
  await gql(`mutation($n: String!, $l: String!) { recordCount(input: { number: $n, locationCode: $l, materialCode: "RELAY-10A", countedQuantity: "17" }) { replayed } }`, { n, l: `C-${tag}` });
  await gql(`mutation($n: String!) { submitCountSession(number: $n) { recountLines } }`, { n });
  await gql(`mutation($n: String!) { approveCountSession(number: $n) { replayed } }`, { n });
  const requisitions: string[] = [];
  for (const [warehouseCode, quantity] of [["PLANT-1", "100"], ["DC-1", "40"]]) {
    const r = await gql(
      `mutation($input: PurchaseRequisitionInput!) { requestPurchaseRequisition(input: $input) { requisitionId } }`,
      { input: { materialCode: "RELAY-10A", warehouseCode, quantity, neededBy: "2026-12-24", reason: "below reorder point" } },
      [Role.PLANNER],
    );
    requisitions.push(r.requestPurchaseRequisition.requisitionId);
  }
  return { requisitions, workOrder };
}

/** What the ERP must have been told of the ledger after `afterEntry`, by the fact's key: read from the ledger and the orders themselves. */
async function expectedFacts(afterEntry: number, workOrders: string[], requisitions: string[]) {
  const entries = await t.db.sql.query<{ id: string; type: string; po: string | null; wo: string | null; warehouse: string; quantity: string }>(
    `SELECT e.id::text, e.type::text, po.number AS po, wo.number AS wo, w.code AS warehouse, trim_scale(e.quantity)::text AS quantity
       FROM stock_ledger_entry e JOIN warehouse w ON w.id = e.warehouse_id
       LEFT JOIN purchase_order po ON po.id = e.purchase_order_id LEFT JOIN work_order wo ON wo.id = e.work_order_id
      WHERE e.id > $1 ORDER BY e.id`,
    [afterEntry],
  );
  const facts = new Map<string, { path: string; warehouse: string; fields: Record<string, unknown> }>();
  for (const e of entries) {
    if (e.type === "RECEIPT" && e.po) facts.set(`goods-receipt-${e.id}`, { path: "/erp/gr", warehouse: e.warehouse, fields: { entryId: e.id, purchaseOrderNumber: e.po, MATNR: "RELAY-10A", MENGE: e.quantity } });
    if (e.type === "PRODUCTION_RECEIPT") facts.set(`production-receipt-${e.id}`, { path: "/erp/production-receipts", warehouse: e.warehouse, fields: { workOrderNumber: e.wo, materialCode: "PCBA-CTRL", quantity: "2", lotCode: e.wo } });
    if (e.type === "SCRAP") facts.set(`scrap-${e.id}`, { path: "/erp/scrap", warehouse: e.warehouse, fields: { quantity: "1", reasonCode: "DAMAGED" } });
    if (e.type === "COUNT") facts.set(`count-adjustment-${e.id}`, { path: "/erp/count-adjustments", warehouse: e.warehouse, fields: { quantity: "-3", materialCode: "RELAY-10A" } });
  }
  for (const wo of await t.db.sql.query<{ id: number; number: string }>(`SELECT id, number FROM work_order WHERE number = ANY($1::text[])`, [workOrders])) {
    facts.set(`work-order-confirmation-${wo.id}`, {
      path: "/erp/work-order-confirmations", warehouse: "PLANT-1",
      fields: { workOrderNumber: wo.number, quantity: "2", completedQuantity: "2", scrappedQuantity: "0", uom: "EA" },
    });
  }
  // aDaysBusiness asks for one in PLANT-1, then one in DC-1
  requisitions.forEach((id, i) =>
    facts.set(id, { path: "/erp/purchase-requisitions", warehouse: i % 2 === 0 ? "PLANT-1" : "DC-1", fields: { requisitionId: id, quantity: i % 2 === 0 ? "100" : "40", neededBy: "2026-12-24", reason: "below reorder point", ruleId: null } }),
  );
  return facts;
}

/** Every line the ERP received from `since` on, with the request it came in. */
const linesOf = (requests: readonly Received[]) => requests.flatMap((r) => r.body.lines.map((line) => ({ line, request: r })));

/**
 * Each expected fact came under its key, at its path, in a request of its warehouse, with its fields; every
 * request carried one kind and at most BATCH lines; nothing else came; and a key the ERP received several
 * times always came in the same request (same key, same lines).
 */
function expectDelivered(requests: readonly Received[], facts: Awaited<ReturnType<typeof expectedFacts>>) {
  const lines = linesOf(requests);
  expect(new Set(lines.filter((l) => accepted(l.request)).map((l) => l.line.idempotencyKey))).toEqual(new Set(facts.keys()));
  for (const { line, request } of lines) {
    const fact = facts.get(line.idempotencyKey)!;
    expect({ path: request.path, warehouse: request.body.warehouseCode, line }).toEqual({ path: fact.path, warehouse: fact.warehouse, line: expect.objectContaining(fact.fields) });
    expect(request.authorization).toBe("Bearer erp-secret");
    expect(request.body.lines.length).toBeLessThanOrEqual(BATCH);
    const first = request.body.lines[0].idempotencyKey;
    const last = request.body.lines[request.body.lines.length - 1].idempotencyKey;
    expect(request.key).toBe(first === last ? first : `${first}..${last}`);
  }
  const byKey = new Map<string, string>();
  for (const r of requests) {
    const seen = byKey.get(r.key);
    if (seen !== undefined) expect(JSON.stringify(r.body)).toBe(seen);
    byKey.set(r.key, JSON.stringify(r.body));
  }
}

let a: ErpHub;

test("each kind reaches its own path, mapped and batched by kind and warehouse, each fact under its own key", async () => {
  a = await hubs.start();
  await until(async () => (await t.db.sql.query(`SELECT 1 FROM event_cursor WHERE name = 'erp-events'`)).length > 0, "the push to start following", 30_000);
  await a.stop(); // the day's business is sent at once when the push comes back: the batches are then known
  const since = erp.received.length;
  const afterEntry = await lastEntry();
  const { requisitions, workOrder } = await aDaysBusiness("1");
  a = await hubs.start();
  await pushed();
  const requests = erp.received.slice(since);
  const facts = await expectedFacts(afterEntry, [workOrder], requisitions);
  expectDelivered(requests, facts);
  // sent once each, in full batches: 3 goods receipts → 2 + 1; scrap 2 in PLANT-1 and 1 in DC-1; one of every other kind per warehouse
  expect(requests.every(accepted)).toBe(true);
  expect(requests.map((r) => [r.path, r.body.warehouseCode, r.body.lines.length]).sort()).toEqual(
    [
      ["/erp/gr", "PLANT-1", 2], ["/erp/gr", "PLANT-1", 1], ["/erp/production-receipts", "PLANT-1", 1], ["/erp/work-order-confirmations", "PLANT-1", 1],
      ["/erp/scrap", "PLANT-1", 2], ["/erp/scrap", "DC-1", 1], ["/erp/count-adjustments", "PLANT-1", 1],
      ["/erp/purchase-requisitions", "PLANT-1", 1], ["/erp/purchase-requisitions", "DC-1", 1],
    ].sort(),
  );
  expect(await healthOf(a.hub)).toContainEqual({ name: "erp-events", state: "UP", target: `${erp.url.replace(/\/$/, "")}/{gr,production-receipts,work-order-confirmations,scrap,count-adjustments,purchase-requisitions}`, failed: 0 });
});

test("a hub stopped mid-request and two hubs on one database: every fact booked exactly once, re-sent under the same keys", async () => {
  await a.stop();
  const since = erp.received.length;
  const afterEntry = await lastEntry();
  const first = await aDaysBusiness("2");
  erp.answerNext("hang"); // the first request gets no answer: the hub is stopped while it waits
  a = await hubs.start();
  await until(() => erp.received.length > since, "the first request", 30_000);
  await a.stop();
  // two hubs come up at once; one follows and sends the unfinished batch again
  const [b, c] = await Promise.all([hubs.start(), hubs.start()]);
  const second = await aDaysBusiness("3");
  await pushed();
  const requests = erp.received.slice(since);
  const facts = await expectedFacts(afterEntry, [first.workOrder, second.workOrder], [...first.requisitions, ...second.requisitions]);
  expectDelivered(requests, facts);
  const booked = linesOf(requests.filter(accepted)).map((l) => l.line.idempotencyKey);
  expect(booked).toHaveLength(new Set(booked).size); // nothing booked twice
  const hung = requests[0];
  expect(hung.answer).toBe("hang");
  expect(requests.filter((r) => r.key === hung.key).map((r) => r.answer)).toEqual(["hang", 200]);
  expect(requests).toHaveLength(new Set(requests.map((r) => r.key)).size + 1); // only the unanswered one twice

  // the hub that follows stops: the other takes over
  await b.stop();
  const since2 = erp.received.length;
  const afterEntry2 = await lastEntry();
  const third = await aDaysBusiness("4");
  await pushed();
  expectDelivered(erp.received.slice(since2), await expectedFacts(afterEntry2, [third.workOrder], third.requisitions));
  a = c;
});

test("an ERP that is down: the requests go to the dead letters, the hub shows DOWN, and replays deliver them unchanged", async () => {
  await erp.down();
  const r = await gql(
    `mutation { requestPurchaseRequisition(input: { materialCode: "RELAY-10A", warehouseCode: "DC-1", quantity: "12", neededBy: "2026-12-28", reason: "by hand" }) { requisitionId } }`,
    {},
    [Role.PLANNER],
  );
  const requisitionId = r.requestPurchaseRequisition.requisitionId as string;
  expect(requisitionId).toMatch(/^manual-[0-9a-f-]{36}$/);
  await pushed();
  const letters = await t.db.sql.query<{ id: number; payload: { kind: string; idempotencyKey: string; body: Received["body"] }; attempts: number; error: string; warehouse_code: string }>(
    `SELECT id, payload, attempts, error, warehouse_code FROM dead_letter WHERE connector = 'erp-events' ORDER BY id`,
  );
  expect(letters).toHaveLength(1);
  expect(letters[0]).toMatchObject({ attempts: 5, error: expect.stringMatching(/ERP unreachable/), warehouse_code: "DC-1" });
  expect(letters[0].payload).toMatchObject({ kind: "purchase-requisitions", idempotencyKey: requisitionId, body: { kind: "purchase-requisitions", warehouseCode: "DC-1" } });
  expect(letters[0].payload.body.lines).toEqual([
    { idempotencyKey: requisitionId, requisitionId, materialCode: "RELAY-10A", warehouseCode: "DC-1", quantity: "12", neededBy: "2026-12-28", reason: "by hand", ruleId: null, sourceEventId: null },
  ]);
  expect(await healthOf(a.hub)).toContainEqual(expect.objectContaining({ name: "erp-events", state: "DOWN" }));

  // a user of PLANT-1 neither sees nor replays DC-1's letter
  const replay = `mutation($id: ID!) { replayDeadLetter(id: $id) { delivered } }`;
  const plant = await t.gql(replay, { id: letters[0].id }, { auth: await t.token([Role.INTEGRATION], ["PLANT-1"]) });
  expect(plant.errors?.[0].extensions?.code).toBe("NOT_FOUND");

  await erp.up();
  const since = erp.received.length;
  expect((await gqlAt(a.hub, replay, { id: letters[0].id }, [Role.INTEGRATION])).data.replayDeadLetter).toEqual({ delivered: true });
  const [again] = erp.received.slice(since);
  expect({ path: again.path, key: again.key, body: again.body }).toEqual({ path: "/erp/purchase-requisitions", key: requisitionId, body: letters[0].payload.body });
});

test("requestPurchaseRequisition: PLANNER only, within the planner's warehouses, bad input named and nothing written", async () => {
  const ask = async (input: Record<string, unknown>, roles = [Role.PLANNER], warehouses?: string[]) =>
    t.gql(`mutation($input: PurchaseRequisitionInput!) { requestPurchaseRequisition(input: $input) { requisitionId } }`, { input }, { auth: await t.token(roles, warehouses) });
  const good = { materialCode: "RELAY-10A", warehouseCode: "PLANT-1", quantity: "5", neededBy: "2026-12-24", reason: "low" };
  const events = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE topic = 'purchase.requisitioned'`))[0].n;
  const before = await events();
  const refused = [
    [await ask(good, [Role.STOREKEEPER]), "FORBIDDEN", undefined],
    [await ask(good, [Role.PLANNER], ["DC-1"]), "FORBIDDEN", undefined],
    [await ask({ ...good, quantity: "0" }), "BAD_USER_INPUT", "quantity"],
    [await ask({ ...good, quantity: "1.5" }), "BAD_USER_INPUT", "quantity"],
    [await ask({ ...good, reason: "  " }), "BAD_USER_INPUT", "reason"],
    [await ask({ ...good, materialCode: "NOPE" }), "NOT_FOUND", undefined],
  ] as const;
  expect(refused.map(([res]) => [res.errors?.[0].extensions?.code, res.errors?.[0].extensions?.field])).toEqual(refused.map(([, code, field]) => [code, field]));
  expect(await events()).toBe(before);
});

test("stockChanged and workOrderChanged: filtered by warehouse, material and status, and nothing of another warehouse", async () => {
  const [{ last }] = await t.db.sql.query<{ last: string }>(`SELECT coalesce(max(position), 0)::text AS last FROM event`);
  const plant = t.ws(await t.token([Role.VIEWER], ["PLANT-1"]));
  const everyone = t.ws(await t.token([Role.VIEWER]));
  // from the outbox's end: no subscription can miss what follows
  const stock = wsEvents(plant, `subscription($after: ID) { stockChanged(materialCode: "RELAY-10A", afterEventId: $after) { warehouseCode materialCode movementType quantity reasonCode entries { entryId locationCode quantity } } }`,
    { after: last }, (seen) => seen.length === 2);
  const dcStock = wsEvents(everyone, `subscription($after: ID) { stockChanged(warehouseCode: "DC-1", afterEventId: $after) { warehouseCode materialCode movementType quantity } }`,
    { after: last }, (seen) => seen.length === 1);
  const orders = wsEvents(plant, `subscription($after: ID) { workOrderChanged(afterEventId: $after) { number warehouseCode from to quantity completedQuantity } }`,
    { after: last }, (seen) => seen.some((e) => e.workOrderChanged.to === "COMPLETED"));
  const completed = wsEvents(everyone, `subscription($after: ID) { workOrderChanged(status: COMPLETED, afterEventId: $after) { number to } }`,
    { after: last }, (seen) => seen.length === 1);

  const move = (warehouseCode: string, materialCode: string, locationCode: string, quantity: string) =>
    gql(`mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { entries { id } } }`, { input: { materialCode, warehouseCode, locationCode, quantity } });
  await move("DC-1", "RELAY-10A", "B-01", "6"); // another warehouse: not for the PLANT-1 subscriber
  await move("PLANT-1", "CAP-100UF", "A-03", "6"); // another material
  const received = await move("PLANT-1", "RELAY-10A", "A-03", "8");
  const issued = await gql(`mutation { issueStock(input: { materialCode: "RELAY-10A", warehouseCode: "PLANT-1", quantity: "3", reasonCode: "SAMPLE" }) { entries { id quantity location { code } } } }`);
  const dcOrder = await t.gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "DC-1", quantity: "1" }) { workOrder { number status } } }`);
  expect(dcOrder.data.createWorkOrder.workOrder.status).toBe("SHORT");
  const created = await gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "1", operations: [{ sequence: 10, name: "All" }] }) { workOrder { number } } }`);
  const n = created.createWorkOrder.workOrder.number;
  await gql(`mutation($n: String!) { startOperation(number: $n, sequence: 10) { replayed } }`, { n });
  await gql(`mutation($n: String!) { completeOperation(input: { number: $n, sequence: 10, goodQuantity: "1" }) { replayed } }`, { n });

  expect((await stock).map((e) => e.stockChanged)).toEqual([
    { warehouseCode: "PLANT-1", materialCode: "RELAY-10A", movementType: "RECEIPT", quantity: "8", reasonCode: null, entries: [{ entryId: received.receiveStock.entries[0].id, locationCode: "A-03", quantity: "8" }] },
    {
      warehouseCode: "PLANT-1", materialCode: "RELAY-10A", movementType: "ISSUE", quantity: "-3", reasonCode: "SAMPLE",
      entries: issued.issueStock.entries.map((e: any) => ({ entryId: e.id, locationCode: e.location.code, quantity: e.quantity })),
    },
  ]);
  expect((await dcStock).map((e) => e.stockChanged)).toEqual([{ warehouseCode: "DC-1", materialCode: "RELAY-10A", movementType: "RECEIPT", quantity: "6" }]);
  expect((await orders).map((e) => e.workOrderChanged)).toEqual([
    { number: n, warehouseCode: "PLANT-1", from: null, to: "RELEASED", quantity: "1", completedQuantity: "0" },
    { number: n, warehouseCode: "PLANT-1", from: "RELEASED", to: "IN_PROGRESS", quantity: "1", completedQuantity: "0" },
    { number: n, warehouseCode: "PLANT-1", from: "IN_PROGRESS", to: "COMPLETED", quantity: "1", completedQuantity: "1" },
  ]);
  expect((await completed).map((e) => e.workOrderChanged)).toEqual([{ number: n, to: "COMPLETED" }]);

  // the backflush of the completion: one event per component, however many ledger rows
  const [{ events, materials }] = await t.db.sql.query<{ events: number; materials: number }>(
    `SELECT (SELECT count(*)::int FROM event WHERE topic = 'stock.changed' AND payload->>'workOrderNumber' = $1 AND payload->>'movementType' = 'BACKFLUSH') AS events,
            (SELECT count(DISTINCT e.material_id)::int FROM stock_ledger_entry e JOIN work_order o ON o.id = e.work_order_id WHERE o.number = $1 AND e.type = 'BACKFLUSH') AS materials`,
    [n],
  );
  expect(events).toBe(materials);
  expect(materials).toBeGreaterThan(1);
});

test("a bad ERP_SEND, ERP_PATHS or ERP_FIELD_MAPS stops the boot with one clear line each", () => {
  let problems: string[] = [];
  try {
    loadConfig({
      ERP_URL: "https://erp.example.com",
      ERP_SEND: "goods-receipts,invoices",
      ERP_PATHS: JSON.stringify({ scrap: "scrap?x=1", "count-adjustments": "/counts" }),
      ERP_FIELD_MAPS: JSON.stringify({ scrap: { material: "MATNR" }, "purchase-requisitions": { reason: "TEXT" } }),
    });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems = e.problems;
  }
  expect(problems).toEqual([
    'ERP_SEND: unknown kind "invoices"; the kinds are goods-receipts, production-receipts, work-order-confirmations, scrap, count-adjustments, purchase-requisitions (or "all", "none")',
    'ERP_PATHS: scrap: expected a path such as "/goods-receipts" (segments of URL characters, no query)',
    expect.stringMatching(/^ERP_FIELD_MAPS: scrap: unknown field "material"; the fields are idempotencyKey, materialCode, /),
  ]);
  expect(() => loadConfig({ ERP_URL: "https://erp.example.com", ERP_PATHS: "[]" })).toThrow(/ERP_PATHS: expected a JSON object by kind/);
  expect(() => loadConfig({ ERP_URL: "https://erp.example.com", ERP_PATHS: '{"scrap":"/a/../b"}' })).toThrow(/ERP_PATHS: scrap: expected a path/);
  expect(() => loadConfig({ ERP_URL: "https://erp.example.com", ERP_FIELD_MAPS: '{"recalls":{}}' })).toThrow(/ERP_FIELD_MAPS: unknown kind "recalls"/);
  const all = loadConfig({ ERP_URL: "https://erp.example.com" }).erp!.kinds;
  expect(all.map((k) => [k.kind, k.path])).toEqual([
    ["goods-receipts", "/goods-receipts"], ["production-receipts", "/production-receipts"], ["work-order-confirmations", "/work-order-confirmations"],
    ["scrap", "/scrap"], ["count-adjustments", "/count-adjustments"], ["purchase-requisitions", "/purchase-requisitions"],
  ]);
  expect(loadConfig({ ERP_URL: "https://erp.example.com", ERP_SEND: "none" }).erp!.kinds).toEqual([]);
  expect(loadConfig({ ERP_URL: "https://erp.example.com", ERP_SEND: "scrap", ERP_PATHS: '{"scrap":"/v2/scrap"}' }).erp!.kinds).toEqual([{ kind: "scrap", path: "/v2/scrap", fieldMap: {} }]);
});
