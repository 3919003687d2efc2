/** Opening stock imported as receipts, once per line: re-importing posts nothing; bad lines write nothing. */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { count, importInline } from "./import-client";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0), ('KG', 'kilogram', 3)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Main'), ('W2', 'Second')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A-01', 'Aisle A' FROM warehouse`);
  const materials = await importInline(t, "materials", `code,name,uomCode,type,lotTracked\nbolt,Bolt,EA,BUY,false\nresin,Resin,KG,BUY,true\n`);
  expect(materials.status).toBe("COMPLETED");
}, 60_000);
afterAll(() => t?.stop());

const balances = () =>
  t.db.sql.query(`SELECT m.code, w.code AS w, b.on_hand::text AS qty FROM stock_balance b JOIN material m ON m.id = b.material_id
                    JOIN location l ON l.id = b.location_id JOIN warehouse w ON w.id = l.warehouse_id ORDER BY m.code, w.code`);
const snapshot = async () => ({ balances: await balances(), ledger: await count(t, `stock_ledger_entry`), lots: await count(t, `lot`) });

const CSV = `materialCode,warehouseCode,locationCode,quantity,lotCode,expiresAt
bolt,W1,A-01,500,,
resin,W1,A-01,12.5,R-1,2027-06-30
bolt,W2,A-01,40,,
`;

test("each line is received once; importing the same file again posts nothing", async () => {
  const storekeeper = await t.token([Role.STOREKEEPER]);
  expect(await importInline(t, "opening-stock", CSV, "CSV", storekeeper)).toMatchObject({ status: "COMPLETED", total: 3, created: 3, unchanged: 0 });
  expect(await balances()).toEqual([
    { code: "BOLT", w: "W1", qty: "500.000000" },
    { code: "BOLT", w: "W2", qty: "40.000000" },
    { code: "RESIN", w: "W1", qty: "12.500000" },
  ]);
  const entries = await t.db.sql.query(`SELECT type::text, reason_code, posted_by FROM stock_ledger_entry`);
  expect(entries).toEqual(Array(3).fill({ type: "RECEIPT", reason_code: "OPENING", posted_by: "user:test-storekeeper" }));
  const before = await snapshot();
  expect(await importInline(t, "opening-stock", CSV, "CSV", storekeeper)).toMatchObject({ status: "COMPLETED", created: 0, unchanged: 3 });
  expect(await snapshot()).toEqual(before);
});

test("an explicit reference posts the same quantity again under a new reference, once", async () => {
  const csv = `materialCode,warehouseCode,locationCode,quantity,reference\nbolt,W1,A-01,500,go-live-2\n`;
  expect(await importInline(t, "opening-stock", csv)).toMatchObject({ created: 1 });
  expect(await importInline(t, "opening-stock", csv)).toMatchObject({ created: 0, unchanged: 1 });
  expect((await balances())[0]).toEqual({ code: "BOLT", w: "W1", qty: "1000.000000" });
});

test("unknown references, lot rules, precision and duplicates: each reported with line and field, nothing posted", async () => {
  const before = await snapshot();
  const res = await importInline(
    t,
    "opening-stock",
    `materialCode,warehouseCode,locationCode,quantity,lotCode,reference
bolt,W1,A-01,7,,fine
nope,W1,A-01,1,,r2
bolt,W9,A-01,1,,r3
bolt,W1,Z-99,1,,r4
resin,W1,A-01,1,,r5
bolt,W1,A-01,1,L-1,r6
bolt,W1,A-01,1.5,,r7
bolt,W1,A-01,2,,fine
`,
  );
  expect(res.status).toBe("INVALID");
  expect(res.errors.map((e: any) => [e.line, e.field, e.code])).toEqual([
    [3, "materialCode", "NOT_FOUND"],
    [4, "warehouseCode", "NOT_FOUND"],
    [5, "locationCode", "NOT_FOUND"],
    [6, "lotCode", "LOT_REQUIRED"],
    [7, "lotCode", "BAD_USER_INPUT"],
    [8, "quantity", "BAD_USER_INPUT"],
    [9, "reference", "CONFLICT"],
  ]);
  expect(await snapshot()).toEqual(before);
});

test("a storekeeper limited to W1 cannot import stock into W2; a planner may not import stock", async () => {
  const w1 = await t.token([Role.STOREKEEPER], ["W1"]);
  const res = await importInline(t, "opening-stock", `materialCode,warehouseCode,locationCode,quantity\nbolt,W2,A-01,3\n`, "CSV", w1);
  expect(res.errors).toEqual([expect.objectContaining({ line: 2, field: "warehouseCode", code: "FORBIDDEN" })]);
  const planner = await importInline(t, "opening-stock", `materialCode,warehouseCode,locationCode,quantity\nbolt,W1,A-01,3\n`, "CSV", await t.token([Role.PLANNER]));
  expect(planner.errors?.[0].extensions?.code).toBe("FORBIDDEN");
});
