/**
 * Exceptions as a knowledge base, over the real server: acknowledge, assign, cause, resolve (each an action
 * and an exceptionUpdated event), bad input writing nothing, warehouse scope and roles, full-text search,
 * similar past cases, response times.
 */
import { Role } from "../../src/auth/roles";
import { inTransaction } from "../../src/db/transaction";
import { recordAction } from "../../src/domain/exceptions";
import { startTestHub, type TestHub } from "../support/test-hub";
import { EXCEPTION, codeOf, errorOf, fingerprint, idsOf, outboxEnd, raised, updates } from "./exception-fixture";

let t: TestHub;
let warehouses: Record<string, number>;
let materials: Record<string, number>;
let planner: string;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  warehouses = await idsOf(t, "warehouse");
  materials = await idsOf(t, "material");
  planner = await t.token([Role.PLANNER]);
}, 120_000);
afterAll(() => t?.stop());

const ONE = `query($id: ID!) { exception(id: $id) { ${EXCEPTION} } }`;
const ACK = `mutation($id: ID!) { acknowledgeException(id: $id) { id status acknowledgedBy } }`;
const ASSIGN = `mutation($id: ID!, $who: String!) { assignException(id: $id, assignee: $who) { id assignee } }`;
const CAUSE = `mutation($id: ID!, $cause: ExceptionCause!, $causeText: String) { setExceptionCause(id: $id, cause: $cause, causeText: $causeText) { id cause causeText } }`;
const RESOLVE = `mutation($id: ID!, $note: String) { resolveException(id: $id, note: $note) { id status resolutionNote } }`;

/** A SHORTAGE exception the way the hub raises one: a work order that cannot be reserved. */
async function shortage(warehouseCode = "PLANT-1") {
  const res = await t.gql(`mutation($w: String!) { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: $w, quantity: "100000" }) { workOrder { id number status } } }`, { w: warehouseCode });
  expect(res.data.createWorkOrder.workOrder.status).toBe("SHORT");
  const list = await t.gql(`query($wo: ID!) { exceptions(filter: { workOrderId: $wo }) { nodes { id } } }`, { wo: res.data.createWorkOrder.workOrder.id });
  return list.data.exceptions.nodes[0].id as string;
}

