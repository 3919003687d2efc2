/**
 * Bulk import of every master-data kind through the real hub: a valid file is written (through the area's
 * own upsert, audited with the import's id), the same file again changes nothing (no new audit records),
 * and a bad file reports each error with its line and field and writes nothing. The kinds run in the
 * order a plant is set up, each building on the ones before.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { count, importInline } from "./import-client";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(() => t?.stop());

const TABLES = [
  "unit_of_measure", "warehouse", "location", "supplier", "supplier_item", "supplier_price", "material", "material_cost", "work_center",
  "routing_operation", "bom", "bom_line", "substitute", "audit_log",
];
/** every master-data row as stored (versions, revisions and timestamps included) */
const snapshot = async () => {
  const out: Record<string, unknown> = {};
  for (const table of TABLES) out[table] = (await t.db.sql.query(`SELECT to_jsonb(x) AS row FROM ${table} x ORDER BY id`.replace("ORDER BY id", table === "unit_of_measure" ? "ORDER BY code" : "ORDER BY id"))).map((r) => r.row);
  return out;
};

interface Case {
  kind: string;
  valid: string;
  /** created, updated, unchanged */
  counts: [number, number, number];
  /** what the valid file wrote, as one query's rows */
  check: [sql: string, rows: unknown[]];
  bad: string;
  errors: [line: number, field: string, code: string][];
}

