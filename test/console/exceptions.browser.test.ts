/**
 * The Exceptions page in a real browser over the demo plant: the inbox, a SHORTAGE raised through the graph
 * arriving without a reload (exceptionRaised), acknowledge, assign, and resolve — without a note first, refused
 * with its translated reason —, the resolved case then offered as a similar past case of the next one, and a
 * viewer offered none of the actions.
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

/** a work order the demo's stock cannot supply: SHORT, with a SHORTAGE exception naming it */
async function shortOrder(): Promise<string> {
  const res = await c.t.gql(`mutation { createWorkOrder(input: { materialCode: "TOASTER-2S", warehouseCode: "PLANT-1", quantity: "900" }) { workOrder { number status } } }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.createWorkOrder.workOrder.status).toBe("SHORT");
  return res.data.createWorkOrder.workOrder.number;
}

test("a new exception arrives live; acknowledge, assign, resolve with a note (none: refused); similar cases", async () => {
  const { page } = c;
  await settle(page);
  await c.open("exceptions");
  await page.getByRole("heading", { name: "Exceptions", level: 1 }).waitFor();
  await page.getByRole("table").getByText(/\d+ exceptions?/).waitFor();
  await c.checkAccessibility();

  const first = await shortOrder();
  const row = page.getByRole("row").filter({ hasText: first });
  await row.waitFor();
  await page.getByText(/^New: /).waitFor();
  await row.getByRole("link").click();
  const detail = page.getByRole("article");
  await detail.getByRole("heading", { name: /Shortage/ }).waitFor();

  await detail.getByRole("button", { name: "Acknowledge" }).click();
  await detail.getByText(/^Acknowledged by user:test-admin/).waitFor();
  await detail.getByLabel("Assign to").fill("planning-lead");
  await detail.getByRole("button", { name: "Assign" }).click();
  await row.getByText("planning-lead").waitFor();

  await detail.getByRole("button", { name: "Resolve" }).click();
  await detail.getByRole("alert").getByText("Some input is not valid.").waitFor();
  await c.checkAccessibility();
  await detail.getByLabel("What was done").fill("Moved the toaster batch to next week; ordered heating elements");
  await detail.getByRole("button", { name: "Resolve" }).click();
  await detail.getByText(/^Resolved by user:test-admin/).waitFor();
  await detail.getByRole("heading", { name: /Shortage/ }).getByText("Resolved").waitFor();

  // the next shortage of the same material: the resolved one is a similar past case, with its note
  const second = await shortOrder();
  const next = page.getByRole("row").filter({ hasText: second });
  await next.getByRole("link").click();
  await detail.getByRole("heading", { name: "Similar past cases" }).waitFor();
  await detail.getByText("Moved the toaster batch to next week; ordered heating elements").waitFor();
  await c.checkAccessibility();
  await c.screenshot("exceptions");
  c.expectClean();
}, 240_000);

test("a viewer sees the inbox and an exception but is offered no action", async () => {
  const { page } = c;
  await settle(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await c.open("exceptions");
  await c.signIn(await c.t.token([Role.VIEWER]));
  await page.getByRole("table").getByRole("link").first().click();
  await page.getByRole("heading", { name: "History" }).waitFor();
  expect(await page.getByRole("button", { name: /^(Acknowledge|Assign|Resolve)$/ }).count()).toBe(0);
  c.expectClean();
}, 120_000);
