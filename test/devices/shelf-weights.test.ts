/**
 * Shelf weight sensors over the real server and its embedded broker: a weight / the material's unit weight
 * against the stock booked at the sensor's location; beyond the tolerance one STOCK_MISMATCH exception (and a
 * `stock.mismatch` event), resolved when they agree again. Bad registrations are typed errors that write nothing.
 */
import { Role } from "../../src/auth/roles";
import { until } from "../support/until";
import { collect, DEVICE_FIELDS, lastEventId, REGISTER, startDeviceHub, THRESHOLD, type DeviceHub } from "./device-fixture";

let h: DeviceHub;
let planner: string;
beforeAll(async () => {
  // the configured default tolerance: 1 unit, no percentage
  h = await startDeviceHub({ demo: true, env: { WEIGHT_TOLERANCE_QUANTITY: "1", WEIGHT_TOLERANCE_PCT: "0" } });
  planner = await h.t.token([Role.PLANNER]);
  for (const [code, unitWeight] of [["RELAY-10A", "0.012"], ["TERMINAL-4P", "0.009"]]) {
    const res = await h.t.gql(`mutation($code: String!, $w: Decimal!) { updateMaterial(code: $code, input: { unitWeight: $w }) { unitWeight } }`, { code, w: unitWeight }, { auth: planner });
    expect(res.data.updateMaterial).toEqual({ unitWeight });
  }
}, 120_000);
afterAll(() => h?.stop());

const readingsOf = (code: string) => h.count(`sensor_reading r JOIN device d ON d.id = r.device_id WHERE d.code = $1`, [code]);
const mismatches = (status?: string) => h.count(`exception WHERE type = 'STOCK_MISMATCH'${status ? ` AND status = '${status}'` : ""}`);
const deviceOf = async (code: string) => (await h.t.gql(`{ devices(kind: WEIGHT_SENSOR) { ${DEVICE_FIELDS} } }`)).data.devices.find((d: { code: string }) => d.code === code);
/** Publishes a weight and waits until it is stored (and so judged). */
async function weigh(code: string, body: Record<string, unknown>) {
  const before = await readingsOf(code);
  await h.publish("PLANT-1", code, "readings", { metric: "weight", unit: "kg", ...body });
  await until(async () => (await readingsOf(code)) === before + 1, `${code}'s weight stored`);
}

