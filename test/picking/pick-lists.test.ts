import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { assertStockConsistent, onHand, snapshot } from "../stock/stock-fixture";
import { CONFIRM, CREATE_PICK, PICK_LIST, kitOrder, seedPickingPlant } from "./pick-fixture";

let t: TestHub;
let storekeeper: string;
beforeAll(async () => {
  t = await startTestHub();
  storekeeper = await t.token([Role.STOREKEEPER]);
  await seedPickingPlant(t);
}, 120_000);
afterAll(() => t.stop());

const gql = <T = any>(query: string, variables: Record<string, unknown> = {}) => t.gql<T>(query, variables, { auth: storekeeper });
const confirm = (input: Record<string, unknown>) => gql(CONFIRM, { input: { number: list.number, ...input } });
const component = async (workOrder: string, material: string) =>
  (await t.gql(`query($n: String!) { workOrder(number: $n) { materials { material { code } required reserved issued shortQuantity } } }`, { n: workOrder }))
    .data.workOrder.materials.find((m: { material: { code: string } }) => m.material.code === material);
const reservedAt = async (material: string, location: string) => String(Number(
  (await t.db.sql.query<{ q: string }>(
    `SELECT COALESCE(sum(b.reserved), 0)::text AS q FROM stock_balance b JOIN material m ON m.id = b.material_id JOIN location l ON l.id = b.location_id
      WHERE m.code = $1 AND l.code = $2`,
    [material, location],
  ))[0].q));

let workOrder: string;
let list: { number: string };

