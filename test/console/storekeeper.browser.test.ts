/**
 * The storekeeper's phone (console/src/pages/storekeeper) in a real browser: a 390×844 touch screen driven the
 * way a keyboard-wedge scanner drives it (the code typed, then Enter), against a real hub with the demo plant.
 * A move, a pick list walked and confirmed line by line (one line short), a blind count with a hand count and an
 * RFID tag, and wrong scans: each refused with a translated message and nothing written.
 */
import type { Page } from "playwright-core";
import { until } from "../support/until";
import { openConsoleBrowser, Role, type ConsoleBrowser } from "./console-browser";

/** what the scanner does: types the code into the focused field and presses Enter */
async function scan(page: Page, code: string) {
  await page.keyboard.type(code);
  await page.keyboard.press("Enter");
}

const prompt = (page: Page, text: string) => page.getByTestId("sk-prompt").filter({ hasText: text }).waitFor();
/** waits for the refusal of this code and returns what it says */
const problem = async (page: Page, code: string) => {
  const banner = page.locator(`[data-testid="sk-problem"][data-code="${code}"]`);
  await banner.waitFor();
  return banner.innerText();
};
const success = (page: Page, text: string) => page.getByTestId("sk-success").filter({ hasText: text }).waitFor();

let c: ConsoleBrowser;
let page: Page;
/** the page's requests still on their way: a test opens its page once they are done (a reload aborts them) */
const pending = new Set<unknown>();

/** opens /console/<path> once the previous page's requests are done */
async function open(path: string) {
  await until(() => pending.size === 0, "the page's requests to finish");
  await c.open(path);
}

beforeAll(async () => {
  c = await openConsoleBrowser({ viewport: { width: 390, height: 844 }, touch: true });
  page = c.page;
  page.on("request", (r) => void pending.add(r));
  page.on("requestfinished", (r) => void pending.delete(r));
  page.on("requestfailed", (r) => void pending.delete(r));
  await c.signIn();
}, 300_000);
afterAll(async () => {
  await c?.close();
});

/** the newest ledger entry's id: unchanged when nothing was written */
const lastEntry = async () => (await c.t.gql(`{ stockLedger(first: 1) { nodes { id } } }`)).data.stockLedger.nodes[0]?.id as string;
const onHand = async (material: string, warehouse: string, location: string) => {
  const { data } = await c.t.gql(`query ($m: String!, $w: String!) { material(code: $m) { balances(warehouseCode: $w) { onHand location { code } } } }`, { m: material, w: warehouse });
  return (data.material.balances as { onHand: string; location: { code: string } }[]).filter((b) => b.location.code === location).reduce((s, b) => s + Number(b.onHand), 0);
};

/** picks the warehouse in the header, once the page has loaded (a query given up when the warehouse changes is aborted) */
async function chooseWarehouse(code: string) {
  const loaded = page.locator('[data-testid="sk-prompt"], nav.sk-tiles').first();
  await loaded.waitFor();
  await until(() => pending.size === 0, "the page's requests to finish");
  const select = page.getByLabel("Warehouse");
  if ((await select.inputValue()) === code) return;
  await select.selectOption(code);
  await loaded.waitFor();
  await until(() => pending.size === 0, "the page's requests to finish");
}

test("the home screen offers the five flows as big tiles on a phone", async () => {
  await open("storekeeper");
  await chooseWarehouse("PLANT-1");
  const tiles = page.getByRole("navigation", { name: "Storekeeper" }).getByRole("link");
  expect(await tiles.allInnerTexts()).toEqual([expect.stringContaining("Receive"), expect.stringContaining("Issue"), expect.stringContaining("Move"), expect.stringContaining("Pick lists"), expect.stringContaining("Cycle counts")]);
  for (const box of await Promise.all((await tiles.all()).map((t) => t.boundingBox()))) expect(box!.height).toBeGreaterThanOrEqual(56);
  await c.checkAccessibility();
  await c.screenshot("storekeeper-home");
  c.expectClean();
}, 120_000);

