/**
 * A short pick runs the work order's shortage policy (AUTO) for what is missing, after booking off the short
 * bin's free stock, so nothing is reserved there again: a substitute free in the warehouse, else a transfer
 * from another warehouse, else a purchase suggestion — each step an action on the short pick's exception.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { autoPolicy, exceptionsOf, ok, receive, substitute, transfersOf, workOrder as orderOf } from "../shortages/shortage-fixture";
import { assertStockConsistent, onHand } from "../stock/stock-fixture";
import { CONFIRM, CREATE_PICK, kitOrder, seedPickingPlant } from "./pick-fixture";

let t: TestHub;
let storekeeper: string;
beforeAll(async () => {
  t = await startTestHub();
  storekeeper = await t.token([Role.STOREKEEPER]);
  await seedPickingPlant(t);
  // PART-A may be replaced by PART-A2 (free at P-D); PART-C has no substitute, and W2 holds 2 of it
  await substitute(t, "PART-A", "PART-A2");
  await receive(t, "PART-A2", "W1", "P-D", "10");
  await receive(t, "PART-C", "W2", "DOCK", "2");
  for (const m of ["PART-A", "PART-C"]) await autoPolicy(t, m);
}, 120_000);
afterAll(() => t.stop());

const reservedAt = async (material: string, location: string) => String(Number(
  (await t.db.sql.query<{ q: string }>(
    `SELECT COALESCE(sum(r.quantity - r.consumed), 0)::text AS q FROM reservation r JOIN material m ON m.id = r.material_id JOIN location l ON l.id = r.location_id
      WHERE r.status = 'OPEN' AND m.code = $1 AND l.code = $2`,
    [material, location],
  ))[0].q));

test("a pick list in walking order whose short picks follow the shortage policy and reserve nothing at the short bin", async () => {
  const order = await kitOrder(t, "4");
  const created = await t.gql(CREATE_PICK, { input: { workOrderNumber: order } }, { auth: storekeeper });
  expect(created.errors).toBeUndefined();
  const list = created.data.createPickList.pickList;
  // the bins of pick-fixture.ts from the origin: nearest neighbour A E C B D, untangled by 2-opt into A E B C D
  const legs = [[0, 0], [2, 1], [4, 3], [3, 6], [6, 5], [10, 1]];
  const walk = legs.slice(1).reduce((sum, [x, y], i) => sum + Math.hypot(x - legs[i][0], y - legs[i][1]), 0);
  expect(list.lines.map((l: any) => l.location.code)).toEqual(["P-A", "P-E", "P-B", "P-C", "P-D"]);
  expect(Number(list.pathLength)).toBeCloseTo(walk, 3);
  const confirm = (locationCode: string, code: string, quantity: string) => t.gql(CONFIRM, { input: { number: list.number, locationCode, code, quantity } }, { auth: storekeeper });

  // 1 of 4 PART-A at P-A: the 9 still booked there are booked off, and PART-A2 replaces the 3 missing
  const a = await confirm("P-A", "PART-A", "1");
  expect(a.errors).toBeUndefined();
  expect(await onHand(t, "PART-A", "W1", "P-A")).toBe("0");
  expect(await reservedAt("PART-A", "P-A")).toBe("0");
  expect(await reservedAt("PART-A2", "P-D")).toBe("3");
  const afterA = await orderOf(t, order);
  expect(afterA.status).toBe("RELEASED");
  expect(afterA.substitutions).toEqual([expect.objectContaining({ component: { code: "PART-A" }, substitute: { code: "PART-A2" }, quantity: "3", substituteQuantity: "3" })]);
  const [exA] = await exceptionsOf(t, order);
  expect(exA).toMatchObject({ id: a.data.confirmPick.exceptionId, status: "RESOLVED", details: expect.objectContaining({ material: "PART-A", short: "3", bookedOff: "9", policy: "AUTO" }) });
  expect(exA.actions.map((x: any) => [x.action, x.result])).toEqual([["SHORT_PICK_BOOKED_OFF", "SUCCEEDED"], ["SUBSTITUTE_RESERVED", "SUCCEEDED"], ["RESOLVED", "SUCCEEDED"]]);
  expect(exA.actions[0].details).toMatchObject({ location: "P-A", material: "PART-A", quantity: "9", reasonCode: "SHORT_PICK" });
  expect(exA.links).toEqual(expect.arrayContaining([{ kind: "MATERIAL", ref: "PART-A2" }]));

  // none of 4 PART-C at P-C: its 6 free are booked off too; no substitute, W2 sends its 2, the other 2 are to be bought
  const c = await confirm("P-C", "PART-C", "0");
  expect(c.errors).toBeUndefined();
  expect(await onHand(t, "PART-C", "W1", "P-C")).toBe("0");
  expect(await reservedAt("PART-C", "P-C")).toBe("0");
  expect(await transfersOf(t, "PART-C")).toEqual([expect.objectContaining({ from: "W2", to: "W1", quantity: "2", status: "OPEN" })]);
  const [transfer] = await transfersOf(t, "PART-C");
  const afterC = await orderOf(t, order);
  expect(afterC.status).toBe("SHORT");
  expect(afterC.materials.find((m: any) => m.material.code === "PART-C")).toMatchObject({ reserved: "0", issued: "0", shortQuantity: "4" });
  const exC = (await exceptionsOf(t, order)).find((e: any) => e.id === c.data.confirmPick.exceptionId);
  expect(exC).toMatchObject({ status: "OPEN", details: expect.objectContaining({ material: "PART-C", picked: "0", short: "4", released: "4", bookedOff: "10", policy: "AUTO" }) });
  expect(exC.actions.map((x: any) => [x.action, x.result])).toEqual([
    ["SHORT_PICK_BOOKED_OFF", "SUCCEEDED"], ["SUBSTITUTE_RESERVED", "FAILED"], ["TRANSFER_ORDERED", "SUCCEEDED"], ["PURCHASE_SUGGESTED", "SUCCEEDED"],
  ]);
  expect(exC.actions[2].details).toMatchObject({ component: "PART-C", from: "W2", quantity: "2", transferOrder: transfer.number });
  expect(exC.actions[3].details).toMatchObject({ component: "PART-C", quantity: "2" });
  expect(exC.links).toEqual(expect.arrayContaining([{ kind: "TRANSFER_ORDER", ref: transfer.number }]));
  expect(exC.details.suggestions).toEqual([expect.objectContaining({ kind: "PURCHASE", materialCode: "PART-C", warehouseCode: "W1", quantity: "2" })]);

  // the rest of the list is still picked while the order waits for PART-C
  for (const [loc, code] of [["P-E", "PART-E"], ["P-B", "PART-B"], ["P-D", "PART-D"]]) expect((await confirm(loc, code, "4")).errors).toBeUndefined();
  expect((await ok(t, `query($n: String!) { pickList(number: $n) { status } }`, { n: list.number })).pickList.status).toBe("COMPLETED");
  await assertStockConsistent(t);
});
