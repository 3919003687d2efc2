/**
 * The exceptions' SQL on the embedded database (`npm start`): the generated tsvector and its search,
 * similar cases (ts_rank over the exception's own words), percentile_cont, and an equipment failure's
 * blocking and repair.
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { idsOf, raised } from "./exception-fixture";

let t: TestHub;
let warehouses: Record<string, number>;
let materials: Record<string, number>;
beforeAll(async () => {
  t = await startTestHub({ embedded: true, demo: true });
  warehouses = await idsOf(t, "warehouse");
  materials = await idsOf(t, "material");
}, 120_000);
afterAll(() => t?.stop());

const RESOLVE = `mutation($id: ID!, $note: String) { resolveException(id: $id, note: $note) { status } }`;

test("full-text search over message, cause text and resolution note", async () => {
  const plant = warehouses["PLANT-1"];
  const heater = String(await raised(t, { type: "QUALITY", message: "Heater elements cracked", warehouseId: plant }));
  const noted = String(await raised(t, { type: "QUALITY", message: "Kettles leaking", warehouseId: plant, causeText: "seal supplier changed compound" }));
  await raised(t, { type: "QUALITY", message: "Labels smudged", warehouseId: plant });
  await t.gql(RESOLVE, { id: heater, note: "cracking came from a bad batch of ceramic" });
  const search = async (text: string) =>
    (await t.gql(`query($text: String) { exceptions(filter: { text: $text }) { nodes { id } } }`, { text })).data.exceptions.nodes.map((n: { id: string }) => n.id);
  expect(await search("cracked heaters")).toEqual([heater]);
  expect(await search("ceramic")).toEqual([heater]);
  expect(await search("compounds")).toEqual([noted]);
});

test("similar cases rank the same material before the same cause", async () => {
  const plant = warehouses["PLANT-1"];
  const shortage = (material: string, message: string, cause: "SUPPLIER_LATE" | "DATA_ERROR") =>
    raised(t, { type: "SHORTAGE", message, materialId: materials[material], warehouseId: plant, cause }).then(String);
  const sameCause = await shortage("MCU-8BIT", "controllers short", "SUPPLIER_LATE");
  const sameMaterial = await shortage("RELAY-10A", "relays miscounted", "DATA_ERROR");
  for (const id of [sameCause, sameMaterial]) await t.gql(RESOLVE, { id, note: "sorted out" });
  const target = await shortage("RELAY-10A", "relays short", "SUPPLIER_LATE");
  const similar = (await t.gql(`query($id: ID!) { similarExceptions(id: $id) { score exception { id resolutionNote } } }`, { id: target })).data.similarExceptions;
  expect(similar.map((s: { exception: { id: string } }) => s.exception.id)).toEqual([sameMaterial, sameCause]);
  expect(similar[0].score).toBeGreaterThan(4);
  expect(similar[0].exception.resolutionNote).toBe("sorted out");
});

test("response times: medians and p90 by percentile_cont", async () => {
  for (const [ack, res] of [[10, 20], [20, 40], [40, 80]]) {
    const id = await raised(t, { type: "EXCESS", message: "too much", warehouseId: warehouses["DC-1"] });
    await t.db.sql.query(
      `UPDATE exception SET created_at = '2025-06-02 06:00', acknowledged_at = '2025-06-02 06:00'::timestamp + make_interval(mins => $2),
              resolved_at = '2025-06-02 06:00'::timestamp + make_interval(mins => $3), status = 'RESOLVED' WHERE id = $1`,
      [id, ack, res],
    );
  }
  const rows = (await t.gql(`{ exceptionResponseTimes(from: "2025-06-01T00:00:00Z", to: "2025-06-03T00:00:00Z") {
    type warehouseCode count acknowledgeMedianMinutes acknowledgeP90Minutes resolveMedianMinutes resolveP90Minutes } }`)).data.exceptionResponseTimes;
  // p90 of 10, 20, 40: 20 + 0.8 × (40 − 20) = 36; of 20, 40, 80: 72
  expect(rows).toEqual([{ type: "EXCESS", warehouseCode: "DC-1", count: 3, acknowledgeMedianMinutes: 20, acknowledgeP90Minutes: 36, resolveMedianMinutes: 40, resolveP90Minutes: 72 }]);
});

test("an equipment failure blocks an operation until its repair", async () => {
  await t.gql(`mutation { receiveStock(input: { materialCode: "PCB-BLANK", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "10" }) { replayed } }`);
  const wo = (await t.gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "1" }) { workOrder { number status } } }`)).data.createWorkOrder.workOrder;
  expect(wo.status).toBe("RELEASED");
  const failure = (await t.gql(`mutation { reportEquipmentFailure(input: { workCenterCode: "SMT-1", warehouseCode: "PLANT-1", description: "pick-and-place nozzle broken" }) {
    failure { id } exception { details } } }`)).data.reportEquipmentFailure;
  expect(failure.exception.details.affectedWorkOrders.map((o: { workOrderNumber: string }) => o.workOrderNumber)).toEqual([wo.number]);
  const start = () => t.gql(`mutation($n: String!) { startOperation(number: $n, sequence: 10) { workOrder { status } } }`, { n: wo.number });
  expect((await start()).errors?.[0].extensions?.code).toBe("OPERATION_BLOCKED");
  const repaired = await t.gql(`mutation($id: ID!) { reportEquipmentRepaired(id: $id, note: "new nozzle") { exception { status } } }`, { id: failure.failure.id });
  expect(repaired.data.reportEquipmentRepaired.exception.status).toBe("RESOLVED");
  expect((await start()).data.startOperation.workOrder.status).toBe("IN_PROGRESS");
});