test("a move: from-location, label, quantity, to-location; wrong scans are refused and write nothing", async () => {
  await open("storekeeper/move");
  await chooseWarehouse("PLANT-1");
  await prompt(page, "Scan the location you take it from");
  const before = await lastEntry();

  await scan(page, "FEET-RUBBER"); // a plain code that is no location of the warehouse
  expect(await problem(page, "NOT_A_LOCATION")).toContain("“FEET-RUBBER” is not a location of this warehouse. Scan a location label.");
  await scan(page, "STAINLESS-08|SX-2610-07"); // a material label where a location is due
  expect(await problem(page, "LOCATION_EXPECTED_ITEM_SCANNED")).toContain("That is a material label (STAINLESS-08). Scan a location label.");
  await scan(page, "A-02");
  await prompt(page, "Scan the material label");
  await scan(page, "A-03"); // a location where a label is due
  expect(await problem(page, "ITEM_EXPECTED_LOCATION_SCANNED")).toContain("That is location A-03");
  await scan(page, "NO-SUCH-PART");
  expect(await problem(page, "UNKNOWN_MATERIAL")).toContain("No material NO-SUCH-PART exists");
  await scan(page, "FEET-RUBBER");
  await prompt(page, "Enter the quantity to move");
  expect(await page.getByLabel(/available there/).inputValue()).toBe("1400");

  // more than there is: the graph refuses (INSUFFICIENT_STOCK), translated
  await page.getByLabel(/available there/).fill("999999");
  await page.keyboard.press("Enter");
  await prompt(page, "Scan the location it goes to");
  await scan(page, "A-02");
  expect(await problem(page, "SAME_LOCATION")).toContain("It is already at A-02.");
  await scan(page, "A-01");
  expect(await problem(page, "graph.INSUFFICIENT_STOCK")).toContain("Not enough stock there for this. Nothing was posted.");
  await c.checkAccessibility();
  await c.screenshot("storekeeper-error");
  expect(await lastEntry()).toBe(before);

  await page.getByRole("button", { name: "Start over" }).click();
  await scan(page, "A-02");
  await scan(page, "FEET-RUBBER");
  await page.getByLabel(/available there/).fill("5");
  await page.getByRole("button", { name: "Next" }).click(); // a tap works as well as Enter; the scan field takes the focus back
  await prompt(page, "Scan the location it goes to");
  await scan(page, "A-01");
  await success(page, "Moved 5 EA FEET-RUBBER from A-02 to A-01.");
  await prompt(page, "Scan the location you take it from");
  expect(await onHand("FEET-RUBBER", "PLANT-1", "A-01")).toBe(5);
  expect(await onHand("FEET-RUBBER", "PLANT-1", "A-02")).toBe(1395);
  await c.screenshot("storekeeper-move");
  c.expectClean();
}, 120_000);

test("a pick list walked in its walking order, each line confirmed by scan, the last one short", async () => {
  const { t } = c;
  const wo = await t.gql(`mutation { createWorkOrder(input: { materialCode: "HEATPLATE-K", warehouseCode: "PLANT-1", quantity: "10" }) { workOrder { number } } }`);
  const { number } = wo.data.createWorkOrder.workOrder;
  await open("storekeeper/pick");
  await chooseWarehouse("PLANT-1");
  await prompt(page, "Scan or choose a pick list");
  await scan(page, number); // the work order's number makes its pick list
  await prompt(page, "Go to stop 1: A-01");
  const list = decodeURIComponent(page.url().split("/").pop()!);
  const before = await lastEntry();

  await scan(page, "A-03"); // stop 2 first: not in walking order
  expect(await problem(page, "WRONG_LOCATION")).toContain("you scanned A-03, this stop is A-01");
  await scan(page, "A-01");
  await prompt(page, "Scan the label of: STAINLESS-08 · SX-2610-07");
  await scan(page, "STAINLESS-08"); // the line picks a lot: the label must name it
  expect(await problem(page, "LOT_LABEL_NEEDED")).toContain("scan the label with the lot");
  await scan(page, "NTC-THERM");
  expect(await problem(page, "WRONG_ITEM")).toContain("NTC-THERM is not to be picked here");
  expect(await lastEntry()).toBe(before);
  await scan(page, "STAINLESS-08|SX-2610-07");
  await prompt(page, "Pick 1.89 KG");
  await page.keyboard.press("Enter"); // the full quantity, as proposed
  await success(page, "Picked 1.89 KG STAINLESS-08 · SX-2610-07 at A-01.");

  await prompt(page, "Go to stop 2: A-03");
  await scan(page, "A-03");
  await scan(page, "NTC-THERM");
  await prompt(page, "Pick 10 EA");
  await page.getByLabel(/Picked/).fill("8");
  await page.getByRole("button", { name: "Short pick: 8 of 10" }).waitFor();
  await c.screenshot("storekeeper-pick");
  await page.keyboard.press("Enter");
  await success(page, "Pick list " + list + " is complete.");
  await success(page, "Short pick recorded: 8 of 10 EA NTC-THERM at A-03");

  const { data } = await t.gql(`query ($n: String!) { pickList(number: $n) { status lines { status pickedQuantity material { code } } } }`, { n: list });
  expect(data.pickList).toEqual({ status: "COMPLETED", lines: [{ status: "PICKED", pickedQuantity: "1.89", material: { code: "STAINLESS-08" } }, { status: "SHORT", pickedQuantity: "8", material: { code: "NTC-THERM" } }] });
  await c.checkAccessibility();
  c.expectClean();
}, 120_000);

