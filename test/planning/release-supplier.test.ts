/** A purchase order released from a suggestion goes to the suggestion's supplier: the material's preferred one when planned. */
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
const ok = async (query: string, variables?: Record<string, unknown>) => {
  const res = await t.gql(query, variables);
  if (res.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data;
};
let suggestions: { id: string; material: { code: string }; supplierCode: string | null }[];

beforeAll(async () => {
  t = await startTestHub();
  await ok(`mutation { createUnit(input: { code: "EA", name: "each", precision: 0 }) { code } }`);
  await ok(`mutation { createWarehouse(input: { code: "W1", name: "Plant" }) { code } }`);
  for (const code of ["RELAY", "KNOB", "LOOSE"]) await ok(`mutation { createMaterial(input: { code: "${code}", name: "${code}", uomCode: "EA", type: BUY, leadTimeDays: 5 }) { id } }`);
  for (const code of ["S1", "S2"]) await ok(`mutation { createSupplier(input: { code: "${code}", name: "Supplier ${code}" }) { code } }`);
  await ok(`mutation { syncSupplierItem(input: { supplierCode: "S1", materialCode: "RELAY", preferred: true }) { preferred } }`);
  await ok(`mutation { syncSupplierItem(input: { supplierCode: "S2", materialCode: "RELAY" }) { preferred } }`);
  await ok(`mutation { syncSupplierItem(input: { supplierCode: "S2", materialCode: "KNOB", preferred: true }) { preferred } }`);
  for (const code of ["RELAY", "KNOB", "LOOSE"]) {
    await ok(`mutation { createMpsLine(input: { materialCode: "${code}", warehouseCode: "W1", quantity: "10", dueDate: "2030-01-21" }) { id } }`);
  }
  const runId = (await ok(`mutation { startMrpRun(input: { warehouseCode: "W1", bucket: WEEK, horizonBuckets: 8, startDate: "2030-01-07" }) { id } }`)).startMrpRun.id;
  await until(async () => (await ok(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id: runId })).mrpRun.status === "COMPLETED", "the MRP run");
  suggestions = (await ok(`{ purchaseSuggestions(warehouseCode: "W1") { nodes { id material { code } supplierCode } } }`)).purchaseSuggestions.nodes;
}, 60_000);
afterAll(() => t?.stop());

const suggestionOf = (code: string) => suggestions.find((s) => s.material.code === code)!;
const ORDER = `query { purchaseOrders { nodes { number supplierCode material { code } } } }`;
const orderNamed = async (number: string) =>
  (await ok(ORDER)).purchaseOrders.nodes.find((o: { number: string }) => o.number === number);

test("one released suggestion: its purchase order names the preferred supplier", async () => {
  expect(suggestionOf("RELAY").supplierCode).toBe("S1");
  const released = await ok(`mutation($id: ID!) { releasePurchaseSuggestion(id: $id) { number } }`, { id: suggestionOf("RELAY").id });
  expect(await orderNamed(released.releasePurchaseSuggestion.number)).toEqual({ number: released.releasePurchaseSuggestion.number, supplierCode: "S1", material: { code: "RELAY" } });
});

test("released together, each order names its own suggestion's supplier, or none for a material without one", async () => {
  const ids = [suggestionOf("KNOB").id, suggestionOf("LOOSE").id];
  const released = await ok(`mutation($ids: [ID!]!) { releasePurchaseSuggestions(ids: $ids) { orders { number } } }`, { ids });
  const [knob, loose] = released.releasePurchaseSuggestions.orders.map((o: { number: string }) => o.number);
  expect(await orderNamed(knob)).toMatchObject({ supplierCode: "S2", material: { code: "KNOB" } });
  expect(await orderNamed(loose)).toMatchObject({ supplierCode: null, material: { code: "LOOSE" } });
});
