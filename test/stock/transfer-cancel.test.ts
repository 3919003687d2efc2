/** Cancelling transfers: what is not shipped is cancelled, what is on its way is still received; MRP follows. */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { assertStockConsistent, onHand, snapshot } from "./stock-fixture";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);
afterAll(() => t?.stop());

const ORDER = `transferOrder { number status quantity shippedQuantity receivedQuantity }`;
const create = async (quantity: string) =>
  (await t.gql(`mutation($q: Decimal!) { createTransfer(input: { materialCode: "MCU-8BIT", fromWarehouseCode: "PLANT-1", toWarehouseCode: "DC-1", quantity: $q }) { ${ORDER} } }`, { q: quantity }))
    .data.createTransfer.transferOrder.number as string;
const CANCEL = `mutation($n: String!, $key: String) { cancelTransfer(number: $n, idempotencyKey: $key) { replayed ${ORDER} } }`;

test("an open transfer is cancelled and can no longer be shipped", async () => {
  const number = await create("50");
  const res = await t.gql(CANCEL, { n: number, key: "cancel-1" });
  expect(res.errors).toBeUndefined();
  expect(res.data.cancelTransfer.transferOrder).toMatchObject({ status: "CANCELLED", shippedQuantity: "0" });
  expect((await t.gql(CANCEL, { n: number, key: "cancel-1" })).data.cancelTransfer.replayed).toBe(true);
  const ship = await t.gql(`mutation($n: String!) { shipTransfer(input: { number: $n }) { replayed } }`, { n: number });
  expect(ship.errors?.[0].extensions?.code).toBe("INVALID_STATE");
  expect((await t.gql(CANCEL, { n: number })).errors?.[0].extensions?.code).toBe("INVALID_STATE");
});

test("a part-shipped transfer keeps what is on its way, which is received as usual", async () => {
  const number = await create("100");
  expect((await t.gql(`mutation($n: String!) { shipTransfer(input: { number: $n, quantity: "40" }) { replayed } }`, { n: number })).errors).toBeUndefined();
  const dcBefore = await onHand(t, "MCU-8BIT", "DC-1");
  const res = await t.gql(CANCEL, { n: number });
  expect(res.data.cancelTransfer.transferOrder).toMatchObject({ status: "IN_TRANSIT", quantity: "40", shippedQuantity: "40" });
  const receipt = await t.gql(`mutation($n: String!) { receiveTransfer(input: { number: $n }) { ${ORDER} } }`, { n: number });
  expect(receipt.data.receiveTransfer.transferOrder).toMatchObject({ status: "RECEIVED", receivedQuantity: "40" });
  expect(Number(await onHand(t, "MCU-8BIT", "DC-1"))).toBe(Number(dcBefore) + 40);
  await assertStockConsistent(t);
});

test("a transfer shipped in full cannot be cancelled; an unknown one is NOT_FOUND; a viewer may not cancel; nothing is written", async () => {
  const number = await create("10");
  await t.gql(`mutation($n: String!) { shipTransfer(input: { number: $n }) { replayed } }`, { n: number });
  const before = await snapshot(t);
  expect((await t.gql(CANCEL, { n: number })).errors?.[0].extensions?.code).toBe("INVALID_STATE");
  expect((await t.gql(CANCEL, { n: "TO-999999" })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  expect((await t.gql(CANCEL, { n: number }, { auth: await t.token([Role.VIEWER]) })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
  expect(await snapshot(t)).toEqual(before);
});