test("a blind count: start it, scan the location, count by hand and by RFID tag, submit", async () => {
  const { t } = c;
  const created = await t.gql(`mutation { createCountSession(input: { warehouseCode: "DC-1", locationCodes: ["B-02"], blind: true }) { countSession { number } } }`);
  const { number } = created.data.createCountSession.countSession;
  await open("storekeeper/count");
  await chooseWarehouse("DC-1");
  await page.getByRole("button", { name: new RegExp(number) }).click();
  await page.getByText("Blind count: the books' quantities are not shown.").waitFor();
  await page.getByRole("button", { name: "Start counting" }).click();
  await prompt(page, "Scan a location to count: B-02");

  await scan(page, "B-01");
  expect(await problem(page, "NOT_IN_COUNT")).toContain(`B-01 is not counted in ${number}`);
  // the location is held by the count: a movement there is refused by the graph (and writes nothing)
  const moved = await t.gql(`mutation { moveStock(input: { warehouseCode: "DC-1", materialCode: "KETTLE-17", fromLocationCode: "B-02", toLocationCode: "B-01", quantity: "1" }) { replayed } }`);
  expect(moved.errors?.[0].extensions?.code).toBe("LOCATION_BEING_COUNTED");

  await scan(page, "B-02");
  await prompt(page, "At B-02: scan each item's label");
  await scan(page, "KETTLE-17");
  await prompt(page, "Count KETTLE-17 and enter how many there are");
  expect(await page.getByLabel(/Counted/).inputValue()).toBe(""); // blind: nothing proposed
  await page.keyboard.type("59");
  await page.keyboard.press("Enter");
  await success(page, "Recorded 59 EA KETTLE-17 at B-02.");
  await scan(page, Buffer.from("KETTLE-17").toString("hex").toUpperCase()); // an RFID handheld types the tag's EPC
  await success(page, "Tag counted at B-02.");
  await page.getByText("60 EA (1 tag)").waitFor();
  await c.screenshot("storekeeper-count");
  await page.getByRole("button", { name: "Counting done: submit" }).click();
  await success(page, `Count ${number} submitted for review.`);

  const { data } = await t.gql(`query ($n: String!) { countSession(number: $n) { status lines { countedQuantity enteredQuantity tagsRead material { code } } } }`, { n: number });
  expect(data.countSession).toEqual({ status: "REVIEW", lines: [{ countedQuantity: "60", enteredQuantity: "59", tagsRead: 1, material: { code: "KETTLE-17" } }] });
  await c.checkAccessibility();
  c.expectClean();
}, 120_000);

