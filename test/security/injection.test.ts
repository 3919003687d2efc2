/** Injection-like strings in every filter and argument are plain data: answered normally, nothing dropped, wildcards literal. */
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  for (const [code, name] of [
    ["PCT-1", "100% cotton sleeve"],
    ["UND-1", "A_B spacer"],
    ["BSL-1", "Back\\slash bracket"],
    ["QTE-1", "O'Brien clip"],
  ]) {
    const res = await t.gql(`mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`, { input: { code, name, uomCode: "EA", type: "BUY" } });
    expect(res.errors).toBeUndefined();
  }
}, 120_000);
afterAll(() => t?.stop());

const HOSTILE = [
  `'; DROP TABLE material; --`,
  `" OR "1"="1`,
  `' OR 1=1 --`,
  `\\'; DELETE FROM stock_balance; --`,
  `%' UNION SELECT hash FROM api_key --`,
  `$1`,
  `\u0000`,
  `TOASTER-2S' --`,
];

const search = async (text: string) => {
  const res = await t.gql(`query($s: String) { materials(first: 500, filter: { search: $s }) { totalCount nodes { code } } }`, { s: text });
  expect(res.errors).toBeUndefined();
  return res.data.materials.nodes.map((m: { code: string }) => m.code).sort();
};

const counts = () =>
  t.db.sql.query<{ materials: number; balances: number; keys: number }>(
    `SELECT (SELECT count(*)::int FROM material) AS materials, (SELECT count(*)::int FROM stock_balance) AS balances, (SELECT count(*)::int FROM api_key) AS keys`,
  );

test("hostile material searches return normally and change nothing", async () => {
  const before = await counts();
  for (const text of HOSTILE.filter((s) => !s.includes("\u0000"))) expect(await search(text)).toEqual([]);
  expect(await counts()).toEqual(before);
});

test("% and _ are matched literally, and so are a backslash and a quote", async () => {
  expect(await search("%")).toEqual(["PCT-1"]);
  expect(await search("_")).toEqual(["UND-1"]);
  expect(await search("\\")).toEqual(["BSL-1"]);
  expect(await search("'")).toEqual(["QTE-1"]);
  expect(await search("0% c")).toEqual(["PCT-1"]);
});

test("a NUL character, which PostgreSQL text cannot hold, is refused as bad input", async () => {
  const inVariable = await t.gql(`query($s: String) { materials(filter: { search: $s }) { totalCount } }`, { s: "a\u0000b" });
  expect(inVariable.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  const inLiteral = await t.gql(`{ material(code: "A\\u0000B") { id } }`);
  expect(inLiteral.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  // the six characters \u0000 (a backslash, then u0000) are ordinary text
  expect(await search("\\u0000")).toEqual([]);
});

test("hostile codes, ids and cursors in every other argument are plain data", async () => {
  const before = await counts();
  for (const text of HOSTILE.filter((s) => !s.includes("\u0000"))) {
    const res = await t.gql(
      `query($s: String!) {
        material(code: $s) { id }
        warehouse(code: $s) { code }
        toaster: material(code: "TOASTER-2S") { balances(warehouseCode: $s) { id } }
      }`,
      { s: text },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ material: null, warehouse: null, toaster: { balances: [] } });

    const byId = await t.gql(`query($s: ID!) { material(id: $s) { id } whereUsed(materialId: $s) { level } }`, { s: text });
    expect(byId.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND", "NOT_FOUND"]);

    const cursor = await t.gql(`query($after: String) { materials(after: $after) { totalCount } }`, { after: Buffer.from(`c:1; ${text}`).toString("base64url") });
    expect(cursor.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  }
  expect(await counts()).toEqual(before);
});

test("ids and cursors beyond the id range are not found (or bad cursors), never a database error", async () => {
  for (const id of ["2147483648", "9007199254740993", "99999999999999999999", "-1", "0"]) {
    for (const operation of [
      `query($id: ID!) { material(id: $id) { id } }`,
      `query($id: ID!) { mrpRun(id: $id) { id } }`,
      `query($id: ID!) { bomExplosion(materialId: $id) { materialId } }`,
      `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`,
    ]) {
      expect((await t.gql(operation, { id })).errors?.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND"]);
    }
  }
  const beyond = await t.gql(`query($after: String) { materials(after: $after) { totalCount } }`, { after: Buffer.from("c:2147483648").toString("base64url") });
  expect(beyond.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
});
