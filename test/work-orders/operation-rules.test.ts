/**
 * Operations as a plant runs them: started before completed, in sequence unless an operation allows
 * overlap, never completing more than came in (the order's quantity plus OVER_COMPLETION_TOLERANCE_PCT, here
 * 20 %, then what the previous operation made), and the backflush follows the quantity actually made.
 *
 * FG (EA, make) = 2 COMP (EA, consumed at the last operation); 100 COMP on hand in W1.
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { CREATE_WO, RECEIVE, assertStockConsistent, onHand, snapshot } from "../stock/stock-fixture";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { OVER_COMPLETION_TOLERANCE_PCT: "20" } });
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name, kind) SELECT id, 'A1', 'Rack', 'STORAGE' FROM warehouse`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name, kind) SELECT id, 'LINE', 'Line', 'PRODUCTION' FROM warehouse`);
  for (const [code, type] of [["FG", "MAKE"], ["COMP", "BUY"]]) {
    const res = await t.gql(`mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`, { input: { code, name: code, uomCode: "EA", type } });
    expect(res.errors).toBeUndefined();
  }
  expect((await t.gql(`mutation { replaceBom(input: { materialCode: "FG", lines: [{ componentCode: "COMP", quantityPer: "2" }] }) { id } }`)).errors).toBeUndefined();
  expect((await t.gql(RECEIVE, { input: { materialCode: "COMP", warehouseCode: "W1", locationCode: "A1", quantity: "100" } })).errors).toBeUndefined();
}, 120_000);
afterAll(() => t?.stop());

const createOrder = async (operations: object[]) => {
  const res = await t.gql(CREATE_WO, { input: { materialCode: "FG", warehouseCode: "W1", quantity: "10", operations } });
  expect(res.errors).toBeUndefined();
  return res.data.createWorkOrder.workOrder.number as string;
};
const start = (n: string, sequence: number) => t.gql(`mutation($n: String!, $s: Int!) { startOperation(number: $n, sequence: $s) { replayed } }`, { n, s: sequence });
const complete = (n: string, sequence: number, goodQuantity: string, scrapQuantity = "0") =>
  t.gql(`mutation($input: CompleteOperationInput!) { completeOperation(input: $input) { workOrder { status completedQuantity materials { required issued reserved } } } }`, {
    input: { number: n, sequence, goodQuantity, scrapQuantity },
  });
const code = (res: { errors?: readonly any[] }) => res.errors?.[0].extensions?.code;

describe("in sequence, within the tolerance, backflushing what was made", () => {
  let number: string;
  beforeAll(async () => {
    number = await createOrder([{ sequence: 10, name: "Cut" }, { sequence: 20, name: "Assemble" }]);
  });

  it("refuses to complete an operation that was not started, writing nothing", async () => {
    const before = await snapshot(t);
    const res = await complete(number, 10, "10");
    expect(res.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", status: "PENDING" });
    expect(await snapshot(t)).toEqual(before);
  });

  it("refuses to start an operation before the previous one is done", async () => {
    expect(res(await start(number, 20))).toMatchObject({ code: "INVALID_STATE", previousSequence: 10, previousStatus: "PENDING" });
    expect(code(await start(number, 10))).toBeUndefined();
    expect(res(await start(number, 20))).toMatchObject({ code: "INVALID_STATE", previousSequence: 10, previousStatus: "STARTED" });
  });

  it("refuses to complete more than the order plus the tolerance", async () => {
    const before = await snapshot(t);
    const over = await complete(number, 10, "12", "1");
    expect(over.errors?.[0].extensions).toMatchObject({ code: "OVER_COMPLETION", allowed: "12", requested: "13" });
    expect(await snapshot(t)).toEqual(before);
    expect(code(await complete(number, 10, "12"))).toBeUndefined();
  });

  it("lets the next operation process only what the previous one made, and backflushes for what was made", async () => {
    expect(code(await start(number, 20))).toBeUndefined();
    expect(res(await complete(number, 20, "12", "1"))).toMatchObject({ code: "OVER_COMPLETION", allowed: "12", requested: "13" });
    const done = await complete(number, 20, "11", "1");
    expect(done.errors).toBeUndefined();
    // 12 made (11 good, 1 scrapped) of an order of 10: 2 × 12 = 24 COMP, 20 of them from the reservation
    expect(done.data.completeOperation.workOrder).toEqual({ status: "COMPLETED", completedQuantity: "11", materials: [{ required: "20", issued: "24", reserved: "0" }] });
    expect(await onHand(t, "COMP", "W1")).toBe("76");
    expect(await onHand(t, "FG", "W1", "LINE")).toBe("11");
    await assertStockConsistent(t);
  });
});

describe("overlapping operations", () => {
  it("start while the previous one runs when allowed, and complete only after it", async () => {
    const number = await createOrder([{ sequence: 10, name: "Cut" }, { sequence: 20, name: "Assemble", allowOverlap: true }]);
    expect(res(await start(number, 20))).toMatchObject({ code: "INVALID_STATE", previousStatus: "PENDING" }); // not before it starts
    expect(code(await start(number, 10))).toBeUndefined();
    expect(code(await start(number, 20))).toBeUndefined();
    expect(res(await complete(number, 20, "10"))).toMatchObject({ code: "INVALID_STATE", previousSequence: 10, previousStatus: "STARTED" });
    expect(code(await complete(number, 10, "10"))).toBeUndefined();
    const done = await complete(number, 20, "10");
    expect(done.errors).toBeUndefined();
    expect(done.data.completeOperation.workOrder.materials).toEqual([{ required: "20", issued: "20", reserved: "0" }]);
    const ops = await t.gql(`query($n: String!) { workOrder(number: $n) { operations { sequence allowOverlap status } } }`, { n: number });
    expect(ops.data.workOrder.operations).toEqual([{ sequence: 10, allowOverlap: false, status: "COMPLETED" }, { sequence: 20, allowOverlap: true, status: "COMPLETED" }]);
  });
});

function res(r: { errors?: readonly any[] }) {
  return r.errors?.[0].extensions;
}
