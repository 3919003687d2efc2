/** Bulk import of materials: every line validated first, all or nothing, re-import changes nothing. */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { count, importInline } from "./import-client";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0), ('KG', 'kilogram', 3)`);
}, 60_000);
afterAll(() => t?.stop());

const CSV = `code,name,uomCode,type,leadTimeDays,safetyStock,lotSizing,lotSizeFixed
bolt-m8,Bolt M8,EA,BUY,5,100,LOT_FOR_LOT,
steel,Steel coil,KG,BUY,14,250.5,FIXED,1000
frame,Frame,EA,MAKE,2,0,,
`;
const snapshot = async () => ({
  materials: await t.db.sql.query(`SELECT code, name, uom_code, lead_time_days, safety_stock::text, lot_size_fixed::text, version, updated_at FROM material ORDER BY code`),
  audit: await count(t, `audit_log`),
  runs: await count(t, `import_run WHERE status = 'COMPLETED'`),
});

test("a CSV creates the materials, each audited with the import's id; importing it again changes nothing", async () => {
  const first = await importInline(t, "materials", CSV, "CSV", await t.token([Role.PLANNER]));
  expect(first).toMatchObject({ kind: "materials", status: "COMPLETED", total: 3, created: 3, updated: 0, unchanged: 0, errorCount: 0, errors: [] });
  const rows = await t.db.sql.query(`SELECT code, type::text, lead_time_days, safety_stock::text AS ss, lot_sizing::text, lot_size_fixed::text AS fixed, created_by FROM material ORDER BY code`);
  expect(rows).toEqual([
    { code: "BOLT-M8", type: "BUY", lead_time_days: 5, ss: "100.000000", lot_sizing: "LOT_FOR_LOT", fixed: null, created_by: "user:test-planner" },
    { code: "FRAME", type: "MAKE", lead_time_days: 2, ss: "0.000000", lot_sizing: "LOT_FOR_LOT", fixed: null, created_by: "user:test-planner" },
    { code: "STEEL", type: "BUY", lead_time_days: 14, ss: "250.500000", lot_sizing: "FIXED", fixed: "1000.000000", created_by: "user:test-planner" },
  ]);
  const audits = await t.db.sql.query<{ entity: string; action: string; importId: string }>(
    `SELECT entity, action, changes->>'importId' AS "importId" FROM audit_log ORDER BY id`,
  );
  expect(audits).toEqual([
    ...["create", "create", "create"].map((action) => ({ entity: "Material", action, importId: String(first.importId) })),
    { entity: "Import", action: "materials", importId: null },
  ]);
  // net change plans the new materials from now on (its kept plans take them in)
  const named = await t.db.sql.query<{ materialIds: number[]; cause: string }>(`SELECT payload->'materialIds' AS "materialIds", payload->>'cause' AS cause FROM event WHERE topic = 'planning.masterChanged'`);
  const ids = (await t.db.sql.query<{ id: number }>(`SELECT id FROM material`)).map((m) => m.id);
  expect(named.map((e) => ({ ...e, materialIds: [...e.materialIds].sort((x, y) => x - y) }))).toEqual([{ materialIds: ids.sort((x, y) => x - y), cause: "MATERIAL" }]);

  const before = await snapshot();
  const again = await importInline(t, "materials", CSV);
  expect(again).toMatchObject({ status: "COMPLETED", total: 3, created: 0, updated: 0, unchanged: 3 });
  expect(await snapshot()).toEqual({ ...before, runs: before.runs + 1 });
});

test("a changed line updates that material only (version + 1, audited with what changed); columns not in the file keep their values", async () => {
  const res = await importInline(t, "materials", `code,name,uomCode,type\nbolt-m8,Bolt M8 zinc,EA,BUY\nsteel,Steel coil,KG,BUY\n`);
  expect(res).toMatchObject({ status: "COMPLETED", created: 0, updated: 1, unchanged: 1 });
  const [bolt] = await t.db.sql.query(`SELECT name, lead_time_days, safety_stock::text AS ss, version FROM material WHERE code = 'BOLT-M8'`);
  expect(bolt).toEqual({ name: "Bolt M8 zinc", lead_time_days: 5, ss: "100.000000", version: 2 });
  const [audit] = await t.db.sql.query<{ changes: unknown }>(`SELECT changes FROM audit_log WHERE entity = 'Material' ORDER BY id DESC LIMIT 1`);
  expect(audit.changes).toEqual({ importId: Number(res.importId), name: "Bolt M8 zinc" });
});

test.each([
  [
    "bad values, several on one line",
    `code,name,uomCode,type,leadTimeDays\nok-1,Fine,EA,BUY,1\nbad code!,,EA,SELL,-3\n`,
    [
      { line: 3, field: "code", code: "BAD_USER_INPUT" },
      { line: 3, field: "name", code: "BAD_USER_INPUT" },
      { line: 3, field: "type", code: "BAD_USER_INPUT" },
      { line: 3, field: "leadTimeDays", code: "BAD_USER_INPUT" },
    ],
  ],
  ["an unknown unit", `code,name,uomCode,type\nnew-1,New,EA,BUY\nnew-2,New,BARREL,BUY\n`, [{ line: 3, field: "uomCode", code: "NOT_FOUND" }]],
  ["a safety stock finer than its unit", `code,name,uomCode,type,safetyStock\nnew-3,New,EA,BUY,1.5\n`, [{ line: 2, field: "safetyStock", code: "BAD_USER_INPUT" }]],
  ["FIXED lot sizing without its size", `code,name,uomCode,type,lotSizing\nnew-4,New,EA,BUY,FIXED\n`, [{ line: 2, field: "lotSizeFixed", code: "BAD_USER_INPUT" }]],
  ["a code twice in the file", `code,name,uomCode,type\nnew-5,A,EA,BUY\nnew-6,B,EA,BUY\nNEW-5,C,EA,BUY\n`, [{ line: 4, field: "code", code: "CONFLICT" }]],
  ["an unknown column", `code,name,uomCode,type,colour\nnew-7,A,EA,BUY,red\n`, [{ line: 1, field: "colour", code: "BAD_USER_INPUT" }]],
  ["a missing required column", `code,name,type\nnew-8,A,BUY\n`, [{ line: 1, field: "uomCode", code: "BAD_USER_INPUT" }]],
  ["a line with too few values", `code,name,uomCode,type\nnew-9,A,EA\nnew-10,B,EA,BUY\n`, [{ line: 2, field: "", code: "BAD_USER_INPUT" }]],
])("%s: every error is reported with its line and field, and nothing is written", async (_label, csv, expected) => {
  const before = await snapshot();
  const res = await importInline(t, "materials", csv);
  expect(res.status).toBe("INVALID");
  expect(res.errors.map(({ line, field, code }: { line: number; field: string; code: string }) => ({ line, field, code }))).toEqual(expected);
  expect(res.errorCount).toBe(expected.length);
  expect(res.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
  expect(await snapshot()).toEqual(before);
});

test("JSON (an array) and NDJSON import the same way; their line is the object's position or line", async () => {
  const json = JSON.stringify([{ code: "J-1", name: "From JSON", uomCode: "EA", type: "BUY", leadTimeDays: 3, lotTracked: true }]);
  expect(await importInline(t, "materials", json, "JSON")).toMatchObject({ status: "COMPLETED", created: 1 });
  const [j] = await t.db.sql.query(`SELECT lead_time_days, lot_tracked FROM material WHERE code = 'J-1'`);
  expect(j).toEqual({ lead_time_days: 3, lot_tracked: true });
  const ndjson = `{"code":"N-1","name":"From NDJSON","uomCode":"EA","type":"MAKE"}\n\n{"code":"N-2","name":"x","uomCode":"EA","type":"BUY","size":1}\nnot json\n`;
  const res = await importInline(t, "materials", ndjson, "NDJSON");
  expect(res.status).toBe("INVALID");
  expect(res.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([[3, "size"], [4, ""]]);
  expect(await count(t, `material WHERE code LIKE 'N-%'`)).toBe(0);
});

test("materials belong to PLANNER, INTEGRATION and ADMIN: a viewer or storekeeper is refused", async () => {
  const csv = `code,name,uomCode,type\nrole-1,A,EA,BUY\n`;
  for (const role of [Role.VIEWER, Role.STOREKEEPER]) {
    const res = await importInline(t, "materials", csv, "CSV", await t.token([role]));
    expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  }
  expect(await importInline(t, "materials", csv, "CSV", await t.token([Role.INTEGRATION]))).toMatchObject({ status: "COMPLETED", created: 1 });
  const unknown = await importInline(t, "suppliers-of-mars", csv);
  expect(unknown.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "kind" });
});
