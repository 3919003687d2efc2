/** syncMaterial: the ERP sends its material master; the hub creates or changes by code, once, audited. */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
let erp: string;
beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0), ('KG', 'kilogram', 3)`);
  erp = await t.token([Role.INTEGRATION]);
}, 60_000);
afterAll(() => t?.stop());

const SYNC = `mutation($input: CreateMaterialInput!) { syncMaterial(input: $input) { code name uomCode type leadTimeDays safetyStock version } }`;
const material = (extra: Record<string, unknown> = {}) => ({ code: "raw-steel", name: "Steel coil", uomCode: "KG", type: "BUY", leadTimeDays: 14, ...extra });
const snapshot = async () => ({
  materials: await t.db.sql.query(`SELECT code, name, lead_time_days, safety_stock::text, version FROM material ORDER BY code`),
  audit: (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'Material'`))[0].n,
});

test("the first sync creates the material, the next changes what it sends; each is audited", async () => {
  const created = await t.gql(SYNC, { input: material() }, { auth: erp });
  expect(created.errors).toBeUndefined();
  expect(created.data.syncMaterial).toEqual({ code: "RAW-STEEL", name: "Steel coil", uomCode: "KG", type: "BUY", leadTimeDays: 14, safetyStock: "0", version: 1 });
  const changed = await t.gql(SYNC, { input: material({ name: "Steel coil 1.5 mm", leadTimeDays: 21, safetyStock: "250.5" }) }, { auth: erp });
  expect(changed.data.syncMaterial).toMatchObject({ code: "RAW-STEEL", name: "Steel coil 1.5 mm", leadTimeDays: 21, safetyStock: "250.5", version: 2 });
  const actions = await t.db.sql.query<{ action: string; actor: string }>(`SELECT action, actor FROM audit_log WHERE entity = 'Material' ORDER BY id`);
  expect(actions).toEqual([{ action: "create", actor: "user:test-integration" }, { action: "update", actor: "user:test-integration" }]);
});

test.each([
  ["a negative lead time", material({ leadTimeDays: -1 }), "BAD_USER_INPUT"],
  ["an unknown unit", material({ uomCode: "BARREL" }), "BAD_USER_INPUT"],
  ["a safety stock finer than its unit", material({ safetyStock: "1.0001" }), "BAD_USER_INPUT"],
  ["a malformed code", material({ code: "raw steel!" }), "BAD_USER_INPUT"],
])("a sync with %s is refused and writes nothing", async (_label, input, code) => {
  const before = await snapshot();
  const res = await t.gql(SYNC, { input }, { auth: erp });
  expect(res.errors?.[0].extensions?.code).toBe(code);
  expect(await snapshot()).toEqual(before);
});

test("ten syncs of a new code at once create one material", async () => {
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => t.gql(SYNC, { input: material({ code: "BOLT-M8", uomCode: "EA", leadTimeDays: i }) }, { auth: erp })));
  expect(results.map((r) => r.errors)).toEqual(results.map(() => undefined));
  const [{ n }] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM material WHERE code = 'BOLT-M8'`);
  expect(n).toBe(1);
});

test("an archived material is not brought back by a sync; a viewer may not sync", async () => {
  const [{ id }] = await t.db.sql.query<{ id: number }>(`SELECT id FROM material WHERE code = 'BOLT-M8'`);
  expect((await t.gql(`mutation($id: ID!) { archiveMaterial(id: $id) { archivedAt } }`, { id: String(id) })).errors).toBeUndefined();
  const res = await t.gql(SYNC, { input: material({ code: "BOLT-M8", uomCode: "EA" }) }, { auth: erp });
  expect(res.errors?.[0].extensions?.code).toBe("INVALID_STATE");
  const viewer = await t.gql(SYNC, { input: material() }, { auth: await t.token([Role.VIEWER]) });
  expect(viewer.errors?.[0].extensions?.code).toBe("FORBIDDEN");
});
