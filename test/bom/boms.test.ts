/** BOMs through the graph: replace, cycles refused, explosion with scrap, where-used, low-level codes. */
import { BomExplosionDocument, CreateMaterialDocument, LowLevelCodesDocument, MaterialByCodeDocument, ReplaceBomDocument, WhereUsedDocument } from "../generated/graphql";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0), ('KG', 'kilogram', 3)`);
  // FG ─┬─ SUB (2 per FG, 10% scrap) ─┬─ PART (3 per SUB)
  //     │                              └─ RAW (0.5 kg per SUB, 4% scrap)
  //     └─ PART (1 per FG)              PART ── RAW (0.25 kg per PART)
  for (const [code, type, uomCode] of [["FG", "MAKE", "EA"], ["SUB", "MAKE", "EA"], ["PART", "MAKE", "EA"], ["RAW", "BUY", "KG"], ["LOOSE", "BUY", "EA"]] as const) {
    const res = await t.gql(CreateMaterialDocument, { input: { code, name: code, type, uomCode } });
    ids[code] = res.data!.createMaterial.id;
  }
  const replace = (materialCode: string, lines: { componentCode: string; quantityPer: string; scrapPct?: string }[]) =>
    t.gql(ReplaceBomDocument, { input: { materialCode, baseQuantity: "1", lines } });
  expect((await replace("PART", [{ componentCode: "RAW", quantityPer: "0.25" }])).errors).toBeUndefined();
  expect((await replace("SUB", [{ componentCode: "PART", quantityPer: "3" }, { componentCode: "RAW", quantityPer: "0.5", scrapPct: "4" }])).errors).toBeUndefined();
  expect((await replace("FG", [{ componentCode: "SUB", quantityPer: "2", scrapPct: "10" }, { componentCode: "PART", quantityPer: "1" }])).errors).toBeUndefined();
}, 120_000);
afterAll(() => t?.stop());

const bomRows = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM bom_line`))[0].n;

test("low-level codes follow the deepest use", async () => {
  const res = await t.gql(LowLevelCodesDocument, {});
  const llc = Object.fromEntries(res.data!.materials.nodes.map((m) => [m.code, m.lowLevelCode]));
  expect(llc).toEqual({ FG: 0, SUB: 1, PART: 2, RAW: 3, LOOSE: 0 });
});

test("explosion extends quantities level by level, scrap included", async () => {
  const res = await t.gql(BomExplosionDocument, { id: ids.FG, quantity: "10" });
  const tree = res.data!.bomExplosion.tree.map((n) => [n.level, n.component.code, n.extendedQuantity]);
  // SUB: 10 × 2 × 1.10 = 22; PART under SUB: 22 × 3 = 66; RAW under PART: 66 × 0.25 = 16.5;
  // RAW under SUB: 22 × 0.5 × 1.04 = 11.44; PART direct: 10; RAW under it: 2.5
  expect(tree).toEqual([
    [1, "SUB", "22"],
    [2, "PART", "66"],
    [3, "RAW", "16.5"],
    [2, "RAW", "11.44"],
    [1, "PART", "10"],
    [2, "RAW", "2.5"],
  ]);
  const summary = Object.fromEntries(res.data!.bomExplosion.summary.map((s) => [s.component.code, [s.totalQuantity, s.maxLevel]]));
  expect(summary).toEqual({ SUB: ["22", 1], PART: ["76", 2], RAW: ["30.44", 3] });
});

test("where-used climbs every level", async () => {
  const res = await t.gql(WhereUsedDocument, { id: ids.RAW });
  const entries = res.data!.whereUsed.map((e) => [e.level, e.parent.code]).sort();
  expect(entries).toEqual([[1, "PART"], [1, "SUB"], [2, "FG"], [2, "FG"], [2, "SUB"], [3, "FG"]]);
});

test.each([
  ["direct", "RAW", [{ componentCode: "RAW", quantityPer: "1" }]],
  ["through two levels", "PART", [{ componentCode: "FG", quantityPer: "1" }]],
])("a %s cycle is refused with BOM_CYCLE and nothing is written", async (_kind, parent, lines) => {
  if (parent === "RAW") {
    // RAW is bought; make it a MAKE part first so only the cycle can be wrong
    await t.db.sql.query(`UPDATE material SET type = 'MAKE' WHERE code = 'RAW'`);
  }
  const before = await bomRows();
  const res = await t.gql(ReplaceBomDocument, { input: { materialCode: parent, baseQuantity: "1", lines } });
  expect(res.errors?.[0].extensions?.code).toBe("BOM_CYCLE");
  expect(res.errors?.[0].message).toMatch(/→/);
  expect(await bomRows()).toBe(before);
  const llc = await t.gql(LowLevelCodesDocument, {});
  expect(Object.fromEntries(llc.data!.materials.nodes.map((m) => [m.code, m.lowLevelCode])).RAW).toBe(3);
});

test.each([
  ["an unknown component", [{ componentCode: "NOPE", quantityPer: "1" }], "NOT_FOUND"],
  ["a zero quantity", [{ componentCode: "LOOSE", quantityPer: "0" }], "BAD_USER_INPUT"],
  ["a negative quantity", [{ componentCode: "LOOSE", quantityPer: "-1" }], "BAD_USER_INPUT"],
  ["a non-numeric quantity", [{ componentCode: "LOOSE", quantityPer: "two" }], "BAD_USER_INPUT"],
  ["scrap of 100 %", [{ componentCode: "LOOSE", quantityPer: "1", scrapPct: "100" }], "BAD_USER_INPUT"],
  ["a component twice", [{ componentCode: "LOOSE", quantityPer: "1" }, { componentCode: "loose", quantityPer: "2" }], "BAD_USER_INPUT"],
])("replacing with %s is refused and writes nothing", async (_label, lines, code) => {
  const before = await bomRows();
  const res = await t.gql(ReplaceBomDocument, { input: { materialCode: "FG", baseQuantity: "1", lines } });
  expect(res.errors?.[0].extensions?.code).toBe(code);
  expect(await bomRows()).toBe(before);
});

test("a bought material cannot get a BOM", async () => {
  const res = await t.gql(ReplaceBomDocument, { input: { materialCode: "LOOSE", baseQuantity: "1", lines: [{ componentCode: "PART", quantityPer: "1" }] } });
  expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "materialCode" });
});

test("replacing a BOM bumps its revision and recomputes low-level codes", async () => {
  const res = await t.gql(ReplaceBomDocument, { input: { materialCode: "FG", baseQuantity: "1", lines: [{ componentCode: "PART", quantityPer: "1" }, { componentCode: "LOOSE", quantityPer: "2" }] } });
  expect(res.data!.replaceBom.revision).toBe(2);
  const llc = Object.fromEntries((await t.gql(LowLevelCodesDocument, {})).data!.materials.nodes.map((m) => [m.code, m.lowLevelCode]));
  expect(llc).toMatchObject({ FG: 0, PART: 1, RAW: 2, LOOSE: 1, SUB: 0 });
  expect((await t.gql(MaterialByCodeDocument, { code: "SUB" })).data!.material!.lowLevelCode).toBe(0);
});