describe("a work order's pick list", () => {
  it("visits the locations of its reservations in walking order: nearest neighbour, then 2-opt", async () => {
    workOrder = await kitOrder(t, "4");
    const res = await gql(CREATE_PICK, { input: { workOrderNumber: workOrder } });
    expect(res.errors).toBeUndefined();
    list = res.data.createPickList.pickList;
    expect(res.data.createPickList.pickList).toMatchObject({ status: "OPEN", workOrder: { number: workOrder }, transferOrder: null, pathLength: "17.046" });
    expect(res.data.createPickList.pickList.lines.map((l: any) => [l.stop, l.location.code, l.material.code, l.quantity, l.status])).toEqual([
      [1, "P-A", "PART-A", "4", "OPEN"], [2, "P-E", "PART-E", "4", "OPEN"], [3, "P-B", "PART-B", "4", "OPEN"], [4, "P-C", "PART-C", "4", "OPEN"], [5, "P-D", "PART-D", "4", "OPEN"],
    ]);
    // one open list per order
    const again = await gql(CREATE_PICK, { input: { workOrderNumber: workOrder } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", pickList: list.number });
  });

  it("issues what is confirmed by scan from the order's reservation there", async () => {
    const res = await confirm({ locationCode: "P-A", code: "PART-A", quantity: "4" });
    expect(res.errors).toBeUndefined();
    expect(res.data.confirmPick).toMatchObject({ exceptionId: null, entries: [{ type: "ISSUE", quantity: "-4", location: { code: "P-A" }, workOrder: { number: workOrder } }], pickList: { status: "OPEN" } });
    expect(await component(workOrder, "PART-A")).toMatchObject({ reserved: "0", issued: "4", shortQuantity: "0" });
    expect(await onHand(t, "PART-A", "W1", "P-A")).toBe("6");
  });

  it("a short pick books off the bin's free stock there and has the order reserve the part elsewhere, or leaves it short (SUGGEST_ONLY)", async () => {
    const exceptions = async () => (await t.gql(`{ exceptions(filter: { types: [SHORTAGE] }) { nodes { id status workOrderId details resolutionNote actions { action } } } }`)).data.exceptions.nodes;
    // PART-B lies at P-B (10, 4 of them reserved for the order) and at P-D (10): 2 found at P-B, so the other 8 booked there are not on the shelf
    const partB = await confirm({ locationCode: "P-B", code: "PART-B", quantity: "2" });
    expect(partB.errors).toBeUndefined();
    expect(await onHand(t, "PART-B", "W1", "P-B")).toBe("0");
    expect(await component(workOrder, "PART-B")).toMatchObject({ reserved: "2", issued: "2", shortQuantity: "0" });
    expect(await reservedAt("PART-B", "P-B")).toBe("0");
    expect(await reservedAt("PART-B", "P-D")).toBe("2");
    const [coveredB] = await exceptions();
    expect(coveredB).toMatchObject({
      id: partB.data.confirmPick.exceptionId, status: "RESOLVED", resolutionNote: "reserved again elsewhere after the short pick",
      details: expect.objectContaining({ pickList: list.number, workOrder, material: "PART-B", location: "P-B", required: "4", picked: "2", short: "2", released: "2", bookedOff: String(10 - 2) }),
      actions: expect.arrayContaining([{ action: "SHORT_PICK_BOOKED_OFF" }, { action: "RESOLVED" }]),
    });
    const [entry] = await t.db.sql.query<{ type: string; quantity: string; reason: string }>(
      `SELECT e.type::text AS type, e.quantity::float8::text AS quantity, e.reason_code AS reason FROM stock_ledger_entry e JOIN location l ON l.id = e.location_id
        WHERE l.code = 'P-B' ORDER BY e.id DESC LIMIT 1`,
    );
    expect(entry).toEqual({ type: "ADJUSTMENT", quantity: "-8", reason: "SHORT_PICK" });

    // PART-E lies only at P-E: 1 of 4 found, nothing left to reserve — the order is SHORT with a suggestion (no policy: SUGGEST_ONLY)
    const short = await confirm({ locationCode: "P-E", materialCode: "PART-E", quantity: "1" });
    expect(short.errors).toBeUndefined();
    expect(short.data.confirmPick.entries).toEqual([expect.objectContaining({ type: "ISSUE", quantity: "-1" })]);
    const exceptionId = short.data.confirmPick.exceptionId;
    expect((await exceptions()).filter((e: any) => e.status === "OPEN")).toEqual([expect.objectContaining({
      id: exceptionId,
      details: expect.objectContaining({
        pickList: list.number, workOrder, material: "PART-E", location: "P-E", required: "4", picked: "1", short: "3", released: "3", bookedOff: String(10 - 1), policy: "SUGGEST_ONLY",
        shortages: [expect.objectContaining({ material: "PART-E", short: "3" })],
      }),
    })]);
    expect(await component(workOrder, "PART-E")).toMatchObject({ reserved: "0", issued: "1", shortQuantity: "3" });
    expect(await onHand(t, "PART-E", "W1", "P-E")).toBe("0");
    expect((await t.gql(`query($n: String!) { workOrder(number: $n) { status } }`, { n: workOrder })).data.workOrder.status).toBe("SHORT");
    await assertStockConsistent(t);

    // stock put back at P-E can be reserved again
    expect((await t.gql(`mutation { receiveStock(input: { materialCode: "PART-E", warehouseCode: "W1", locationCode: "P-E", quantity: "5" }) { replayed } }`)).errors).toBeUndefined();
    expect((await t.gql(`mutation($n: String!) { reserveWorkOrder(number: $n) { workOrder { status } } }`, { n: workOrder })).data.reserveWorkOrder.workOrder.status).toBe("RELEASED");
    expect(await reservedAt("PART-E", "P-E")).toBe("3");
  });

  it("completes with its last line; the lines show what was picked", async () => {
    for (const [locationCode, code] of [["P-C", "PART-C"], ["P-D", "PART-D"]]) expect((await confirm({ locationCode, code, quantity: "4" })).errors).toBeUndefined();
    const { data } = await gql(`query($n: String!) { pickList(number: $n) { ${PICK_LIST} } }`, { n: list.number });
    expect(data.pickList.status).toBe("COMPLETED");
    expect(data.pickList.lines.map((l: any) => [l.location.code, l.pickedQuantity, l.status])).toEqual([
      ["P-A", "4", "PICKED"], ["P-E", "1", "SHORT"], ["P-B", "2", "SHORT"], ["P-C", "4", "PICKED"], ["P-D", "4", "PICKED"],
    ]);
    const done = await confirm({ locationCode: "P-C", code: "PART-C", quantity: "1" });
    expect(done.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", status: "COMPLETED" });
    await assertStockConsistent(t);
  });
});

describe("a transfer's pick list", () => {
  it("picks free stock of the source for what is not shipped, and ships what is confirmed", async () => {
    const created = await t.gql(`mutation { createTransfer(input: { materialCode: "PART-C", fromWarehouseCode: "W1", toWarehouseCode: "W2", quantity: "3" }) { transferOrder { number } } }`);
    const transfer = created.data.createTransfer.transferOrder.number;
    const res = await gql(CREATE_PICK, { input: { transferOrderNumber: transfer } });
    expect(res.errors).toBeUndefined();
    const pick = res.data.createPickList.pickList;
    expect(pick.lines.map((l: any) => [l.location.code, l.material.code, l.quantity])).toEqual([["P-C", "PART-C", "3"]]);
    const shipped = await gql(CONFIRM, { input: { number: pick.number, locationCode: "P-C", code: "PART-C", quantity: "3" } });
    expect(shipped.errors).toBeUndefined();
    expect(shipped.data.confirmPick.entries.map((e: any) => [e.type, e.quantity, e.location.code, e.transferOrder.number])).toEqual([
      ["TRANSFER_SHIP", "-3", "P-C", transfer], ["TRANSFER_SHIP", "0", "DOCK", transfer],
    ]);
    const { data } = await t.gql(`query($n: String!) { transferOrder(number: $n) { status shippedQuantity } }`, { n: transfer });
    expect(data.transferOrder).toEqual({ status: "IN_TRANSIT", shippedQuantity: "3" });
    await assertStockConsistent(t);
  });
});

describe("putaway suggestions", () => {
  const PUTAWAY = `query($q: Decimal!) { putawaySuggestions(materialCode: "BOLT", warehouseCode: "W1", quantity: $q, first: 3) { location { code } roomAfter distance holdsMaterial } }`;

  it("suggest the location holding the material while it has room, then the one next to it", async () => {
    const location = `mutation($input: LocationInput!) { createLocation(input: $input) { code } }`;
    for (const [code, x] of [["S-1", 20], ["S-2", 21], ["S-3", 25]] as const) {
      expect((await t.gql(location, { input: { warehouseCode: "W1", code, name: code, x: String(x), y: "0", capacity: "100" } })).errors).toBeUndefined();
    }
    expect((await t.gql(`mutation { createMaterial(input: { code: "BOLT", name: "Bolt", uomCode: "EA", type: BUY }) { code } }`)).errors).toBeUndefined();
    expect((await t.gql(`mutation { receiveStock(input: { materialCode: "BOLT", warehouseCode: "W1", locationCode: "S-1", quantity: "95" }) { replayed } }`)).errors).toBeUndefined();

    const small = await gql(PUTAWAY, { q: "5" });
    expect(small.errors).toBeUndefined();
    expect(small.data.putawaySuggestions[0]).toEqual({ location: { code: "S-1" }, roomAfter: "0", distance: 0, holdsMaterial: true });
    // 10 do not fit into S-1 any more: S-2 is next to it, S-3 further, the bins without capacity further still
    const big = await gql(PUTAWAY, { q: "10" });
    expect(big.data.putawaySuggestions).toEqual([
      { location: { code: "S-2" }, roomAfter: "90", distance: 1, holdsMaterial: false },
      { location: { code: "S-3" }, roomAfter: "90", distance: 5, holdsMaterial: false },
      { location: { code: "P-D" }, roomAfter: null, distance: expect.closeTo(10.05, 2), holdsMaterial: false },
    ]);
  });

  it("leave out a location being counted", async () => {
    const created = await t.gql(`mutation { createCountSession(input: { warehouseCode: "W1", locationCodes: ["S-2"] }) { countSession { number } } }`);
    const number = created.data.createCountSession.countSession.number;
    await t.gql(`mutation($n: String!) { startCountSession(number: $n) { replayed } }`, { n: number });
    expect((await gql(PUTAWAY, { q: "10" })).data.putawaySuggestions[0].location.code).toBe("S-3");
    await t.gql(`mutation($n: String!) { cancelCountSession(number: $n) { replayed } }`, { n: number });
  });
});

describe("refusals", () => {
  it("unknown pick lists, lines that are not on the list, too much and two orders at once are typed errors that write nothing", async () => {
    const order = await kitOrder(t, "1");
    const pick = (await gql(CREATE_PICK, { input: { workOrderNumber: order } })).data.createPickList.pickList;
    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      [CONFIRM, { input: { number: "PL-999999", locationCode: "P-A", code: "PART-A", quantity: "1" } }, { code: "NOT_FOUND", entity: "PickList" }],
      [CONFIRM, { input: { id: "0", locationCode: "P-A", code: "PART-A", quantity: "1" } }, { code: "NOT_FOUND", entity: "PickList" }],
      [CONFIRM, { input: { number: pick.number, locationCode: "NOPE", code: "PART-A", quantity: "1" } }, { code: "NOT_FOUND", entity: "Location" }],
      [CONFIRM, { input: { number: pick.number, locationCode: "S-3", code: "PART-A", quantity: "1" } }, { code: "BAD_USER_INPUT", field: "locationCode" }],
      [CONFIRM, { input: { number: pick.number, locationCode: "P-A", code: "PART-B", quantity: "1" } }, { code: "BAD_USER_INPUT", field: "code" }],
      [CONFIRM, { input: { number: pick.number, locationCode: "P-A", code: "PART-A", quantity: "2" } }, { code: "BAD_USER_INPUT", field: "quantity" }],
      [CONFIRM, { input: { number: pick.number, locationCode: "P-A", code: "PART-A", quantity: "-1" } }, { code: "BAD_USER_INPUT", field: "quantity" }],
      [CONFIRM, { input: { number: pick.number, locationCode: "P-A", code: "PART-A", materialCode: "PART-A", quantity: "1" } }, { code: "BAD_USER_INPUT", field: "code" }],
      [CREATE_PICK, { input: { workOrderNumber: order, transferOrderNumber: "TO-000001" } }, { code: "BAD_USER_INPUT", field: "workOrderNumber" }],
      [CREATE_PICK, { input: { workOrderNumber: "WO-999999" } }, { code: "NOT_FOUND", entity: "WorkOrder" }],
    ];
    for (const [document, variables, expected] of cases) {
      const before = await snapshot(t);
      const res = await gql(document, variables);
      expect(res.errors?.[0].extensions).toMatchObject(expected);
      expect(await snapshot(t)).toEqual(before);
    }
  });

  it("another warehouse's pick list is NOT_FOUND, and a pick for its orders is refused", async () => {
    const pick = (await t.gql(`{ pickLists(warehouseCode: "W1", status: OPEN) { nodes { number workOrder { number } } } }`)).data.pickLists.nodes[0];
    const w2 = await t.token([Role.ADMIN], ["W2"]);
    const before = await snapshot(t);
    const read = await t.gql(`query($n: String!) { pickList(number: $n) { number } }`, { n: pick.number }, { auth: w2 });
    expect(read.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", entity: "PickList" });
    const confirmed = await t.gql(CONFIRM, { input: { number: pick.number, locationCode: "P-A", code: "PART-A", quantity: "1" } }, { auth: w2 });
    expect(confirmed.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", entity: "PickList" });
    const cancelled = await t.gql(`mutation($n: String!) { cancelPickList(number: $n) { replayed } }`, { n: pick.number }, { auth: w2 });
    expect(cancelled.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", entity: "PickList" });
    const created = await t.gql(CREATE_PICK, { input: { workOrderNumber: pick.workOrder.number } }, { auth: w2 });
    expect(created.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", entity: "WorkOrder" });
    expect((await t.gql(`{ pickLists { totalCount } }`, {}, { auth: w2 })).data.pickLists.totalCount).toBe(0);
    expect(await snapshot(t)).toEqual(before);
  });
});
