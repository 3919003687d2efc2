import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { CREATE_WO, ISSUE, RECEIVE, assertStockConsistent, snapshot } from "../stock/stock-fixture";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
});
afterAll(() => t.stop());

const reservedOf = async (material: string, warehouse = "PLANT-1") =>
  (await t.gql(`query($m: String!, $w: String) { stockAvailability(materialCode: $m, warehouseCode: $w) { reserved available } }`, { m: material, w: warehouse })).data.stockAvailability[0];
const materialsOf = (wo: any) => Object.fromEntries(wo.materials.map((m: any) => [m.material.code, m]));

describe("work order: reserve, issue, backflush, receive, close", () => {
  let number: string;

  it("reserves every component at creation, from the BOM with scrap, rounded up to the unit", async () => {
    await t.gql(RECEIVE, { input: { materialCode: "PCB-BLANK", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "50" } });
    const res = await t.gql(CREATE_WO, {
      input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "10", dueDate: "2026-12-01T00:00:00Z", operations: [{ sequence: 10, name: "SMT" }, { sequence: 20, name: "Test" }] },
    });
    expect(res.errors).toBeUndefined();
    const wo = res.data.createWorkOrder.workOrder;
    number = wo.number;
    expect(wo.status).toBe("RELEASED");
    const m = materialsOf(wo);
    expect(m["PCB-BLANK"]).toMatchObject({ required: "11", reserved: "11", shortQuantity: "0", operationSeq: 20 }); // 10.1 → 11 each
    expect(m["RES-10K"]).toMatchObject({ required: "122", reserved: "122" });
    expect(m["SOLDER-PASTE"]).toMatchObject({ required: "16.2", reserved: "16.2" });
    expect(await reservedOf("MCU-8BIT")).toEqual({ reserved: "10", available: "1340" });
    const [r] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservation WHERE status = 'OPEN'`);
    expect(r.n).toBe(8);
  });

  it("writes the new order's workOrder.changed event in the statement that inserts it, as the order stands", async () => {
    const [o] = await t.db.sql.query<{ id: number; warehouseId: number; uom: string }>(
      `SELECT o.id, o.warehouse_id AS "warehouseId", m.uom_code AS uom FROM work_order o JOIN material m ON m.id = o.material_id WHERE o.number = $1`, [number]);
    const events = await t.db.sql.query(`SELECT payload, cause FROM event WHERE topic = 'workOrder.changed' AND (payload->>'workOrderId')::int = $1`, [o.id]);
    expect(events).toEqual([{
      payload: {
        workOrderId: o.id, number, warehouseId: o.warehouseId, warehouseCode: "PLANT-1", materialCode: "PCBA-CTRL", uom: o.uom,
        from: null, to: "RELEASED", quantity: "10", completedQuantity: "0", scrappedQuantity: "0",
      },
      cause: null,
    }]);
  });

  it("issues against the order from its reservation, and refuses over-issue writing nothing", async () => {
    const ok = await t.gql(ISSUE, { input: { materialCode: "MCU-8BIT", warehouseCode: "PLANT-1", quantity: "10", workOrderNumber: number } });
    expect(ok.errors).toBeUndefined();
    expect(await reservedOf("MCU-8BIT")).toEqual({ reserved: "0", available: "1340" });
    const before = await snapshot(t);
    const over = await t.gql(ISSUE, { input: { materialCode: "MCU-8BIT", warehouseCode: "PLANT-1", quantity: "1", workOrderNumber: number } });
    expect(over.errors?.[0].extensions).toMatchObject({ code: "OVER_ISSUE", allowed: "10", issued: "10" });
    expect(await snapshot(t)).toEqual(before);
  });

  it("completes operations: backflushes the linked components and receives the product into a new lot", async () => {
    const start = await t.gql(`mutation($n: String!) { startOperation(number: $n, sequence: 10) { workOrder { status } } }`, { n: number });
    expect(start.data.startOperation.workOrder.status).toBe("IN_PROGRESS");
    const first = await t.gql(`mutation($n: String!) { completeOperation(input: { number: $n, sequence: 10, goodQuantity: "10" }) { workOrder { status } } }`, { n: number });
    expect(first.errors).toBeUndefined();
    expect(first.data.completeOperation.workOrder.status).toBe("IN_PROGRESS");
    expect((await t.gql(`mutation($n: String!) { startOperation(number: $n, sequence: 20) { replayed } }`, { n: number })).errors).toBeUndefined();
    const last = await t.gql(
      `mutation($n: String!) { completeOperation(input: { number: $n, sequence: 20, goodQuantity: "9", scrapQuantity: "1" }) {
         workOrder { status completedQuantity materials { material { code } reserved issued } } } }`,
      { n: number },
    );
    expect(last.errors).toBeUndefined();
    const wo = last.data.completeOperation.workOrder;
    expect(wo).toMatchObject({ status: "COMPLETED", completedQuantity: "9" });
    const m = materialsOf(wo);
    expect(m["PCB-BLANK"]).toEqual({ material: { code: "PCB-BLANK" }, reserved: "0", issued: "11" });
    expect(m["MCU-8BIT"].issued).toBe("10"); // issued by hand, not backflushed again
    const entries = await t.gql(`query($n: String!) { stockLedger(first: 50, filter: { workOrderNumber: $n }) { nodes { type quantity material { code } lot { code } location { code } } } }`, { n: number });
    const receipt = entries.data.stockLedger.nodes.find((e: any) => e.type === "PRODUCTION_RECEIPT");
    expect(receipt).toEqual({ type: "PRODUCTION_RECEIPT", quantity: "9", material: { code: "PCBA-CTRL" }, lot: { code: number }, location: { code: "LINE-1" } });
    expect(entries.data.stockLedger.nodes.filter((e: any) => e.type === "BACKFLUSH")).toHaveLength(7);
    const [lot] = await t.db.sql.query<{ wo: string }>(`SELECT o.number AS wo FROM lot JOIN work_order o ON o.id = lot.work_order_id WHERE lot.code = $1`, [number]);
    expect(lot.wo).toBe(number);
  });

  it("traces lots forward and backward through consumption and production", async () => {
    const back = await t.gql(`query($l: String!) { traceBackward(materialCode: "PCBA-CTRL", lotCode: $l) { depth lot { code } material { code } workOrder { number } } }`, { l: number });
    expect(back.errors).toBeUndefined();
    expect(back.data.traceBackward).toEqual([{ depth: 1, lot: { code: "SP-2610-C" }, material: { code: "SOLDER-PASTE" }, workOrder: { number } }]);
    const fwd = await t.gql(`{ traceForward(materialCode: "SOLDER-PASTE", lotCode: "SP-2610-C") { depth lot { code } material { code } } }`);
    expect(fwd.data.traceForward).toEqual([{ depth: 1, lot: { code: number }, material: { code: "PCBA-CTRL" } }]);
  });

  it("closes the order", async () => {
    const res = await t.gql(`mutation($n: String!) { closeWorkOrder(number: $n) { workOrder { status } } }`, { n: number });
    expect(res.data.closeWorkOrder.workOrder.status).toBe("CLOSED");
    const again = await t.gql(`mutation($n: String!) { closeWorkOrder(number: $n) { workOrder { status } } }`, { n: number });
    expect(again.errors?.[0].extensions?.code).toBe("INVALID_STATE");
    await assertStockConsistent(t);
  });
});

describe("work order: shortage", () => {
  let number: string;

  it("creates a SHORT order reserving nothing, records the exception and suggests substitutes and transfers", async () => {
    await t.db.sql.query(`INSERT INTO substitute (material_id, substitute_id, ratio) SELECT a.id, b.id, 2 FROM material a, material b WHERE a.code = 'STRAIN-RELIEF' AND b.code = 'TERMINAL-4P'`);
    await t.gql(RECEIVE, { input: { materialCode: "PLUG-SCHUKO", warehouseCode: "DC-1", locationCode: "B-01", quantity: "40" } });
    const events = (await snapshot(t)).counts.events;
    const res = await t.gql(CREATE_WO, { input: { materialCode: "CORDSET-EU", warehouseCode: "PLANT-1", quantity: "10" } });
    expect(res.errors).toBeUndefined();
    const wo = res.data.createWorkOrder.workOrder;
    number = wo.number;
    expect(wo.status).toBe("SHORT");
    const m = materialsOf(wo);
    expect(m["CABLE-3X075"]).toMatchObject({ required: "12.24", reserved: "0", shortQuantity: "0" });
    expect(m["PLUG-SCHUKO"]).toMatchObject({ required: "10", reserved: "0", shortQuantity: "10" });
    expect(m["STRAIN-RELIEF"]).toMatchObject({ reserved: "0", shortQuantity: "10" });
    expect(wo.shortageSuggestions).toEqual([
      { component: "PLUG-SCHUKO", kind: "TRANSFER", materialCode: "PLUG-SCHUKO", warehouseCode: "DC-1", quantity: "10" },
      { component: "STRAIN-RELIEF", kind: "SUBSTITUTE", materialCode: "TERMINAL-4P", warehouseCode: "PLANT-1", quantity: "20" },
    ]);
    expect((await reservedOf("CABLE-3X075")).reserved).toBe("0");
    const [x] = await t.db.sql.query<{ type: string; status: string }>(`SELECT e.type, e.status FROM exception e JOIN work_order o ON o.id = e.work_order_id WHERE o.number = $1`, [number]);
    expect(x).toEqual({ type: "SHORTAGE", status: "OPEN" });
    const [ev] = await t.db.sql.query<{ topic: string }>(`SELECT topic FROM event ORDER BY id DESC LIMIT 1`);
    expect(ev.topic).toBe("exception.raised");
    // the order's creation (workOrder.changed, SHORT) and its shortage
    expect((await snapshot(t)).counts.events).toBe(events + 2);
  });

  it("refuses to issue to or start a SHORT order", async () => {
    const res = await t.gql(`mutation($n: String!) { startOperation(number: $n, sequence: 10) { replayed } }`, { n: number });
    expect(res.errors?.[0].extensions?.code).toBe("INVALID_STATE");
  });

  it("reserves once the stock is there, and cancelling releases it", async () => {
    for (const materialCode of ["PLUG-SCHUKO", "STRAIN-RELIEF"]) {
      await t.gql(RECEIVE, { input: { materialCode, warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "10" } });
    }
    const res = await t.gql(`mutation($n: String!) { reserveWorkOrder(number: $n) { workOrder { status shortageSuggestions { kind } materials { reserved shortQuantity } } } }`, { n: number });
    expect(res.errors).toBeUndefined();
    expect(res.data.reserveWorkOrder.workOrder.status).toBe("RELEASED");
    expect(res.data.reserveWorkOrder.workOrder.shortageSuggestions).toEqual([]);
    expect(res.data.reserveWorkOrder.workOrder.materials.map((m: any) => m.shortQuantity)).toEqual(["0", "0", "0"]);
    expect((await reservedOf("CABLE-3X075")).reserved).toBe("12.24");
    const cancel = await t.gql(`mutation($n: String!) { cancelWorkOrder(number: $n) { workOrder { status materials { reserved } } } }`, { n: number });
    expect(cancel.data.cancelWorkOrder.workOrder).toEqual({ status: "CANCELLED", materials: [{ reserved: "0" }, { reserved: "0" }, { reserved: "0" }] });
    expect((await reservedOf("CABLE-3X075")).reserved).toBe("0");
    await assertStockConsistent(t);
  });

  it("lets planners create orders but not viewers", async () => {
    const viewer = await t.token([Role.VIEWER]);
    const res = await t.gql(CREATE_WO, { input: { materialCode: "ELEMENT-T", warehouseCode: "PLANT-1", quantity: "1" } }, { auth: viewer });
    expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const planner = await t.token([Role.PLANNER]);
    const ok = await t.gql(CREATE_WO, { input: { materialCode: "ELEMENT-T", warehouseCode: "PLANT-1", quantity: "1" } }, { auth: planner });
    expect(ok.data.createWorkOrder.workOrder.status).toBe("RELEASED");
  });
});

describe("work order: integrity", () => {
  it("stockIntegrity names a component whose reserved quantity no longer matches its reservations", async () => {
    const created = await t.gql(CREATE_WO, { input: { materialCode: "ELEMENT-T", warehouseCode: "PLANT-1", quantity: "1" } });
    const wo = created.data.createWorkOrder.workOrder;
    expect(wo.status).toBe("RELEASED");
    const [line] = await t.db.sql.query<{ materialId: number; reserved: string }>(
      `SELECT material_id AS "materialId", reserved::text FROM work_order_material WHERE work_order_id = $1 AND reserved > 0 ORDER BY material_id LIMIT 1`,
      [wo.id],
    );
    await t.db.sql.query(`UPDATE work_order_material SET reserved = reserved + 1 WHERE work_order_id = $1 AND material_id = $2`, [wo.id, line.materialId]);
    try {
      const res = await t.gql(`{ stockIntegrity { ok differences { field } workOrderDifferences { workOrderId materialId expected actual } } }`);
      expect(res.data.stockIntegrity).toEqual({
        ok: false,
        differences: [],
        workOrderDifferences: [{ workOrderId: wo.id, materialId: String(line.materialId), expected: String(Number(line.reserved)), actual: String(Number(line.reserved) + 1) }],
      });
    } finally {
      await t.db.sql.query(`UPDATE work_order_material SET reserved = reserved - 1 WHERE work_order_id = $1 AND material_id = $2`, [wo.id, line.materialId]);
    }
  });
});

describe("work order: listing", () => {
  it("lists orders filtered by status, material and warehouse, a page at a time, within the caller's warehouses", async () => {
    const expected = async (where: string) =>
      (await t.db.sql.query<{ number: string }>(
        `SELECT o.number FROM work_order o JOIN material m ON m.id = o.material_id JOIN warehouse w ON w.id = o.warehouse_id WHERE ${where} ORDER BY o.id`,
      )).map((r) => r.number);
    const LIST = `query($filter: WorkOrderFilter, $first: Int, $after: String) {
      workOrders(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { number status material { code } } } }`;
    const released = await expected(`o.status = 'RELEASED' AND m.code = 'ELEMENT-T' AND w.code = 'PLANT-1'`);
    expect(released.length).toBeGreaterThan(1);
    const filter = { status: "RELEASED", materialCode: "element-t", warehouseCode: "PLANT-1" };
    const first = await t.gql(LIST, { filter, first: 1 });
    expect(first.errors).toBeUndefined();
    expect(first.data.workOrders).toMatchObject({ totalCount: released.length, pageInfo: { hasNextPage: true }, nodes: [{ number: released[0], status: "RELEASED", material: { code: "ELEMENT-T" } }] });
    const rest = await t.gql(LIST, { filter, first: 50, after: first.data.workOrders.pageInfo.endCursor });
    expect(rest.data.workOrders.nodes.map((n: { number: string }) => n.number)).toEqual(released.slice(1));
    const all = await t.gql(LIST, {});
    expect(all.data.workOrders.totalCount).toBe((await expected("true")).length);
    const elsewhere = await t.gql(LIST, {}, { auth: await t.token([Role.VIEWER], ["DC-1"]) });
    expect(elsewhere.data.workOrders).toMatchObject({ totalCount: (await expected(`w.code = 'DC-1'`)).length });
    expect(elsewhere.data.workOrders.nodes.every((n: { number: string }) => !released.includes(n.number))).toBe(true);
  });
});