const CASES: Case[] = [
  {
    kind: "units",
    valid: `code,name,precision\nea,each,0\nkg,kilogram,3\n`,
    counts: [2, 0, 0],
    check: [`SELECT code, name, precision FROM unit_of_measure ORDER BY code`, [{ code: "EA", name: "each", precision: 0 }, { code: "KG", name: "kilogram", precision: 3 }]],
    bad: `code,name,precision\nl,litre,7\nbad code!,,2\nm,metre,x\n`,
    errors: [[2, "precision", "BAD_USER_INPUT"], [3, "code", "BAD_USER_INPUT"], [3, "name", "BAD_USER_INPUT"], [4, "precision", "BAD_USER_INPUT"]],
  },
  {
    kind: "warehouses",
    valid: `code,name,kind,active\nw1,Main plant,plant,true\nw2,Store,,\n`,
    counts: [2, 0, 0],
    check: [`SELECT code, name, kind::text, active FROM warehouse ORDER BY code`, [{ code: "W1", name: "Main plant", kind: "PLANT", active: true }, { code: "W2", name: "Store", kind: "STORE", active: true }]],
    bad: `code,name,kind,active\nw3,Third,SHED,\nw4,Fourth,,maybe\nw1,Main plant renamed,,\nW1,Twice,,\n`,
    errors: [[2, "kind", "BAD_USER_INPUT"], [3, "active", "BAD_USER_INPUT"], [5, "code", "CONFLICT"]],
  },
  {
    kind: "locations",
    valid: `warehouseCode,code,name,kind,pickSequence,x,y,capacity\nW1,A-01,Aisle A,STORAGE,1,1.5,2,100\nw1,recv,Receiving,receiving,,,,\nW2,A-01,Aisle A,,,,,\n`,
    counts: [3, 0, 0],
    check: [
      `SELECT w.code AS w, l.code, l.kind::text, l.pick_sequence AS seq, l.x::text, l.capacity::text FROM location l JOIN warehouse w ON w.id = l.warehouse_id ORDER BY w.code, l.code`,
      [
        { w: "W1", code: "A-01", kind: "STORAGE", seq: 1, x: "1.500", capacity: "100.000000" },
        { w: "W1", code: "RECV", kind: "RECEIVING", seq: null, x: null, capacity: null },
        { w: "W2", code: "A-01", kind: "STORAGE", seq: null, x: null, capacity: null },
      ],
    ],
    bad: `warehouseCode,code,name,kind,pickSequence,x\nW9,A-01,Nowhere,,,\nW1,B-01,Aisle B,,abc,1.2345\nW1,B-02,Aisle B2,,,\n`,
    errors: [[2, "warehouseCode", "BAD_USER_INPUT"], [3, "pickSequence", "BAD_USER_INPUT"], [3, "x", "BAD_USER_INPUT"]],
  },
  {
    kind: "suppliers",
    valid: `code,name,email,leadTimeDays\nacme,ACME,orders@acme.test,10\nbolts,Bolt Co,,5\n`,
    counts: [2, 0, 0],
    check: [`SELECT code, email, lead_time_days AS lead FROM supplier ORDER BY code`, [{ code: "ACME", email: "orders@acme.test", lead: 10 }, { code: "BOLTS", email: null, lead: 5 }]],
    bad: `code,name,email,leadTimeDays\nnew,New,not-an-address,-1\n`,
    errors: [[2, "email", "BAD_USER_INPUT"], [2, "leadTimeDays", "BAD_USER_INPUT"]],
  },
  {
    kind: "materials",
    valid: `code,name,uomCode,type\nsteel,Steel,KG,BUY\nsteel-b,Steel B,KG,BUY\nbolt,Bolt,EA,BUY\nbolt-z,Bolt zinc,EA,BUY\nframe,Frame,EA,MAKE\nwheel,Wheel,EA,MAKE\nbike,Bike,EA,MAKE\n`,
    counts: [7, 0, 0],
    check: [`SELECT count(*)::int AS n FROM material`, [{ n: 7 }]],
    bad: `code,name,uomCode,type\nx,X,PALLET,BUY\n`,
    errors: [[2, "uomCode", "NOT_FOUND"]],
  },
  {
    kind: "supplier-items",
    valid: `supplierCode,materialCode,supplierMaterialCode,leadTimeDays,minOrderQuantity,orderMultiple,preferred\nacme,steel,AC-1,7,100,10,true\nbolts,steel,,,,,false\nbolts,bolt,B-8,,500,100,true\n`,
    counts: [3, 0, 0],
    check: [
      `SELECT s.code AS s, m.code AS m, i.min_order_quantity::text AS moq, i.preferred FROM supplier_item i JOIN supplier s ON s.id = i.supplier_id JOIN material m ON m.id = i.material_id ORDER BY m.code, s.code`,
      [{ s: "BOLTS", m: "BOLT", moq: "500.000000", preferred: true }, { s: "ACME", m: "STEEL", moq: "100.000000", preferred: true }, { s: "BOLTS", m: "STEEL", moq: null, preferred: false }],
    ],
    bad: `supplierCode,materialCode,minOrderQuantity,preferred\nnobody,steel,,\nacme,frame,,\nacme,bolt,1.5,\nacme,bolt-z,,true\nbolts,bolt-z,,true\n`,
    errors: [[2, "supplierCode", "BAD_USER_INPUT"], [3, "materialCode", "BAD_USER_INPUT"], [4, "minOrderQuantity", "BAD_USER_INPUT"], [6, "preferred", "CONFLICT"]],
  },
  {
    kind: "supplier-prices",
    valid: `supplierCode,materialCode,price,currency,validFrom,validTo\nacme,steel,2.50,eur,2026-01-01,\nacme,steel,2.75,EUR,2026-07-01,2027-01-01\n`,
    counts: [2, 0, 0],
    check: [`SELECT price::text, currency, valid_from::text AS "from", valid_to::text AS "to" FROM supplier_price ORDER BY valid_from`, [
      { price: "2.500000", currency: "EUR", from: "2026-01-01", to: null },
      { price: "2.750000", currency: "EUR", from: "2026-07-01", to: "2027-01-01" },
    ]],
    bad: `supplierCode,materialCode,price,currency,validFrom,validTo\nacme,steel,2,EURO,2026-02-01,\nacme,steel,2,EUR,2026-03-01,2026-02-01\nacme,nothing,2,EUR,2026-03-01,\n`,
    errors: [[2, "currency", "BAD_USER_INPUT"], [3, "validTo", "BAD_USER_INPUT"], [4, "materialCode", "BAD_USER_INPUT"]],
  },
  {
    kind: "work-centers",
    valid: `code,name,hoursPerDay\nweld,Welding,16\npaint,Paint shop,7.5\n`,
    counts: [2, 0, 0],
    check: [`SELECT code, hours_per_day::text AS h FROM work_center ORDER BY code`, [{ code: "PAINT", h: "7.50" }, { code: "WELD", h: "16.00" }]],
    bad: `code,name,hoursPerDay\nlong,Long,25\n`,
    errors: [[2, "hoursPerDay", "BAD_USER_INPUT"]],
  },
  {
    kind: "routings",
    valid: `materialCode,sequence,name,workCenterCode,setupMinutes,runMinutesPerUnit\nframe,10,Weld,WELD,30,2.5\nframe,20,Paint,PAINT,15,1\nwheel,10,True,WELD,,0.5\n`,
    counts: [3, 0, 0],
    check: [`SELECT m.code, r.sequence, r.setup_minutes::text AS setup FROM routing_operation r JOIN material m ON m.id = r.material_id ORDER BY m.code, r.sequence`, [
      { code: "FRAME", sequence: 10, setup: "30.00" }, { code: "FRAME", sequence: 20, setup: "15.00" }, { code: "WHEEL", sequence: 10, setup: "0.00" },
    ]],
    bad: `materialCode,sequence,name,workCenterCode\nbolt,10,Cut,WELD\nbike,10,Assemble,WELD\nbike,20,Pack,NOWHERE\nbike,10,Again,WELD\n`,
    errors: [[2, "materialCode", "BAD_USER_INPUT"], [4, "workCenterCode", "BAD_USER_INPUT"], [5, "sequence", "CONFLICT"]],
  },
  {
    kind: "standard-costs",
    valid: `materialCode,cost,currency,validFrom\nsteel,1.25,EUR,2026-01-01\nbolt,0.10,EUR,\n`,
    counts: [2, 0, 0],
    check: [`SELECT m.code, c.cost::text, c.valid_from = current_date AS today FROM material_cost c JOIN material m ON m.id = c.material_id ORDER BY m.code`, [
      { code: "BOLT", cost: "0.100000", today: true }, { code: "STEEL", cost: "1.250000", today: false },
    ]],
    bad: `materialCode,cost,currency\nsteel,-1,EUR\nbolt,1,E\nnothing,1,EUR\n`,
    errors: [[2, "cost", "BAD_USER_INPUT"], [3, "currency", "BAD_USER_INPUT"], [4, "materialCode", "BAD_USER_INPUT"]],
  },
  {
    kind: "boms",
    valid: `parentCode,componentCode,quantityPer,scrapPct\nbike,frame,1,\nbike,wheel,2,\nframe,steel,3.5,2\nwheel,bolt,8,\n`,
    counts: [4, 0, 0],
    check: [`SELECT code, low_level_code AS llc FROM material ORDER BY code`, [
      { code: "BIKE", llc: 0 }, { code: "BOLT", llc: 2 }, { code: "BOLT-Z", llc: 0 }, { code: "FRAME", llc: 1 }, { code: "STEEL", llc: 2 }, { code: "STEEL-B", llc: 0 }, { code: "WHEEL", llc: 1 },
    ]],
    // frame → bike closes a cycle with the stored bike → frame; the other lines are bad on their own
    bad: `parentCode,componentCode,quantityPer,scrapPct,baseQuantity\nframe,steel,3.5,2,\nframe,bike,1,,\nbolt,steel,1,,\nwheel,bolt,0,,\nwheel,nothing,1,100,\nsteel-x,steel,1,,\n`,
    errors: [
      [3, "componentCode", "BOM_CYCLE"], [4, "parentCode", "BAD_USER_INPUT"], [5, "quantityPer", "BAD_USER_INPUT"], [6, "scrapPct", "BAD_USER_INPUT"], [7, "parentCode", "NOT_FOUND"],
    ],
  },
  {
    kind: "substitutes",
    valid: `materialCode,substituteCode,priority,ratio,productCode\nbolt,bolt-z,1,1,\nsteel,steel-b,2,1.1,frame\n`,
    counts: [2, 0, 0],
    check: [`SELECT m.code AS m, s.code AS s, x.priority, x.ratio::text AS ratio, p.code AS p FROM substitute x JOIN material m ON m.id = x.material_id JOIN material s ON s.id = x.substitute_id LEFT JOIN material p ON p.id = x.product_id ORDER BY m.code`, [
      { m: "BOLT", s: "BOLT-Z", priority: 1, ratio: "1.000000", p: null }, { m: "STEEL", s: "STEEL-B", priority: 2, ratio: "1.100000", p: "FRAME" },
    ]],
    bad: `materialCode,substituteCode,productCode\nbolt,bolt,\nbolt,steel,nothing\nbolt,steel-b,frame\n`,
    errors: [[2, "substituteCode", "BAD_USER_INPUT"], [3, "productCode", "BAD_USER_INPUT"], [4, "productCode", "BAD_USER_INPUT"]],
  },
];

