/** 100k materials streamed to POST /import/materials, then the same file again: nothing changes. Progress over WebSocket. */
import { startTestHub, wsEvents, type TestHub } from "../support/test-hub";
import { count, importInline, importOverHttp } from "./import-client";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0), ('KG', 'kilogram', 3)`);
}, 60_000);
afterAll(() => t?.stop());

const ROWS = 100_000;

/** the generated file, in chunks of 5,000 lines, as an upload streams it */
async function* generatedCsv(): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode("code,name,uomCode,type,leadTimeDays,safetyStock,abcClass\n");
  for (let start = 0; start < ROWS; start += 5_000) {
    let chunk = "";
    for (let i = start; i < start + 5_000; i++) chunk += `M-${String(i).padStart(6, "0")},"Material ${i}, generated",${i % 2 ? "KG" : "EA"},${i % 3 ? "BUY" : "MAKE"},${i % 30},${i % 2 ? `${i % 7}.525` : i % 7},${"ABC"[i % 3]}\n`;
    yield encoder.encode(chunk);
  }
}

test("a generated 100k-line file is imported, then imported again unchanged", async () => {
  const first = await importOverHttp(t, "materials", generatedCsv());
  expect(first.status).toBe(200);
  expect(first.lines[0]).toEqual({ importId: expect.any(Number) });
  expect(first.result).toMatchObject({ status: "COMPLETED", total: ROWS, created: ROWS, updated: 0, unchanged: 0, errorCount: 0 });
  expect(first.lines.some((l) => l.progress?.status === "APPLYING")).toBe(true);
  expect(await count(t, `material`)).toBe(ROWS);
  expect(await count(t, `audit_log WHERE entity = 'Material'`)).toBe(ROWS);
  const [sample] = await t.db.sql.query(`SELECT name, uom_code, safety_stock::text AS ss, abc_class::text AS abc FROM material WHERE code = 'M-000007'`);
  expect(sample).toEqual({ name: "Material 7, generated", uom_code: "KG", ss: "0.525000", abc: "B" });

  const versions = await t.db.sql.query(`SELECT sum(version)::int AS v, max(updated_at) AS at FROM material`);
  const second = await importOverHttp(t, "materials", generatedCsv());
  expect(second.result).toMatchObject({ status: "COMPLETED", total: ROWS, created: 0, updated: 0, unchanged: ROWS });
  expect(await t.db.sql.query(`SELECT sum(version)::int AS v, max(updated_at) AS at FROM material`)).toEqual(versions);
  expect(await count(t, `audit_log WHERE entity = 'Material'`)).toBe(ROWS);
}, 180_000);

test("progress reaches a WebSocket subscriber: validating, applying, completed with the counts", async () => {
  const res = await importInline(t, "materials", `code,name,uomCode,type\nws-1,A,EA,BUY\nws-2,B,EA,BUY\n`);
  expect(res.status).toBe("COMPLETED");
  const events = await wsEvents(
    t.ws(),
    `subscription($id: ID) { importProgress(importId: $id) { importId kind status validated applied total } }`,
    { id: res.importId },
    (seen) => seen.some((e) => e.importProgress.status === "COMPLETED"),
  );
  const statuses = events.map((e) => e.importProgress.status);
  expect(statuses[0]).toBe("VALIDATING");
  expect(statuses).toContain("APPLYING");
  expect(events.at(-1).importProgress).toEqual({ importId: res.importId, kind: "materials", status: "COMPLETED", validated: 2, applied: 2, total: 2 });
});

test("the endpoint answers like the graph: no credential 401, a role without the kind 403, an unknown format 400", async () => {
  const url = new URL(`/import/materials?format=csv`, t.hub.url);
  expect((await fetch(url, { method: "POST", body: "code\n" })).status).toBe(401);
  const viewer = await importOverHttp(t, "materials", "code\n", "csv", await t.token(["VIEWER" as never]));
  expect(viewer.status).toBe(403);
  expect(viewer.lines[0].errors[0].extensions.code).toBe("FORBIDDEN");
  const bad = await importOverHttp(t, "materials", "code\n", "xlsx");
  expect(bad.status).toBe(400);
  expect(bad.lines[0].errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "format" });
});