test("a shelf that agrees with its booking raises nothing; one that does not raises one STOCK_MISMATCH, resolved once they agree again", async () => {
  const device = await h.register({ code: "SHELF-1", kind: "WEIGHT_SENSOR", warehouseCode: "PLANT-1", locationCode: "A-03", materialCode: "RELAY-10A", weightTolerance: "2", weightTolerancePct: "1" });
  expect(device).toMatchObject({ kind: "WEIGHT_SENSOR", locationCode: "A-03", materialCode: "RELAY-10A", weightTolerance: "2", weightTolerancePct: "1", stockMismatch: false });
  const raised = collect(h.t.ws(await h.t.token([Role.VIEWER])), `subscription($after: ID) { exceptionRaised(types: ["STOCK_MISMATCH"], afterEventId: $after) { type message } }`, { after: await lastEventId(h.t) });

  // 420 relays of 12 g are booked at A-03; 2 + 1 % of 420 = 6.2 relays are allowed
  await weigh("SHELF-1", { value: 5.04 });
  await weigh("SHELF-1", { value: 4.968 }); // 414: 6 fewer
  expect(await mismatches()).toBe(0);

  await weigh("SHELF-1", { value: 4.92 }); // 410: 10 fewer
  await until(() => raised.events.length > 0, "the STOCK_MISMATCH over graphql-ws");
  expect(raised.events).toEqual([{ exceptionRaised: { type: "STOCK_MISMATCH", message: "SHELF-1: the shelf at PLANT-1/A-03 weighs 4.92 kg, about 410 of RELAY-10A; 420 are booked there" } }]);
  const [event] = await h.t.db.sql.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM event WHERE topic = 'stock.mismatch'`);
  expect(event.payload).toEqual({
    exceptionId: expect.any(Number), deviceCode: "SHELF-1", warehouseCode: "PLANT-1", locationCode: "A-03", materialCode: "RELAY-10A",
    weight: 4.92, unitWeight: "0.012", measuredQuantity: "410", bookedQuantity: "420", allowed: "6.2",
  });
  expect((await deviceOf("SHELF-1")).stockMismatch).toBe(true);

  // still off: the same exception stays, no second one
  await weigh("SHELF-1", { value: 4.9 });
  expect({ mismatches: await mismatches(), events: await h.count(`event WHERE topic = 'stock.mismatch'`) }).toEqual({ mismatches: 1, events: 1 });

  // the storekeeper books the ten relays that left: weight and booking agree, the exception is resolved
  const issued = await h.t.gql(`mutation { issueStock(input: { materialCode: "RELAY-10A", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "10" }) { replayed } }`, {}, { auth: await h.t.token([Role.STOREKEEPER]) });
  expect(issued.errors).toBeUndefined();
  await weigh("SHELF-1", { value: 4.921 });
  expect(await mismatches("RESOLVED")).toBe(1);
  expect((await deviceOf("SHELF-1")).stockMismatch).toBe(false);

  // a weight the scale uploads late (stamped before the latest judged) is stored, not judged
  await weigh("SHELF-1", { value: 1, at: "2026-01-05T10:00:00.000Z" });
  expect(await mismatches()).toBe(1);
  // a new disagreement is a new exception
  await weigh("SHELF-1", { value: 3 });
  expect({ open: await mismatches("OPEN"), all: await mismatches() }).toEqual({ open: 1, all: 2 });
});

test("without a tolerance of its own a sensor takes the configured one", async () => {
  await h.register({ code: "SHELF-2", kind: "WEIGHT_SENSOR", warehouseCode: "PLANT-1", locationCode: "A-03", materialCode: "TERMINAL-4P" });
  const before = await mismatches();
  // 300 terminal blocks of 9 g are booked; WEIGHT_TOLERANCE_QUANTITY=1 allows one either way
  await weigh("SHELF-2", { value: 2.709 });
  expect(await mismatches()).toBe(before);
  await weigh("SHELF-2", { value: 2.718 });
  expect(await mismatches()).toBe(before + 1);
});

test("a sensor set to count on a mismatch opens a count session of its location once, linked to the exception", async () => {
  const sessions = async () => (await h.t.gql(`{ countSessions(warehouseCode: "PLANT-1") { nodes { number status note locations { code } } } }`, {}, { auth: planner })).data.countSessions.nodes;
  // SHELF-1's mismatches (no countOnMismatch) opened none
  expect(await sessions()).toEqual([]);
  const registered = await h.t.gql(`mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { code countOnMismatch } }`, {
    input: { code: "SHELF-COUNT", name: "Counting shelf", kind: "WEIGHT_SENSOR", warehouseCode: "PLANT-1", locationCode: "A-03", materialCode: "TERMINAL-4P", weightTolerance: "1", weightTolerancePct: "0", countOnMismatch: true },
  }, { auth: planner });
  expect(registered.data.registerDevice).toEqual({ code: "SHELF-COUNT", countOnMismatch: true });
  const [{ booked }] = await h.t.db.sql.query<{ booked: number }>(
    `SELECT sum(b.on_hand)::int AS booked FROM stock_balance b JOIN material m ON m.id = b.material_id JOIN location l ON l.id = b.location_id
      WHERE m.code = 'TERMINAL-4P' AND l.code = 'A-03'`,
  );
  const weight = (units: number) => Number((units * 0.009).toFixed(3));
  const mismatchesOfTerminals = async () => (await h.t.gql(`{ exceptions(filter: { types: [STOCK_MISMATCH], materialCode: "TERMINAL-4P" }) { nodes { id status links { kind ref } actions { action details } } } }`, {}, { auth: planner })).data.exceptions.nodes;
  // the demo history's own mismatches are not this sensor's
  const before = new Set((await mismatchesOfTerminals()).map((e: { id: string }) => e.id));
  const mismatchOf = async () => (await mismatchesOfTerminals()).filter((e: { id: string }) => !before.has(e.id));

  await weigh("SHELF-COUNT", { value: weight(booked - 20) });
  const [opened] = await sessions();
  expect(opened).toMatchObject({ status: "OPEN", locations: [{ code: "A-03" }] });
  const [first] = await mismatchOf();
  expect(first.links).toEqual(expect.arrayContaining([{ kind: "COUNT_SESSION", ref: opened.number }]));
  expect(first.actions).toEqual(expect.arrayContaining([{ action: "COUNT_SESSION_OPENED", details: { countSession: opened.number, location: "A-03", device: "SHELF-COUNT" } }]));
  // still off: nothing more
  await weigh("SHELF-COUNT", { value: weight(booked - 25) });
  expect((await sessions()).length).toBe(1);

  // agreed, then off again while the session is still open: the new exception is linked to it, no second session
  await weigh("SHELF-COUNT", { value: weight(booked) });
  await weigh("SHELF-COUNT", { value: weight(booked + 30) });
  expect((await sessions()).length).toBe(1);
  const second = (await mismatchOf()).find((e: { status: string }) => e.status === "OPEN");
  expect(second.id).not.toBe(first.id);
  expect(second.links).toEqual(expect.arrayContaining([{ kind: "COUNT_SESSION", ref: opened.number }]));
  expect(second.actions).toEqual(expect.arrayContaining([expect.objectContaining({ action: "COUNT_SESSION_LINKED" })]));

  // once that count is closed, the next mismatch opens a new one
  expect((await h.t.gql(`mutation($n: String!) { cancelCountSession(number: $n) { replayed } }`, { n: opened.number }, { auth: planner })).errors).toBeUndefined();
  await weigh("SHELF-COUNT", { value: weight(booked) });
  await weigh("SHELF-COUNT", { value: weight(booked - 40) });
  expect((await sessions()).map((x: { status: string }) => x.status)).toEqual(["CANCELLED", "OPEN"]);
});

describe("bad input is a typed error naming the field, and writes nothing", () => {
  const written = async () => ({
    devices: await h.count(`device`),
    audits: await h.count(`audit_log`),
    materials: (await h.t.db.sql.query<{ v: string }>(`SELECT sum(version)::text AS v FROM material`))[0].v,
    exceptions: await h.count(`exception`),
    thresholds: await h.count(`sensor_threshold`),
  });
  const refusal = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => {
    const e = res.errors?.[0]?.extensions ?? {};
    return [e.code, e.field ?? e.entity];
  };
  const register = async (input: Record<string, unknown>) =>
    refusal(await h.t.gql(REGISTER, { input: { code: "BAD-1", name: "bad", kind: "WEIGHT_SENSOR", warehouseCode: "PLANT-1", locationCode: "A-03", materialCode: "RELAY-10A", ...input } }, { auth: planner }));

  test("registrations", async () => {
    const before = await written();
    const dcRack = (await h.t.gql(`{ warehouse(code: "DC-1") { locations { id code } } }`)).data.warehouse.locations.find((l: { code: string }) => l.code === "B-01");
    // a weight sensor on a location of another warehouse
    expect(await register({ locationCode: "B-01" })).toEqual(["NOT_FOUND", "Location"]);
    expect(await register({ locationCode: undefined, locationId: dcRack.id })).toEqual(["NOT_FOUND", "Location"]);
    expect(await register({ materialCode: "NO-SUCH" })).toEqual(["NOT_FOUND", "Material"]);
    expect(await register({ materialCode: "MCU-8BIT" })).toEqual(["BAD_USER_INPUT", "materialCode"]); // no unit weight
    expect(await register({ materialCode: undefined })).toEqual(["BAD_USER_INPUT", "materialCode"]);
    expect(await register({ locationCode: undefined })).toEqual(["BAD_USER_INPUT", "locationCode"]);
    expect(await register({ kind: "SENSOR" })).toEqual(["BAD_USER_INPUT", "materialCode"]);
    expect(await register({ weightTolerance: "-1" })).toEqual(["BAD_USER_INPUT", "weightTolerance"]);
    expect(await register({ weightTolerancePct: "150" })).toEqual(["BAD_USER_INPUT", "weightTolerancePct"]);
    expect(await register({ expectedIntervalSeconds: 0 })).toEqual(["BAD_USER_INPUT", "expectedIntervalSeconds"]);
    expect(await register({ kind: "SENSOR", materialCode: undefined, countOnMismatch: true })).toEqual(["BAD_USER_INPUT", "countOnMismatch"]);
    expect(refusal(await h.t.gql(THRESHOLD, { input: { deviceCode: "GHOST-9", metric: "weight", high: 10 } }, { auth: planner }))).toEqual(["NOT_FOUND", "Device"]);
    expect(await written()).toEqual(before);
  });

  test("unit weights: negative or zero", async () => {
    const before = await written();
    const update = await h.t.gql(`mutation { updateMaterial(code: "RELAY-10A", input: { unitWeight: "-0.5" }) { unitWeight } }`, {}, { auth: planner });
    expect(refusal(update)).toEqual(["BAD_USER_INPUT", "unitWeight"]);
    expect(update.errors![0].message).toBe("unitWeight must not be negative");
    const create = await h.t.gql(`mutation { createMaterial(input: { code: "FEATHER", name: "Weightless", uomCode: "EA", type: BUY, unitWeight: "0" }) { code } }`, {}, { auth: planner });
    expect(refusal(create)).toEqual(["BAD_USER_INPUT", "unitWeight"]);
    expect(await written()).toEqual(before);
    expect((await h.t.gql(`{ material(code: "RELAY-10A") { unitWeight } }`)).data.material.unitWeight).toBe("0.012");
  });

  test("messages: an unknown device, a weight in grams", async () => {
    const before = { ...(await written()), readings: await h.count(`sensor_reading`) };
    const cases: [device: string, message: string, error: string][] = [
      ["GHOST-9", JSON.stringify({ metric: "weight", value: 5, unit: "kg" }), "NOT_FOUND: device GHOST-9 is not registered"],
      ["SHELF-1", JSON.stringify({ metric: "weight", value: 5040, unit: "g" }), "BAD_USER_INPUT: a weight is in kg, not g"],
    ];
    for (const [device, message] of cases) await h.publish("PLANT-1", device, "readings", message);
    for (const [, message, error] of cases) {
      const [letter] = await until(
        () => h.t.db.sql.query<{ error: string }>(`SELECT error FROM dead_letter WHERE payload->>'message' = $1`, [message]).then((l) => (l.length ? l : undefined)),
        `the dead letter of ${message}`,
      );
      expect(letter.error).toBe(error);
    }
    expect({ ...(await written()), readings: await h.count(`sensor_reading`) }).toEqual(before);
  });
});