describe.each(CASES)("$kind", ({ kind, valid, counts, check, bad, errors }) => {
  test("a valid file is written, each record audited with the import's id; the same file again changes nothing", async () => {
    const first = await importInline(t, kind, valid, "CSV", await t.token([Role.PLANNER]));
    expect(first).toMatchObject({ kind, status: "COMPLETED", errorCount: 0, created: counts[0], updated: counts[1], unchanged: counts[2] });
    expect(await t.db.sql.query(check[0])).toEqual(check[1]);
    const audited = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE changes->>'importId' = $1 AND entity <> 'Import'`, [String(first.importId)]);
    expect(audited[0].n).toBeGreaterThan(0);

    const before = await snapshot();
    const again = await importInline(t, kind, valid, "CSV");
    expect(again).toMatchObject({ status: "COMPLETED", created: 0, updated: 0, unchanged: first.total });
    expect(await snapshot()).toEqual(before);
  });

  test("a bad file: every error with its line and field, nothing written", async () => {
    const before = await snapshot();
    const res = await importInline(t, kind, bad, "CSV");
    expect(res.status).toBe("INVALID");
    expect(res.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual(errors);
    expect(res.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});

test("a changed line is updated and audited; the records of unchanged lines are not touched", async () => {
  const before = await count(t, `audit_log WHERE entity = 'Supplier'`);
  const res = await importInline(t, "suppliers", `code,name,email,leadTimeDays\nacme,ACME Ltd,orders@acme.test,10\nbolts,Bolt Co,,5\n`);
  expect(res).toMatchObject({ status: "COMPLETED", created: 0, updated: 1, unchanged: 1 });
  const audits = await t.db.sql.query(`SELECT entity_id, action, changes->>'name' AS name, (changes->>'importId')::int AS "importId" FROM audit_log WHERE entity = 'Supplier' ORDER BY id DESC LIMIT 1`);
  expect(audits).toEqual([{ entity_id: "ACME", action: "update", name: "ACME Ltd", importId: Number(res.importId) }]);
  expect(await count(t, `audit_log WHERE entity = 'Supplier'`)).toBe(before + 1);
});

test("BOMs: the file's graph is checked as a whole and the low-level codes follow it", async () => {
  // acyclic only as a whole: written one parent at a time, frame → bike would meet the stored bike → frame
  const res = await importInline(t, "boms", `parentCode,componentCode,quantityPer\nframe,bike,1\nbike,wheel,2\n`);
  expect(res).toMatchObject({ status: "COMPLETED", created: 0, updated: 2, unchanged: 0 });
  expect(await t.db.sql.query(`SELECT code, low_level_code AS llc FROM material WHERE type = 'MAKE' OR code IN ('BOLT', 'STEEL') ORDER BY code`)).toEqual([
    { code: "BIKE", llc: 1 }, { code: "BOLT", llc: 3 }, { code: "FRAME", llc: 0 }, { code: "STEEL", llc: 0 }, { code: "WHEEL", llc: 2 },
  ]);
  const [bike] = await t.db.sql.query(`SELECT b.revision FROM bom b JOIN material m ON m.id = b.material_id WHERE m.code = 'BIKE'`);
  expect(bike).toEqual({ revision: 2 });

  // a cycle entirely inside the file: each of its lines is named
  const cycle = await importInline(t, "boms", `parentCode,componentCode,quantityPer\nwheel,bolt,8\nwheel,frame,1\n`);
  expect(cycle.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([[3, "componentCode", "BOM_CYCLE"]]);
  const loop = await importInline(t, "boms", `parentCode,componentCode,quantityPer\nbike,frame,1\nframe,bike,1\n`);
  expect(loop.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([[2, "BOM_CYCLE"], [3, "BOM_CYCLE"]]);
});
