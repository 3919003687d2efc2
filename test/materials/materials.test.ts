/** Material master data through the graph: validation, uniqueness, optimistic concurrency, archive, lists. */
import { Role } from "../../src/auth/roles";
import { ArchiveMaterialDocument, CreateMaterialDocument, MaterialByCodeDocument, MaterialsDocument, UpdateMaterialDocument } from "../generated/graphql";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);
afterAll(() => t?.stop());

const rowCounts = async () =>
  (await t.db.sql.query<{ m: number; a: number }>(`SELECT (SELECT count(*)::int FROM material) AS m, (SELECT count(*)::int FROM audit_log) AS a`))[0];

const base = { code: "BRKT-100", name: "Mounting bracket", uomCode: "EA", type: "BUY" as const };

describe("createMaterial", () => {
  test("creates a material with its planning parameters and records who did it", async () => {
    const res = await t.gql(CreateMaterialDocument, {
      input: { ...base, leadTimeDays: 9, lotSizing: "MIN_MULTIPLE_MAX", lotSizeMin: "100", lotSizeMultiple: "25", safetyStock: "40", abcClass: "B" },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createMaterial).toMatchObject({
      code: "BRKT-100", lotSizing: "MIN_MULTIPLE_MAX", lotSizeMin: "100", lotSizeMultiple: "25", safetyStock: "40", abcClass: "B", version: 1, createdBy: "user:test-admin",
    });
    const audit = await t.db.sql.query(`SELECT actor, action FROM audit_log WHERE entity = 'Material' AND entity_id = $1`, [res.data!.createMaterial.id]);
    expect(audit).toEqual([{ actor: "user:test-admin", action: "create" }]);
  });

  test.each([
    ["a duplicate code", { ...base }, "CONFLICT"],
    ["an unknown unit", { ...base, code: "X-1", uomCode: "BARREL" }, "BAD_USER_INPUT"],
    ["a bad code", { ...base, code: "no spaces allowed" }, "BAD_USER_INPUT"],
    ["a negative lead time", { ...base, code: "X-2", leadTimeDays: -1 }, "BAD_USER_INPUT"],
    ["a negative safety stock", { ...base, code: "X-3", safetyStock: "-5" }, "BAD_USER_INPUT"],
    ["a non-numeric safety stock", { ...base, code: "X-4", safetyStock: "lots" }, "BAD_USER_INPUT"],
    ["more decimals than the unit allows", { ...base, code: "X-5", safetyStock: "1.5" }, "BAD_USER_INPUT"],
    ["FIXED lot sizing without a quantity", { ...base, code: "X-6", lotSizing: "FIXED" }, "BAD_USER_INPUT"],
    ["max below min", { ...base, code: "X-7", lotSizing: "MIN_MULTIPLE_MAX", lotSizeMin: "10", lotSizeMax: "5" }, "BAD_USER_INPUT"],
    ["PERIODS_OF_SUPPLY without periods", { ...base, code: "X-8", lotSizing: "PERIODS_OF_SUPPLY" }, "BAD_USER_INPUT"],
  ] as const)("refuses %s with a typed error and writes nothing", async (_label, input, code) => {
    const before = await rowCounts();
    const res = await t.gql(CreateMaterialDocument, { input: input as never });
    expect(res.errors?.[0].extensions?.code).toBe(code);
    expect(res.data ?? null).toBeNull();
    expect(await rowCounts()).toEqual(before);
  });

  test("a viewer may read but not create; no credential may do neither", async () => {
    const viewer = await t.token([Role.VIEWER]);
    const create = await t.gql(CreateMaterialDocument, { input: { ...base, code: "V-1" } }, { auth: viewer });
    expect(create.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const read = await t.gql(MaterialsDocument, { first: 1 }, { auth: viewer });
    expect(read.errors).toBeUndefined();
    const anonymous = await t.gql(MaterialsDocument, { first: 1 }, { auth: null });
    expect(anonymous.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect((await t.gql(MaterialByCodeDocument, { code: "V-1" })).data!.material).toBeNull();
  });
});

describe("updateMaterial", () => {
  test("changes fields, bumps the version and refuses a stale expectedVersion", async () => {
    const { data } = await t.gql(MaterialByCodeDocument, { code: "BRKT-100" });
    const m = data!.material!;
    const ok = await t.gql(UpdateMaterialDocument, { id: m.id, input: { leadTimeDays: 12 }, expectedVersion: m.version });
    expect(ok.data!.updateMaterial).toMatchObject({ leadTimeDays: 12, version: m.version + 1 });
    const stale = await t.gql(UpdateMaterialDocument, { id: m.id, input: { leadTimeDays: 13 }, expectedVersion: m.version });
    expect(stale.errors?.[0].extensions?.code).toBe("CONFLICT");
    expect((await t.gql(MaterialByCodeDocument, { code: "BRKT-100" })).data!.material!.leadTimeDays).toBe(12);
  });

  test("validates the policy against the stored parameters", async () => {
    const { data } = await t.gql(MaterialByCodeDocument, { code: "BRKT-100" });
    const res = await t.gql(UpdateMaterialDocument, { id: data!.material!.id, input: { lotSizing: "FIXED" } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "lotSizeFixed" });
  });

  test("an unknown id is NOT_FOUND", async () => {
    const res = await t.gql(UpdateMaterialDocument, { id: "999999", input: { name: "x" } });
    expect(res.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });
});

describe("archiveMaterial", () => {
  test("refuses a component of an active BOM, archives a free one and hides it from lists", async () => {
    const screw = (await t.gql(MaterialByCodeDocument, { code: "SCREW-M3X8" })).data!.material!;
    const refused = await t.gql(ArchiveMaterialDocument, { id: screw.id });
    expect(refused.errors?.[0].extensions?.code).toBe("CONFLICT");

    const bracket = (await t.gql(MaterialByCodeDocument, { code: "BRKT-100" })).data!.material!;
    const ok = await t.gql(ArchiveMaterialDocument, { id: bracket.id });
    expect(ok.data!.archiveMaterial.archivedAt).toEqual(expect.any(String));
    const listed = await t.gql(MaterialsDocument, { filter: { search: "BRKT" } });
    expect(listed.data!.materials.totalCount).toBe(0);
    const withArchived = await t.gql(MaterialsDocument, { filter: { search: "BRKT", includeArchived: true } });
    expect(withArchived.data!.materials.totalCount).toBe(1);
  });
});

describe("materials connection", () => {
  test("pages through every material exactly once with cursors", async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const res = await t.gql(MaterialsDocument, { first: 7, after });
      const c = res.data!.materials;
      seen.push(...c.edges.map((e) => e.node.code));
      pages++;
      expect(c.pageInfo.hasPreviousPage).toBe(pages > 1);
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    const total = (await t.gql(MaterialsDocument, { first: 1 })).data!.materials.totalCount;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 7));
  });

  test("filters by search, type and ABC class together", async () => {
    const res = await t.gql(MaterialsDocument, { first: 100, filter: { search: "sheet", type: "BUY", abcClass: "A" } });
    expect(res.data!.materials.edges.map((e) => e.node.code).sort()).toEqual(["STAINLESS-08", "STEEL-SHEET-06"]);
  });

  test("refuses a page above the maximum and a forged cursor", async () => {
    const big = await t.gql(MaterialsDocument, { first: t.config.limits.maxPageSize + 1 });
    expect(big.errors?.[0].extensions?.code).toBe("LIMIT_EXCEEDED");
    const forged = await t.gql(MaterialsDocument, { after: "not-a-cursor" });
    expect(forged.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
