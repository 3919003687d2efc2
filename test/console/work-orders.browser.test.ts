/**
 * The Work orders page in a real browser over the demo plant: the list and the board by status, an order created
 * through the graph appearing on the board without a reload (workOrderChanged), an order's detail (components and
 * reservations, the shortage policy's actions), an operation started and completed from the page — an
 * over-completion refused with its translated reason first —, and what a viewer is not offered.
 */
import { openConsoleBrowser, Role, type ConsoleBrowser } from "./console-browser";
import { settle, trackRequests } from "./settle";

let c: ConsoleBrowser;
beforeAll(async () => {
  c = await openConsoleBrowser({ hub: { demo: "living" } });
  trackRequests(c.page);
  await c.signIn();
}, 300_000);
afterAll(() => c?.close());

/** opens a console page once the current one is done reading */
const open = async (path: string) => {
  await settle(c.page);
  await c.open(path);
};

const orderOf = async (status: string) =>
  (await c.t.gql(`query($s: WorkOrderStatus) { workOrders(filter: { status: $s, warehouseCode: "PLANT-1" }) { nodes { number } } }`, { s: status })).data.workOrders.nodes[0].number as string;

test("the list and the board; an order created through the graph appears on the board live", async () => {
  const { page } = c;
  await open("work-orders");
  await page.getByRole("heading", { name: "Work orders" }).waitFor();
  await page.getByRole("table").getByText(/\d+ work orders/).waitFor();
  const short = await orderOf("SHORT");
  await page.getByLabel("Status").selectOption("SHORT");
  await page.getByRole("link", { name: short }).waitFor();
  await c.checkAccessibility();

  await page.getByRole("button", { name: "Board" }).click();
  const released = page.getByRole("region", { name: /^Released/ });
  await released.waitFor();
  await page.getByRole("region", { name: /^Short/ }).getByRole("link", { name: short }).waitFor();
  await c.checkAccessibility();

  const created = await c.t.gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "3" }) { workOrder { number status } } }`);
  expect(created.errors).toBeUndefined();
  const { number, status } = created.data.createWorkOrder.workOrder;
  expect(status).toBe("RELEASED");
  await released.getByRole("link", { name: number }).waitFor();
  await page.getByText(`Live: ${number} is now Released`).waitFor();
  await c.screenshot("work-orders");
  c.expectClean();
}, 180_000);

test("an order's detail: start and complete an operation; more than ordered is refused with the reason", async () => {
  const { page } = c;
  const number = await orderOf("IN_PROGRESS");
  await open(`work-orders/${number}`);
  await page.getByRole("heading", { name: new RegExp(number) }).waitFor();
  await page.getByRole("table", { name: "Components and reservations" }).waitFor();
  const operations = page.getByRole("table", { name: "Operations" });
  await operations.getByRole("button", { name: "Start 20" }).click();
  await operations.getByRole("button", { name: "Complete 20" }).click();

  const form = page.getByRole("form", { name: "Complete operation 20" });
  await form.getByLabel("Good quantity").fill("9999");
  await form.getByRole("button", { name: "Confirm" }).click();
  await form.getByRole("alert").getByText("More than ordered would be completed.").waitFor();
  await c.checkAccessibility();

  await form.getByLabel("Good quantity").fill("12");
  await form.getByRole("button", { name: "Confirm" }).click();
  await page.getByText("Operation 20: done").waitFor();
  // the last operation received the finished goods: the order is complete (re-read on its workOrderChanged)
  await page.getByRole("heading", { name: new RegExp(number) }).getByText("Completed").waitFor();
  await c.checkAccessibility();
  await c.screenshot("work-order");
  c.expectClean();
}, 180_000);

test("a SHORT order shows its shortage and what was done about it; a viewer is offered no action", async () => {
  const { page } = c;
  const short = await orderOf("SHORT");
  await open(`work-orders/${short}`);
  await page.getByRole("heading", { name: "Shortage handling" }).waitFor();
  await page.getByRole("button", { name: "Try to reserve again" }).waitFor();
  await page.getByRole("heading", { name: /^Actions taken/ }).first().waitFor();

  await settle(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await open(`work-orders/${await orderOf("RELEASED")}`);
  await c.signIn(await c.t.token([Role.VIEWER]));
  await page.getByRole("table", { name: "Operations" }).waitFor();
  expect(await page.getByRole("button", { name: /^(Start|Complete) / }).count()).toBe(0);
  expect(await page.getByRole("button", { name: "Try to reserve again" }).count()).toBe(0);
  c.expectClean();
}, 180_000);