describe("an exception's life: each step recorded and heard", () => {
  test("acknowledged, assigned, given a cause and resolved with a note; exceptionUpdated carries each step", async () => {
    const id = await shortage();
    const heard = updates(t.ws(), await outboxEnd(t), 4, id);
    expect((await t.gql(ACK, { id }, { auth: planner })).data.acknowledgeException).toEqual({ id, status: "ACKNOWLEDGED", acknowledgedBy: "user:test-planner" });
    expect((await t.gql(ASSIGN, { id, who: "ann" }, { auth: planner })).data.assignException).toEqual({ id, assignee: "ann" });
    const cause = await t.gql(CAUSE, { id, cause: "SUPPLIER_LATE", causeText: "the relay supplier shipped a week late" }, { auth: planner });
    expect(cause.data.setExceptionCause).toEqual({ id, cause: "SUPPLIER_LATE", causeText: "the relay supplier shipped a week late" });
    const resolved = await t.gql(RESOLVE, { id, note: "expedited relays from the second source" }, { auth: planner });
    expect(resolved.data.resolveException).toEqual({ id, status: "RESOLVED", resolutionNote: "expedited relays from the second source" });

    const e = (await t.gql(ONE, { id })).data.exception;
    expect(e).toMatchObject({ status: "RESOLVED", assignee: "ann", acknowledgedBy: "user:test-planner", resolvedBy: "user:test-planner", cause: "SUPPLIER_LATE" });
    expect(Date.parse(e.acknowledgedAt)).toBeLessThanOrEqual(Date.parse(e.resolvedAt));
    expect(e.actions).toEqual([
      { action: "ACKNOWLEDGED", actor: "user:test-planner", result: "SUCCEEDED", details: {} },
      { action: "ASSIGNED", actor: "user:test-planner", result: "SUCCEEDED", details: { assignee: "ann", previous: null } },
      { action: "CAUSE_SET", actor: "user:test-planner", result: "SUCCEEDED", details: { cause: "SUPPLIER_LATE", causeText: "the relay supplier shipped a week late" } },
      { action: "RESOLVED", actor: "user:test-planner", result: "SUCCEEDED", details: { note: "expedited relays from the second source" } },
    ]);
    expect((await heard).map((u) => [u.exceptionUpdated.action, u.exceptionUpdated.status])).toEqual([
      ["ACKNOWLEDGED", "ACKNOWLEDGED"], ["ASSIGNED", "ACKNOWLEDGED"], ["CAUSE_SET", "ACKNOWLEDGED"], ["RESOLVED", "RESOLVED"],
    ]);
  });

  test("an action another area records (the shortage policy) is on the exception and heard", async () => {
    const id = await shortage();
    const heard = updates(t.ws(), await outboxEnd(t), 1, id);
    await inTransaction(t.db, (tx) => recordAction(tx, Number(id), { action: "SUBSTITUTE_PROPOSED", actor: "system", result: "SKIPPED", details: { substitute: "RELAY-16A" } }));
    expect((await heard)[0].exceptionUpdated).toMatchObject({ action: "SUBSTITUTE_PROPOSED", actor: "system", result: "SKIPPED", status: "OPEN", type: "SHORTAGE" });
    expect((await t.gql(ONE, { id })).data.exception.actions).toEqual([{ action: "SUBSTITUTE_PROPOSED", actor: "system", result: "SKIPPED", details: { substitute: "RELAY-16A" } }]);
  });

  test("a cancelled work order's shortage is resolved by the system, with a note", async () => {
    const res = await t.gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "100000" }) { workOrder { id number } } }`);
    const wo = res.data.createWorkOrder.workOrder;
    await t.gql(`mutation($n: String!) { cancelWorkOrder(number: $n) { workOrder { status } } }`, { n: wo.number });
    const e = (await t.gql(`query($wo: ID!) { exceptions(filter: { workOrderId: $wo }) { nodes { status resolvedBy resolutionNote actions { action actor } } } }`, { wo: wo.id })).data.exceptions.nodes[0];
    expect(e).toEqual({ status: "RESOLVED", resolvedBy: "system", resolutionNote: "the work order no longer needs it", actions: [{ action: "RESOLVED", actor: "system" }] });
  });
});

describe("bad input is a typed error naming the field, and writes nothing", () => {
  test.each([
    ["resolution without a note", RESOLVE, (id: string) => ({ id }), { code: "BAD_USER_INPUT", field: "note" }],
    ["resolution with a blank note", RESOLVE, (id: string) => ({ id, note: "   " }), { code: "BAD_USER_INPUT", field: "note" }],
    ["assignment to an empty user", ASSIGN, (id: string) => ({ id, who: " " }), { code: "BAD_USER_INPUT", field: "assignee" }],
    ["an unknown exception (acknowledge)", ACK, () => ({ id: "999999" }), { code: "NOT_FOUND", entity: "Exception", message: 'Exception "999999" does not exist' }],
    ["an unknown exception (assign)", ASSIGN, () => ({ id: "999999", who: "ann" }), { code: "NOT_FOUND", entity: "Exception" }],
    ["an unknown exception (cause)", CAUSE, () => ({ id: "999999", cause: "OTHER" }), { code: "NOT_FOUND", entity: "Exception" }],
    ["an unknown exception (resolve)", RESOLVE, () => ({ id: "999999", note: "done" }), { code: "NOT_FOUND", entity: "Exception" }],
    ["an id that is no id", ACK, () => ({ id: "x1" }), { code: "NOT_FOUND", entity: "Exception" }],
    // past MAX_INPUT_STRING (2,000), as the cause's own bound: refused before it is read
    ["a cause's text too long", CAUSE, (id: string) => ({ id, cause: "OTHER", causeText: "x".repeat(2001) }), { code: "BAD_USER_INPUT", field: "causeText" }],
  ])("%s", async (_what, mutation, vars, expected) => {
    const id = await shortage();
    const before = await fingerprint(t);
    const res = await t.gql(mutation, vars(id), { auth: planner });
    expect(errorOf(res)).toMatchObject(expected);
    expect(await fingerprint(t)).toEqual(before);
  });

  test("acknowledging twice, or assigning a resolved exception, is INVALID_STATE and writes nothing", async () => {
    const id = await shortage();
    await t.gql(ACK, { id }, { auth: planner });
    let before = await fingerprint(t);
    expect(errorOf(await t.gql(ACK, { id }, { auth: planner }))).toMatchObject({ code: "INVALID_STATE", status: "ACKNOWLEDGED" });
    expect(await fingerprint(t)).toEqual(before);
    await t.gql(RESOLVE, { id, note: "done" }, { auth: planner });
    before = await fingerprint(t);
    expect(codeOf(await t.gql(ASSIGN, { id, who: "bob" }, { auth: planner }))).toBe("INVALID_STATE");
    expect(codeOf(await t.gql(RESOLVE, { id, note: "again" }, { auth: planner }))).toBe("INVALID_STATE");
    expect(await fingerprint(t)).toEqual(before);
  });

  test("a retried command with its idempotency key runs once", async () => {
    const id = await shortage();
    const q = `mutation($id: ID!) { assignException(id: $id, assignee: "carl", idempotencyKey: "assign-once") { assignee } }`;
    await t.gql(q, { id }, { auth: planner });
    await t.gql(q, { id }, { auth: planner });
    expect((await t.gql(ONE, { id })).data.exception.actions.map((a: { action: string }) => a.action)).toEqual(["ASSIGNED"]);
  });
});

describe("warehouse scope and roles", () => {
  let plantException: string;
  let dcException: string;
  let nowhere: string;
  beforeAll(async () => {
    plantException = await shortage("PLANT-1");
    dcException = String(await raised(t, { type: "QUALITY", message: "DC-1 lot of relays on hold", warehouseId: warehouses["DC-1"] }));
    nowhere = String(await raised(t, { type: "QUALITY", message: "supplier audit due" }));
  });

  test("another warehouse's exception is NOT_FOUND by id, like a missing one, for every query and command; nothing is written", async () => {
    const auth = await t.token([Role.PLANNER, Role.STOREKEEPER], ["DC-1"]);
    const before = await fingerprint(t);
    for (const [q, vars] of [
      [ONE, {}], [`query($id: ID!) { similarExceptions(id: $id) { score } }`, {}], [ACK, {}], [ASSIGN, { who: "ann" }],
      [CAUSE, { cause: "OTHER" }], [RESOLVE, { note: "not mine" }],
    ] as const) {
      expect(errorOf(await t.gql(q, { id: plantException, ...vars }, { auth }))).toMatchObject({ code: "NOT_FOUND", message: `Exception "${plantException}" does not exist` });
    }
    expect(await fingerprint(t)).toEqual(before);
    const listed = (await t.gql(`{ exceptions(first: 500) { nodes { id } } }`, {}, { auth })).data.exceptions.nodes.map((e: { id: string }) => e.id);
    expect(listed).toEqual(expect.arrayContaining([dcException, nowhere]));
    expect(listed).not.toContain(plantException);
  });

  test("a storekeeper acknowledges its warehouse's exceptions, not those of no warehouse, and does not assign or resolve", async () => {
    const storekeeper = await t.token([Role.STOREKEEPER], ["DC-1"]);
    expect((await t.gql(ACK, { id: dcException }, { auth: storekeeper })).data.acknowledgeException.status).toBe("ACKNOWLEDGED");
    const before = await fingerprint(t);
    expect(codeOf(await t.gql(ACK, { id: nowhere }, { auth: storekeeper }))).toBe("FORBIDDEN");
    expect(codeOf(await t.gql(ASSIGN, { id: dcException, who: "me" }, { auth: storekeeper }))).toBe("FORBIDDEN");
    expect(codeOf(await t.gql(RESOLVE, { id: dcException, note: "done" }, { auth: storekeeper }))).toBe("FORBIDDEN");
    expect(await fingerprint(t)).toEqual(before);
    expect((await t.gql(ACK, { id: nowhere }, { auth: planner })).data.acknowledgeException.status).toBe("ACKNOWLEDGED");
  });

  test("exceptionUpdated tells a DC-1 subscriber of DC-1's exceptions and of those of none, not of PLANT-1's", async () => {
    const heard = updates(t.ws(await t.token([Role.VIEWER], ["DC-1"])), await outboxEnd(t), 2);
    await t.gql(CAUSE, { id: plantException, cause: "OTHER" }, { auth: planner });
    await t.gql(CAUSE, { id: dcException, cause: "QUALITY_DEFECT" }, { auth: planner });
    await t.gql(CAUSE, { id: nowhere, cause: "OTHER" }, { auth: planner });
    expect((await heard).map((u) => u.exceptionUpdated.exceptionId)).toEqual([dcException, nowhere]);
  });
});

describe("full-text search", () => {
  let hits: Record<string, string>;
  beforeAll(async () => {
    const at = (message: string, extra: object = {}) => raised(t, { type: "QUALITY", message, warehouseId: warehouses["PLANT-1"], ...extra }).then(String);
    hits = {
      spindle: await at("Spindle overheated on the SMT line"),
      cause: await at("Boards rejected at test", { cause: "QUALITY_DEFECT", causeText: "overheating spindles warped the boards" }),
      other: await at("Label printer out of ribbon"),
      dc: String(await raised(t, { type: "QUALITY", message: "spindle of the DC-1 wrapper overheated", warehouseId: warehouses["DC-1"] })),
    };
    await t.gql(RESOLVE, { id: hits.other, note: "replaced the ribbon; the spindle was fine" }, { auth: planner });
  });
  const search = async (filter: object, auth?: string) =>
    (await t.gql(`query($f: ExceptionFilter) { exceptions(first: 500, filter: $f) { totalCount nodes { id } } }`, { f: filter }, { auth })).data.exceptions;

  test("finds words in the message, the cause's text and the resolution note, by their stem", async () => {
    const found = await search({ text: "overheating spindle", types: ["QUALITY"] });
    expect(found.nodes.map((n: { id: string }) => n.id)).toEqual([hits.spindle, hits.cause, hits.dc]);
    expect(found.totalCount).toBe(3);
    expect((await search({ text: "ribbon" })).nodes.map((n: { id: string }) => n.id)).toEqual([hits.other]);
    expect((await search({ text: "spindle -overheated" })).nodes.map((n: { id: string }) => n.id)).toEqual([hits.other]);
    expect((await search({ text: '"spindle was fine"' })).nodes.map((n: { id: string }) => n.id)).toEqual([hits.other]);
  });

  test("combines with the other filters and the caller's scope", async () => {
    expect((await search({ text: "spindle", warehouseCode: "DC-1" })).nodes.map((n: { id: string }) => n.id)).toEqual([hits.dc]);
    expect((await search({ text: "spindle", statuses: ["RESOLVED"] })).nodes.map((n: { id: string }) => n.id)).toEqual([hits.other]);
    expect((await search({ text: "spindle", causes: ["QUALITY_DEFECT"] })).nodes.map((n: { id: string }) => n.id)).toEqual([hits.cause]);
    expect((await search({ text: "spindle", to: "2000-01-01T00:00:00Z" })).totalCount).toBe(0);
    const dcOnly = await search({ text: "spindle" }, await t.token([Role.VIEWER], ["DC-1"]));
    expect(dcOnly.nodes.map((n: { id: string }) => n.id)).toEqual([hits.dc]);
    expect(errorOf(await t.gql(`{ exceptions(filter: { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }) { totalCount } }`))).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
  });
});

describe("similar past cases", () => {
  test("past RESOLVED cases of the type with the same material or cause, best first, with their notes", async () => {
    const relay = materials["RELAY-10A"];
    const mcu = materials["MCU-8BIT"];
    const plant = warehouses["PLANT-1"];
    const shortageOf = (materialId: number, message: string, extra: object = {}) =>
      raised(t, { type: "SHORTAGE", message, materialId, warehouseId: plant, ...extra }).then(String);
    const sameMaterialAndCause = await shortageOf(relay, "relays short for the toaster line", { cause: "SUPPLIER_LATE" });
    const sameCause = await shortageOf(mcu, "microcontrollers short", { cause: "SUPPLIER_LATE" });
    const sameMaterialOld = await shortageOf(relay, "relay count wrong", { cause: "DATA_ERROR" });
    const unrelated = await shortageOf(mcu, "housing screws missing", { cause: "DATA_ERROR" });
    const otherType = String(await raised(t, { type: "LATE", message: "relays late", materialId: relay, warehouseId: plant, cause: "SUPPLIER_LATE" }));
    const stillOpen = await shortageOf(relay, "relays short again", { cause: "SUPPLIER_LATE" });
    const otherWarehouse = String(await raised(t, { type: "SHORTAGE", message: "relays short at DC", materialId: relay, warehouseId: warehouses["DC-1"], cause: "SUPPLIER_LATE" }));
    const notes: Record<string, string> = {
      [sameMaterialAndCause]: "expedited from the second source", [sameCause]: "air freight", [sameMaterialOld]: "corrected the count",
      [unrelated]: "found them", [otherType]: "waited", [otherWarehouse]: "transferred from the plant",
    };
    for (const [id, note] of Object.entries(notes)) await t.gql(RESOLVE, { id, note }, { auth: planner });
    // resolved long enough ago to tell recency apart
    const daysAgo = (id: string, days: number) => t.db.sql.query(`UPDATE exception SET resolved_at = now() - make_interval(days => $2) WHERE id = $1`, [Number(id), days]);
    await daysAgo(sameMaterialAndCause, 10);
    await daysAgo(sameCause, 2);
    await daysAgo(sameMaterialOld, 400);
    await daysAgo(otherWarehouse, 30);

    const target = await shortageOf(relay, "relays short for the kettle line", { cause: "SUPPLIER_LATE" });
    const SIMILAR = `query($id: ID!) { similarExceptions(id: $id, first: 10) { score exception { id status resolutionNote } } }`;
    const similar = (await t.gql(SIMILAR, { id: target })).data.similarExceptions;
    const mine = new Set(Object.keys(notes));
    // material + cause first (the more recent first); then the same material alone (4) beats the same cause alone (2), however old;
    // the earlier tests' resolved shortages (of another material) may rank among them
    expect(similar.map((s: { exception: { id: string } }) => s.exception.id).filter((id: string) => mine.has(id))).toEqual([sameMaterialAndCause, otherWarehouse, sameMaterialOld, sameCause]);
    expect(similar[0].exception).toEqual({ id: sameMaterialAndCause, status: "RESOLVED", resolutionNote: "expedited from the second source" });
    expect(similar.map((s: { score: number }) => s.score)).toEqual([...similar.map((s: { score: number }) => s.score)].sort((a, b) => b - a));
    expect(similar.map((s: { exception: { id: string } }) => s.exception.id)).not.toContain(stillOpen);
    expect(similar.map((s: { exception: { id: string } }) => s.exception.id)).not.toContain(unrelated);
    expect(similar.map((s: { exception: { id: string } }) => s.exception.id)).not.toContain(otherType);

    const dcView = (await t.gql(SIMILAR, { id: otherWarehouse }, { auth: await t.token([Role.VIEWER], ["DC-1"]) })).data.similarExceptions;
    expect(dcView).toEqual([]); // its like are all PLANT-1's
    expect((await t.gql(`query($id: ID!) { similarExceptions(id: $id, first: 1) { exception { id } } }`, { id: target })).data.similarExceptions).toEqual([
      { exception: { id: sameMaterialAndCause } },
    ]);
  });
});

describe("response times", () => {
  /** percentile_cont: linear interpolation between the closest ranks */
  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = p * (sorted.length - 1);
    const lo = Math.floor(at);
    return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
  };

  test("per type and warehouse: count, and median and p90 minutes to acknowledge and to resolve", async () => {
    // minutes to acknowledge, to resolve (null: not yet), of exceptions raised on 3 March 2025
    const lateInDc: [number | null, number | null][] = [[5, 60], [12, 95], [30, null], [7, 240], [null, null], [61, 300]];
    const put = async (warehouse: string, times: [number | null, number | null][], type: "LATE" | "EXCESS" = "LATE", raisedAt = "2025-03-03 08:00:00") => {
      for (const [ack, res] of times) {
        const id = await raised(t, { type, message: `${type} in ${warehouse}`, warehouseId: warehouses[warehouse] });
        await t.db.sql.query(
          `UPDATE exception SET created_at = $2::timestamp, acknowledged_at = $2::timestamp + make_interval(mins => $3),
                  resolved_at = $2::timestamp + make_interval(mins => $4), status = CASE WHEN $4::int IS NULL THEN status ELSE 'RESOLVED' END WHERE id = $1`,
          [id, raisedAt, ack, res],
        );
      }
    };
    await put("DC-1", lateInDc);
    await put("PLANT-1", [[3, 10]]);
    await put("DC-1", [[1, 2]], "EXCESS");
    await put("DC-1", [[1000, 1000]], "LATE", "2025-03-08 00:00:00"); // just after the window

    const Q = `query($w: String) { exceptionResponseTimes(from: "2025-03-01T00:00:00Z", to: "2025-03-08T00:00:00Z", warehouseCode: $w) {
      type warehouseCode count acknowledged resolved acknowledgeMedianMinutes acknowledgeP90Minutes resolveMedianMinutes resolveP90Minutes } }`;
    const acks = lateInDc.map(([a]) => a).filter((a): a is number => a !== null);
    const resolves = lateInDc.map(([, r]) => r).filter((r): r is number => r !== null);
    expect([percentile(acks, 0.5), percentile(resolves, 0.5)]).toEqual([12, 167.5]); // the helper itself, by hand
    const all = (await t.gql(Q, {})).data.exceptionResponseTimes;
    expect(all.map((r: { type: string; warehouseCode: string }) => `${r.type} ${r.warehouseCode}`)).toEqual(["LATE DC-1", "LATE PLANT-1", "EXCESS DC-1"]);
    const { acknowledgeP90Minutes, resolveP90Minutes, ...exact } = all[0];
    expect(exact).toEqual({ type: "LATE", warehouseCode: "DC-1", count: 6, acknowledged: 5, resolved: 4, acknowledgeMedianMinutes: 12, resolveMedianMinutes: 167.5 });
    expect(acknowledgeP90Minutes).toBeCloseTo(percentile(acks, 0.9), 9); // 48.6
    expect(resolveP90Minutes).toBeCloseTo(percentile(resolves, 0.9), 9); // 282
    expect(all[1]).toMatchObject({ count: 1, acknowledgeMedianMinutes: 3, acknowledgeP90Minutes: 3, resolveMedianMinutes: 10 });

    expect((await t.gql(Q, { w: "DC-1" })).data.exceptionResponseTimes.map((r: { type: string }) => r.type)).toEqual(["LATE", "EXCESS"]);
    const scoped = (await t.gql(Q, {}, { auth: await t.token([Role.VIEWER], ["PLANT-1"]) })).data.exceptionResponseTimes;
    expect(scoped.map((r: { warehouseCode: string }) => r.warehouseCode)).toEqual(["PLANT-1"]);
    expect((await t.gql(Q, { w: "DC-1" }, { auth: await t.token([Role.VIEWER], ["PLANT-1"]) })).data.exceptionResponseTimes).toEqual([]);
    expect(errorOf(await t.gql(`{ exceptionResponseTimes(from: "2025-03-08T00:00:00Z", to: "2025-03-01T00:00:00Z") { count } }`))).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
  });
});
