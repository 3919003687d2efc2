/**
 * The Materials page in a real browser against the demo plant: search → a material → its BOM exploded (and
 * folded) and where it is used, its stock, its ledger filtered by type and location, a lot's genealogy traced
 * both ways (drawn and listed), its classes; an unknown material is said so; Chinese; axe-core throughout.
 */
import { until } from "../support/until";
import { openConsoleBrowser, type ConsoleBrowser } from "./console-browser";

let c: ConsoleBrowser;
/** a control board lot made from a solder paste lot by a work order run through the graph */
let producedLot: string;
let consumedLot: string;

beforeAll(async () => {
  c = await openConsoleBrowser();
  const gql = async (query: string, variables?: object) => {
    const res = await c.t.gql(query, variables);
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  await gql(`mutation { receiveStock(input: { materialCode: "PCB-BLANK", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "10" }) { replayed } }`);
  const made = await gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "2" }) { workOrder { id number operations { sequence } } } }`);
  const order = made.createWorkOrder.workOrder;
  for (const { sequence } of order.operations) {
    await gql(`mutation($n: String!, $s: Int!) { startOperation(number: $n, sequence: $s) { replayed } }`, { n: order.number, s: sequence });
    await gql(`mutation($n: String!, $s: Int!) { completeOperation(input: { number: $n, sequence: $s, goodQuantity: "2" }) { replayed } }`, { n: order.number, s: sequence });
  }
  const [produced] = await c.t.db.sql.query<{ code: string }>(`SELECT code FROM lot WHERE work_order_id = $1`, [Number(order.id)]);
  producedLot = produced.code;
  const back = await gql(`query($lot: String!) { traceBackward(materialCode: "PCBA-CTRL", lotCode: $lot) { lot { code } material { code } } }`, { lot: producedLot });
  consumedLot = back.traceBackward.find((l: { material: { code: string } }) => l.material.code === "SOLDER-PASTE").lot.code;
}, 300_000);
afterAll(async () => {
  await c?.close();
});

test("search → a material → its BOM exploded and folded, where it is used, its stock", async () => {
  const { page } = c;
  await c.signIn();
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Materials" }).click();
  await page.getByRole("searchbox", { name: "Search materials" }).fill("pcba");
  await page.getByText("Materials found: 1").waitFor();
  await page.getByRole("link", { name: "PCBA-CTRL" }).click();
  await page.getByRole("heading", { name: "PCBA-CTRL — Control board assembly" }).waitFor();
  // stock (the first tab): the opening lot at the line
  const byLocation = page.getByRole("table", { name: "Stock by location and lot" });
  await byLocation.getByRole("row").filter({ hasText: "PC-2611-001" }).filter({ hasText: "LINE-1" }).waitFor();
  await c.checkAccessibility();

  await page.getByRole("tab", { name: "BOM" }).click();
  const explosion = page.getByRole("table", { name: "BOM explosion" });
  // 12 resistors per board, 1 % scrap: 12.12 for one board, 121.2 for ten
  await explosion.getByRole("row").filter({ hasText: "RES-10K" }).filter({ hasText: "12.12 EA" }).waitFor();
  await page.getByRole("textbox", { name: "Quantity to explode" }).fill("10");
  await explosion.getByRole("row").filter({ hasText: "RES-10K" }).filter({ hasText: "121.2 EA" }).waitFor();
  // the bare PCB is made of FR4: folding it hides its components
  await explosion.getByRole("link", { name: "FR4-PANEL" }).waitFor();
  await explosion.getByRole("button", { name: "PCB-BLANK" }).click();
  expect(await explosion.getByRole("link", { name: "FR4-PANEL" }).count()).toBe(0);
  await explosion.getByRole("button", { name: "PCB-BLANK" }).click();
  await explosion.getByRole("link", { name: "FR4-PANEL" }).waitFor();
  const whereUsed = page.getByRole("table", { name: "Where used" });
  await whereUsed.getByRole("link", { name: "TOASTER-2S" }).waitFor();
  await whereUsed.getByRole("link", { name: "KETTLE-17" }).waitFor();
  await c.checkAccessibility();
  await c.screenshot("materials");
  c.expectClean();
}, 180_000);

test("the ledger filtered by movement type and by location", async () => {
  const { page } = c;
  await c.open("materials/SOLDER-PASTE?tab=ledger");
  const ledger = page.getByRole("table", { name: "Stock ledger" });
  const rows = ledger.locator("tbody tr");
  // the opening lots' receipts and what the work order consumed
  await until(async () => (await rows.count()) > 2, "the whole ledger");
  await page.getByRole("combobox", { name: "Movement type" }).selectOption("RECEIPT");
  await until(async () => (await rows.count()) === 2, "the two opening receipts");
  expect(await rows.filter({ hasText: "Receipt" }).count()).toBe(2);
  await page.getByRole("combobox", { name: "Warehouse" }).selectOption({ label: "PLANT-1 · Main plant" });
  await page.getByRole("combobox", { name: "Location" }).selectOption({ label: "LINE-1 · Assembly line 1" });
  await ledger.getByText("No movement matches the filters.").waitFor();
  await page.getByRole("combobox", { name: "Location" }).selectOption({ label: "A-03 · Rack A03" });
  await until(async () => (await rows.count()) === 2 && (await rows.filter({ hasText: "PLANT-1 / A-03" }).count()) === 2, "the receipts at A-03");
  await c.checkAccessibility();
  c.expectClean();
}, 180_000);

test("a lot's genealogy: backward to the solder paste it was made from, forward from that paste to the board", async () => {
  const { page } = c;
  await c.open("materials/PCBA-CTRL?tab=lots");
  await page.getByRole("button", { name: `Trace lot ${producedLot}` }).click();
  await page.getByRole("heading", { name: `Genealogy of lot ${producedLot}` }).waitFor();
  await page.getByRole("img", { name: new RegExp(`Lot genealogy of ${producedLot}: [1-9]\\d* lots went into it, 0 lots were made from it`) }).waitFor();
  const backward = page.getByRole("table", { name: "Went into it (backward)" });
  await backward.getByRole("row").filter({ hasText: consumedLot }).filter({ hasText: "SOLDER-PASTE" }).waitFor();
  await c.checkAccessibility();
  await c.screenshot("materials-trace");

  await backward.getByRole("link", { name: "SOLDER-PASTE" }).first().click();
  await page.getByRole("heading", { name: "SOLDER-PASTE — Solder paste SAC305" }).waitFor();
  await page.getByRole("button", { name: `Trace lot ${consumedLot}` }).click();
  const forward = page.getByRole("table", { name: "Made from it (forward)" });
  await forward.getByRole("row").filter({ hasText: producedLot }).filter({ hasText: "PCBA-CTRL" }).waitFor();
  await page.getByRole("img", { name: new RegExp(`Lot genealogy of ${consumedLot}: 0 lots went into it, 1 lots were made from it`) }).waitFor();
  c.expectClean();
}, 180_000);

test("classes and policy figures; an unknown material is said so; in Chinese", async () => {
  const { page } = c;
  await c.open("materials/PCBA-CTRL?tab=planning");
  await page.getByRole("heading", { name: "Classes" }).waitFor();
  await page.getByRole("table", { name: "Inventory policy" }).waitFor();
  await page.getByRole("heading", { name: "Forecast" }).waitFor();
  await c.checkAccessibility();

  await c.open("materials/NO-SUCH-PART");
  const alert = page.getByRole("alert");
  await alert.getByText("It does not exist.").waitFor();
  await alert.getByText(/NO-SUCH-PART/).waitFor();

  await c.setLanguage("zh");
  await c.open("materials/PCBA-CTRL?tab=bom");
  await page.getByRole("heading", { name: "物料", exact: true }).waitFor();
  await page.getByRole("table", { name: "反查（用在何处）" }).getByRole("link", { name: "TOASTER-2S" }).waitFor();
  await c.checkAccessibility();
  await c.setLanguage("en");
  c.expectClean();
}, 180_000);