test("a receipt against a purchase order: the order's material only, then quantity and put-away location", async () => {
  const { t } = c;
  await t.gql(`mutation { syncPurchaseOrder(input: { number: "PO-SK-1", materialCode: "RELAY-10A", warehouseCode: "PLANT-1", quantity: "100", dueDate: "2027-01-15", supplier: "Elektron Components GmbH" }) { purchaseOrder { number } } }`);
  await open("storekeeper/receive");
  await chooseWarehouse("PLANT-1");
  await prompt(page, "Scan or choose the purchase order");
  await scan(page, "PO-SK-1");
  await prompt(page, "Scan the material label");
  const before = await lastEntry();
  await scan(page, "FEET-RUBBER");
  expect(await problem(page, "NOT_ON_ORDER")).toContain("PO-SK-1 is for RELAY-10A, not FEET-RUBBER.");
  expect(await lastEntry()).toBe(before);
  await scan(page, "RELAY-10A");
  await prompt(page, "Enter the quantity received");
  expect(await page.getByLabel(/still to receive/).inputValue()).toBe("100");
  await page.getByLabel(/still to receive/).fill("40");
  await page.keyboard.press("Enter");
  await prompt(page, "Scan the location you put it away in");
  await scan(page, "RECV");
  await success(page, "Received 40 EA RELAY-10A into RECV (PO-SK-1).");
  const { data } = await t.gql(`{ purchaseOrders(filter: { materialCode: "RELAY-10A" }, first: 10) { nodes { number receivedQuantity status } } }`);
  expect(data.purchaseOrders.nodes).toContainEqual({ number: "PO-SK-1", receivedQuantity: "40", status: "PARTIALLY_RECEIVED" });
  await c.checkAccessibility();
  c.expectClean();
}, 120_000);

test("an issue to a work order: the order (appearing live), the location, a material it uses, the quantity reserved", async () => {
  const { t } = c;
  await open("storekeeper/issue");
  await chooseWarehouse("PLANT-1");
  await prompt(page, "Scan or choose the work order");
  // released while the page is open: the list hears of it (workOrderChanged) without a reload
  const wo = await t.gql(`mutation { createWorkOrder(input: { materialCode: "ELEMENT-T", warehouseCode: "PLANT-1", quantity: "5" }) { workOrder { number materials { reserved material { code } } } } }`);
  const { number, materials } = wo.data.createWorkOrder.workOrder;
  const reserved = materials.find((m: { material: { code: string } }) => m.material.code === "MICA-SHEET").reserved as string;
  await page.getByRole("button", { name: new RegExp(number) }).click();
  await prompt(page, "Scan the location you take it from");
  await scan(page, "A-02");
  await scan(page, "FEET-RUBBER");
  expect(await problem(page, "NOT_ON_WORK_ORDER")).toContain(`Work order ${number} does not use FEET-RUBBER.`);
  await scan(page, "MICA-SHEET");
  await prompt(page, "Check the quantity and confirm");
  expect(await page.getByLabel(/available there/).inputValue()).toBe(reserved);
  await page.getByRole("button", { name: `Issue ${reserved}` }).click();
  await success(page, `Issued ${reserved} EA MICA-SHEET from A-02 to ${number}.`);
  const { data } = await t.gql(`query ($n: String!) { workOrder(number: $n) { materials { issued material { code } } } }`, { n: number });
  expect(data.workOrder.materials).toContainEqual({ issued: reserved, material: { code: "MICA-SHEET" } });
  c.expectClean();
}, 120_000);

test("in Chinese: the prompts and a wrong scan's refusal are translated", async () => {
  await open("storekeeper/move");
  await c.setLanguage("zh");
  await prompt(page, "扫描取料库位");
  await scan(page, "Z-99");
  expect(await problem(page, "NOT_A_LOCATION")).toContain("“Z-99”不是本仓库的库位，请扫描库位标签。");
  await c.checkAccessibility();
  await c.screenshot("storekeeper-zh");
  await c.setLanguage("en");
  c.expectClean();
}, 120_000);

test("what a role may not do is not offered: a planner counts and picks but does not move stock", async () => {
  await until(() => pending.size === 0, "the page's requests to finish");
  await page.getByRole("button", { name: "Sign out" }).click();
  await c.signIn(await c.t.token([Role.PLANNER]));
  await open("storekeeper");
  const tiles = page.getByRole("navigation", { name: "Storekeeper" }).getByRole("link");
  await tiles.first().waitFor();
  expect(await tiles.allInnerTexts()).toEqual([expect.stringContaining("Pick lists"), expect.stringContaining("Cycle counts")]);
  await open("storekeeper/move");
  await page.getByRole("navigation", { name: "Storekeeper" }).waitFor(); // no move flow: the page's home instead
  expect(await page.getByTestId("sk-prompt").count()).toBe(0);
  c.expectClean();
}, 120_000);
