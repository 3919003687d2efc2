/**
 * The shortage policy acting, over the real server: substitutes reserved and recorded on the order, transfers
 * that reserve on receipt for the waiting orders (first needed first) and resolve the exception, purchase
 * suggestions and expedites, NEAREST sources by transit lanes — and SUGGEST_ONLY doing exactly what it always did.
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { assertStockConsistent } from "../stock/stock-fixture";
import { autoPolicy, createOrder, exceptionsOf, line, ok, product, receive, reserved, SET_POLICY, substitute, transfersOf, workOrder } from "./shortage-fixture";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  await ok(t, `mutation { createWarehouse(input: { code: "STORE-3", name: "Store three" }) { code } }`);
  await ok(t, `mutation { createLocation(input: { warehouseCode: "STORE-3", code: "C-01", name: "Shelf" }) { code } }`);
}, 240_000);
afterAll(() => t.stop());

const actionsOf = (e: { actions: { action: string; result: string }[] }) => e.actions.map((a) => `${a.action}:${a.result}`);

describe("SUGGEST_ONLY", () => {
  it("records the shortage with suggestions and reserves nothing, with the policy set or without one", async () => {
    await product(t, "SO-PROD", [["SO-COMP", "2"], ["SO-OTHER", "1"]]);
    await substitute(t, "SO-COMP", "SO-SUB");
    await receive(t, "SO-OTHER", "PLANT-1", "A-01", "10");
    await receive(t, "SO-SUB", "PLANT-1", "A-01", "10");
    await receive(t, "SO-COMP", "DC-1", "B-01", "10");
    const without = await createOrder(t, "SO-PROD", "PLANT-1", "3");
    await ok(t, SET_POLICY, { input: { materialCode: "SO-COMP", mode: "SUGGEST_ONLY" } });
    const withPolicy = await createOrder(t, "SO-PROD", "PLANT-1", "3");
    for (const wo of [without, withPolicy]) {
      expect(wo.status).toBe("SHORT");
      expect(line(wo, "SO-COMP")).toMatchObject({ required: "6", reserved: "0", shortQuantity: "6" });
      expect(line(wo, "SO-OTHER")).toMatchObject({ reserved: "0", shortQuantity: "0" });
      expect(wo.substitutions).toEqual([]);
      expect(wo.shortageSuggestions).toEqual([
        { kind: "SUBSTITUTE", component: "SO-COMP", materialCode: "SO-SUB", warehouseCode: "PLANT-1", quantity: "6", purchaseOrderNumber: null },
        { kind: "TRANSFER", component: "SO-COMP", materialCode: "SO-COMP", warehouseCode: "DC-1", quantity: "6", purchaseOrderNumber: null },
      ]);
      const [e] = await exceptionsOf(t, wo.number);
      expect(e).toMatchObject({ status: "OPEN", actions: [], links: [] });
    }
    expect(await reserved(t, "SO-OTHER", "PLANT-1")).toBe("0");
    expect(await reserved(t, "SO-SUB", "PLANT-1")).toBe("0");
    expect(await transfersOf(t, "SO-COMP")).toEqual([]);
  });
});

describe("AUTO: substitutes", () => {
  it("reserves the first valid substitute free for all of it (ratio, priority, validity), records it on the order and resolves the exception", async () => {
    await product(t, "SB-PROD", [["SB-COMP", "2"], ["SB-OTHER", "1"]]);
    await substitute(t, "SB-COMP", "SB-OLD", { priority: 1, validTo: "2020-01-01T00:00:00Z" }); // expired: never used
    await substitute(t, "SB-COMP", "SB-FEW", { priority: 2 }); // too little of it
    await substitute(t, "SB-COMP", "SB-HALF", { priority: 3, ratio: "0.5" });
    for (const [m, q] of [["SB-COMP", "4"], ["SB-OTHER", "10"], ["SB-OLD", "100"], ["SB-FEW", "3"], ["SB-HALF", "10"]]) await receive(t, m, "PLANT-1", "A-02", q);
    await autoPolicy(t, "SB-COMP", { transfers: false, purchase: false });

    const wo = await createOrder(t, "SB-PROD", "PLANT-1", "5"); // needs 10 SB-COMP: 4 there, 6 short → 3 SB-HALF
    expect(wo.status).toBe("RELEASED");
    expect(line(wo, "SB-COMP")).toMatchObject({ required: "4", reserved: "4", shortQuantity: "0" });
    expect(line(wo, "SB-HALF")).toMatchObject({ required: "3", reserved: "3", shortQuantity: "0" });
    expect(line(wo, "SB-OTHER")).toMatchObject({ required: "5", reserved: "5" });
    expect(wo.substitutions).toEqual([{ component: { code: "SB-COMP" }, substitute: { code: "SB-HALF" }, quantity: "6", substituteQuantity: "3", ratio: "0.5", createdBy: "user:test-admin" }]);
    expect(wo.shortageSuggestions).toEqual([]);
    expect(await reserved(t, "SB-HALF", "PLANT-1")).toBe("3");
    expect(await reserved(t, "SB-OLD", "PLANT-1")).toBe("0");
    const [e] = await exceptionsOf(t, wo.number);
    expect(e.status).toBe("RESOLVED");
    expect(actionsOf(e)).toEqual(["SUBSTITUTE_RESERVED:SUCCEEDED", "RESOLVED:SUCCEEDED"]);
    expect(e.actions[0].details).toEqual({ component: "SB-COMP", substitute: "SB-HALF", quantity: "6", substituteQuantity: "3", ratio: "0.5" });
    expect(e.links).toEqual([{ kind: "MATERIAL", ref: "SB-HALF" }]);
    await assertStockConsistent(t);
  });

  it("backflushes the substitute instead of the component", async () => {
    const [row] = await t.db.sql.query<{ number: string }>(`SELECT o.number FROM work_order o JOIN material m ON m.id = o.material_id WHERE m.code = 'SB-PROD' ORDER BY o.id DESC LIMIT 1`);
    await ok(t, `mutation($n: String!) { startOperation(number: $n, sequence: 10) { replayed } }`, { n: row.number });
    await ok(t, `mutation($n: String!) { completeOperation(input: { number: $n, sequence: 10, goodQuantity: "5" }) { replayed } }`, { n: row.number });
    const wo = await workOrder(t, row.number);
    expect(line(wo, "SB-HALF")).toMatchObject({ issued: "3", reserved: "0" });
    expect(line(wo, "SB-COMP")).toMatchObject({ issued: "4", reserved: "0" });
    await assertStockConsistent(t);
  });

  it("records a failed step when no substitute is free, and leaves the rest short", async () => {
    await product(t, "SN-PROD", [["SN-COMP", "1"]]);
    await substitute(t, "SN-COMP", "SN-SUB");
    await autoPolicy(t, "SN-COMP", { transfers: false, purchase: false });
    const wo = await createOrder(t, "SN-PROD", "PLANT-1", "2");
    expect(wo.status).toBe("SHORT");
    const [e] = await exceptionsOf(t, wo.number);
    expect(e.status).toBe("OPEN");
    expect(e.actions).toEqual([{ action: "SUBSTITUTE_RESERVED", actor: "user:test-admin", result: "FAILED", details: { component: "SN-COMP", quantity: "2", tried: ["SN-SUB"], reason: "no substitute is free for all of it" } }]);
  });
});

describe("AUTO: transfers", () => {
  it("orders a transfer from free stock; its receipt reserves for the waiting orders, first needed first, and resolves their exceptions", async () => {
    await product(t, "TR-PROD", [["TR-COMP", "1"], ["TR-OTHER", "1"]]);
    await receive(t, "TR-OTHER", "PLANT-1", "A-03", "20");
    await receive(t, "TR-COMP", "DC-1", "B-02", "10");
    await receive(t, "TR-COMP", "PLANT-1", "A-03", "2");
    await autoPolicy(t, "TR-COMP", { warehouseCode: "PLANT-1", substitutes: false, purchase: false, transferSources: ["DC-1"] });

    // the later order comes first: each holds what PLANT-1 has and waits for its own transfer
    const late = await createOrder(t, "TR-PROD", "PLANT-1", "6", "2030-03-01");
    const early = await createOrder(t, "TR-PROD", "PLANT-1", "5", "2030-02-01");
    expect(late).toMatchObject({ status: "SHORT" });
    expect(line(late, "TR-COMP")).toMatchObject({ reserved: "2", shortQuantity: "4" });
    expect(line(late, "TR-OTHER")).toMatchObject({ reserved: "6", shortQuantity: "0" });
    expect(line(early, "TR-COMP")).toMatchObject({ reserved: "0", shortQuantity: "5" });
    const [first, second] = await transfersOf(t, "TR-COMP");
    expect(first).toMatchObject({ from: "DC-1", to: "PLANT-1", quantity: "4", status: "OPEN" });
    expect(second).toMatchObject({ from: "DC-1", to: "PLANT-1", quantity: "5", status: "OPEN" });
    const [lateShortage] = await exceptionsOf(t, late.number);
    expect(lateShortage.actions.map((a: any) => [a.action, a.details])).toEqual([
      ["TRANSFER_ORDERED", { component: "TR-COMP", from: "DC-1", quantity: "4", transferOrder: first.number }],
    ]);
    expect(lateShortage.links).toEqual([{ kind: "TRANSFER_ORDER", ref: first.number }]);
    // running the policy again awaits the transfer on its way instead of ordering another
    const again = await ok(t, `mutation($n: String!) { reserveWorkOrder(number: $n) { workOrder { status } } }`, { n: late.number });
    expect(again.reserveWorkOrder.workOrder.status).toBe("SHORT");
    expect(await transfersOf(t, "TR-COMP")).toHaveLength(2);

    // the late order's transfer arrives first: the early order gets it
    await ok(t, `mutation($n: String!) { shipTransfer(input: { number: $n }) { replayed } }`, { n: first.number });
    await ok(t, `mutation($n: String!) { receiveTransfer(input: { number: $n }) { replayed } }`, { n: first.number });
    expect(line(await workOrder(t, early.number), "TR-COMP")).toMatchObject({ reserved: "4", shortQuantity: "1" });
    expect(line(await workOrder(t, late.number), "TR-COMP")).toMatchObject({ reserved: "2", shortQuantity: "4" });

    await ok(t, `mutation($n: String!) { shipTransfer(input: { number: $n }) { replayed } }`, { n: second.number });
    await ok(t, `mutation($n: String!) { receiveTransfer(input: { number: $n }) { replayed } }`, { n: second.number });
    const earlyNow = await workOrder(t, early.number);
    const lateNow = await workOrder(t, late.number);
    expect(earlyNow).toMatchObject({ status: "RELEASED" });
    expect(line(earlyNow, "TR-COMP")).toMatchObject({ reserved: "5", shortQuantity: "0" });
    expect(lateNow).toMatchObject({ status: "RELEASED" });
    expect(line(lateNow, "TR-COMP")).toMatchObject({ reserved: "6", shortQuantity: "0" });

    const [e] = await exceptionsOf(t, early.number);
    expect(e).toMatchObject({ status: "RESOLVED", resolutionNote: `reserved on the arrival of ${second.number}` });
    expect(actionsOf(e)).toEqual(["TRANSFER_ORDERED:SUCCEEDED", "RESERVED_ON_ARRIVAL:SUCCEEDED", "RESERVED_ON_ARRIVAL:SUCCEEDED", "RESOLVED:SUCCEEDED"]);
    expect(e.actions[1].details).toEqual({ transferOrder: first.number, reserved: [{ material: "TR-COMP", quantity: "4" }] });
    expect(e.links.map((l: any) => l.ref).sort()).toEqual([first.number, second.number].sort());
    expect(await reserved(t, "TR-COMP", "PLANT-1")).toBe("11");
    await assertStockConsistent(t);
  });

  it("takes sources in the policy's priority order, never promising stock an open transfer already took", async () => {
    await product(t, "TP-PROD", [["TP-COMP", "1"]]);
    await receive(t, "TP-COMP", "DC-1", "B-01", "3");
    await receive(t, "TP-COMP", "STORE-3", "C-01", "10");
    await autoPolicy(t, "TP-COMP", { substitutes: false, purchase: false, transferSources: ["DC-1", "STORE-3"] });
    await createOrder(t, "TP-PROD", "PLANT-1", "5");
    await createOrder(t, "TP-PROD", "PLANT-1", "4");
    expect((await transfersOf(t, "TP-COMP")).map((x) => [x.from, x.quantity])).toEqual([["DC-1", "3"], ["STORE-3", "2"], ["STORE-3", "4"]]);
  });

  it("NEAREST takes the warehouse with the fewest transit days; warehouses without a lane are not used", async () => {
    await product(t, "TN-PROD", [["TN-COMP", "1"]]);
    await receive(t, "TN-COMP", "DC-1", "B-01", "10");
    await receive(t, "TN-COMP", "STORE-3", "C-01", "10");
    await ok(t, `mutation { setTransitLane(input: { fromWarehouseCode: "DC-1", toWarehouseCode: "PLANT-1", transitDays: 4 }) { transitDays } }`);
    await ok(t, `mutation { setTransitLane(input: { fromWarehouseCode: "STORE-3", toWarehouseCode: "PLANT-1", transitDays: 1 }) { transitDays } }`);
    await autoPolicy(t, "TN-COMP", { substitutes: false, sourceSelection: "NEAREST" });
    await createOrder(t, "TN-PROD", "PLANT-1", "2");
    expect((await transfersOf(t, "TN-COMP")).map((x) => x.from)).toEqual(["STORE-3"]);
    const lanes = await ok(t, `{ transitLanes { fromWarehouse { code } toWarehouse { code } transitDays } }`);
    expect(lanes.transitLanes).toEqual([
      { fromWarehouse: { code: "DC-1" }, toWarehouse: { code: "PLANT-1" }, transitDays: 4 },
      { fromWarehouse: { code: "STORE-3" }, toWarehouse: { code: "PLANT-1" }, transitDays: 1 },
    ]);
    await ok(t, `mutation { deleteTransitLane(fromWarehouseCode: "STORE-3", toWarehouseCode: "PLANT-1") }`);
    await createOrder(t, "TN-PROD", "PLANT-1", "2");
    expect((await transfersOf(t, "TN-COMP")).map((x) => x.from)).toEqual(["STORE-3", "DC-1"]);
  });
});

describe("AUTO: purchase", () => {
  it("suggests a purchase for what neither substitutes nor transfers cover, or asks to expedite an open purchase order", async () => {
    await product(t, "PU-PROD", [["PU-COMP", "1"]]);
    await receive(t, "PU-COMP", "DC-1", "B-01", "3");
    await autoPolicy(t, "PU-COMP");
    const wo = await createOrder(t, "PU-PROD", "PLANT-1", "8", "2030-05-04");
    expect(wo.status).toBe("SHORT");
    expect(wo.shortageSuggestions).toEqual([{ kind: "PURCHASE", component: "PU-COMP", materialCode: "PU-COMP", warehouseCode: "PLANT-1", quantity: "5", purchaseOrderNumber: null }]);
    const [e] = await exceptionsOf(t, wo.number);
    expect(actionsOf(e)).toEqual(["SUBSTITUTE_RESERVED:FAILED", "TRANSFER_ORDERED:SUCCEEDED", "PURCHASE_SUGGESTED:SUCCEEDED"]);
    expect(e.actions[2].details).toEqual({ component: "PU-COMP", quantity: "5", needBy: "2030-05-04" });
    expect(line(wo, "PU-COMP")).toMatchObject({ reserved: "0", shortQuantity: "8" });

    await ok(t, `mutation { syncPurchaseOrder(input: { number: "PO-PU-1", materialCode: "PU-COMP", warehouseCode: "PLANT-1", quantity: "50", dueDate: "2030-06-01" }) { number } }`);
    const next = await createOrder(t, "PU-PROD", "PLANT-1", "2", "2030-05-10");
    expect(next.shortageSuggestions).toEqual([{ kind: "EXPEDITE", component: "PU-COMP", materialCode: "PU-COMP", warehouseCode: "PLANT-1", quantity: "2", purchaseOrderNumber: "PO-PU-1" }]);
    const [x] = await exceptionsOf(t, next.number);
    expect(actionsOf(x)).toEqual(["SUBSTITUTE_RESERVED:FAILED", "TRANSFER_ORDERED:FAILED", "EXPEDITE_REQUESTED:SUCCEEDED"]);
    expect(x.actions[2].details).toEqual({ component: "PU-COMP", quantity: "2", needBy: "2030-05-10", purchaseOrder: "PO-PU-1", dueDate: "2030-06-01", open: "50" });
    expect(x.links).toEqual([{ kind: "PURCHASE_ORDER", ref: "PO-PU-1" }]);
  });

  it("reserveWorkOrder runs the policy again on the same exception", async () => {
    const [row] = await t.db.sql.query<{ number: string }>(`SELECT o.number FROM work_order o JOIN material m ON m.id = o.material_id WHERE m.code = 'PU-PROD' ORDER BY o.id DESC LIMIT 1`);
    await receive(t, "PU-COMP", "PLANT-1", "A-01", "2");
    const res = await ok(t, `mutation($n: String!) { reserveWorkOrder(number: $n) { workOrder { status } } }`, { n: row.number });
    expect(res.reserveWorkOrder.workOrder.status).toBe("RELEASED");
    const exceptions = await exceptionsOf(t, row.number);
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({ status: "RESOLVED", resolutionNote: "the work order no longer needs it" });
    await assertStockConsistent(t);
  });
});
