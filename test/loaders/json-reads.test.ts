/**
 * Compiled reads (src/execution/json-reads/): a `materials` operation answered by SQL-built JSON must read
 * exactly as the resolvers answer it. The same selection with a second root field (`__typename`) is always
 * left to the resolvers, which gives the answer to compare with; /metrics tells which path answered.
 */
import fc from "fast-check";
import { Role } from "../../src/auth/roles";
import { jsonReadsAnswered } from "../support/json-reads-answered";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);
afterAll(() => t?.stop());

/** The operation's answer, and which path gave it. */
async function read(query: string, variables?: Record<string, unknown>, auth?: string | null) {
  const before = await jsonReadsAnswered(t);
  const res = await t.gql(query, variables, auth === undefined ? {} : { auth });
  const after = await jsonReadsAnswered(t);
  return { res, bySql: after.sql - before.sql === 1, byResolvers: after.resolvers - before.resolvers === 1 };
}

/** The same operation with `__typename` beside `materials`: answered by the resolvers. */
const withResolvers = (query: string) => query.replace(/\{\s*materials/, "{ __typename materials");

async function expectSameAsResolvers(query: string, variables?: Record<string, unknown>, auth?: string | null) {
  const compiled = await read(query, variables, auth);
  expect(compiled.res.errors).toBeUndefined();
  expect(compiled.bySql).toBe(true);
  const reference = await t.gql(withResolvers(query), variables, auth === undefined ? {} : { auth });
  expect(reference.errors).toBeUndefined();
  expect(compiled.res.data).toEqual({ materials: reference.data.materials });
  return compiled.res.data;
}

const BENCH_QUERY = `{ materials(first: 50) { nodes { id code name bomLines { quantityPer scrapPct component { id code balances { locationId lotId onHand reserved available } } } } } }`;

test("the bench's nested read is answered in SQL, the same as the resolvers answer it", async () => {
  const data = await expectSameAsResolvers(BENCH_QUERY);
  const lines = data.materials.nodes.flatMap((n: { bomLines: unknown[] }) => n.bomLines);
  expect(lines.length).toBeGreaterThan(10);
  expect(lines.some((l: { component: { balances: unknown[] } }) => l.component.balances.length > 0)).toBe(true);
});

test("named fragments, aliases and repeated fields merge as graphql-js merges them", async () => {
  await expectSameAsResolvers(`{ materials(first: 20) { ...C nodes { code } } }
    fragment C on MaterialConnection { nodes { ...M first: bomLines { position } } totalCount }
    fragment M on Material { id code label: name bomLines { component { ...Mini } } first: bomLines { quantityPer } }
    fragment Mini on Material { code balances { onHand } again: balances { lotId } }`);
});

const MATERIAL = ["id", "code", "name", "description", "uomCode", "type", "leadTimeDays", "lotSizing", "lotSizeFixed", "lotSizeMin", "lotSizeMultiple", "lotSizeMax",
  "periodsOfSupply", "safetyStock", "abcClass", "xyzClass", "classifiedAt", "lotTracked", "unitWeight", "buyer", "lowLevelCode", "archivedAt", "version",
  "createdAt", "createdBy", "updatedAt", "updatedBy", "uom { code name precision __typename }", "__typename"];
const LINE = ["id", "position", "componentId", "quantityPer", "scrapPct", "operationSeq", "__typename"];
const BALANCE = ["id", "materialId", "locationId", "warehouseId", "lotId", "onHand", "reserved", "available", "inTransit", "updatedAt", "__typename"];
const PAGE_INFO = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"];

/** Some of `names`, the first maybe under an alias (one per selection set: the operation may have 30 at most). */
const some = (names: string[]) =>
  fc
    .tuple(fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: names.length }), fc.boolean())
    .map(([[first, ...others], aliased]) => [aliased ? `alias: ${first}` : first, ...others].join(" "));
const optional = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: "" });

const balances = fc
  .tuple(some(BALANCE), fc.constantFrom("", `(warehouseCode: "dc-1")`, `(warehouseCode: " DC-1 ")`, `(warehouseCode: "NOWHERE")`))
  .map(([f, args]) => `balances${args} { ${f} }`);
const material = (depth: number): fc.Arbitrary<string> =>
  fc
    .tuple(some(MATERIAL), optional(balances), depth < 2 ? optional(line(depth)) : fc.constant(""), fc.constantFrom("plain", "typed", "untyped"))
    .map(([fields, b, l, form]) => {
      const selection = `${fields} ${b} ${l}`;
      return form === "typed" ? `... on Material { ${selection} }` : form === "untyped" ? `... { ${selection} }` : selection;
    });
const line = (depth: number): fc.Arbitrary<string> =>
  fc.tuple(some(LINE), optional(material(depth + 1).map((m) => `component { ${m} }`))).map(([f, c]) => `bomLines { ${f} ${c} }`);

const connection = fc
  .tuple(
    material(0).map((m) => `nodes { ${m} }`),
    optional(material(1).map((m) => `edges { cursor node { ${m} } }`)),
    optional(some(PAGE_INFO).map((f) => `pageInfo { ${f} }`)),
    optional(fc.constant("totalCount")),
    fc.integer({ min: 0, max: 12 }),
    fc.constantFrom("", ", filter: { type: BUY }", ", filter: { search: \"a\" }", ", filter: { includeArchived: true }"),
  )
  .map(([nodes, edges, info, total, first, filter]) => `{ materials(first: ${first}${filter}) { ${nodes} ${edges} ${info} ${total} } }`);

test("any selection of the fields it covers reads the same as the resolvers (property)", async () => {
  await fc.assert(
    fc.asyncProperty(connection, async (query) => {
      await expectSameAsResolvers(query);
    }),
    { numRuns: 25, endOnFailure: true },
  );
}, 300_000);

test("pages after a cursor and counts, with variables, as the resolvers do", async () => {
  const query = `query ($first: Int, $after: String, $filter: MaterialFilter) {
    materials(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id code } } } }`;
  const first = await expectSameAsResolvers(query, { first: 3 });
  const after = first.materials.pageInfo.endCursor;
  const second = await expectSameAsResolvers(query, { first: 3, after });
  expect(second.materials.pageInfo.hasPreviousPage).toBe(true);
  expect(Number(second.materials.edges[0].node.id)).toBeGreaterThan(Number(first.materials.edges[2].node.id));
  await expectSameAsResolvers(query, { first: 5, filter: { type: "MAKE", search: "%_" } });
  await expectSameAsResolvers(query, { first: 0 });
});

test("a warehouse-scoped caller sees only its warehouse's balances", async () => {
  const query = `{ materials(first: 100) { nodes { code balances { warehouseId onHand } bomLines { component { balances { warehouseId lotId } } } } } }`;
  const all = await expectSameAsResolvers(query);
  const warehouses = await t.gql(`{ warehouses { id code } }`);
  const dc = warehouses.data.warehouses.find((w: { code: string }) => w.code === "DC-1");
  const seen = (data: typeof all) =>
    new Set(data.materials.nodes.flatMap((n: { balances: { warehouseId: string }[]; bomLines: { component: { balances: { warehouseId: string }[] } }[] }) =>
      [...n.balances, ...n.bomLines.flatMap((l) => l.component.balances)].map((b) => b.warehouseId)));
  expect(seen(all).size).toBeGreaterThan(1);

  const scoped = await expectSameAsResolvers(query, undefined, await t.token([Role.VIEWER], ["DC-1"]));
  expect([...seen(scoped)]).toEqual([dc.id]);
});

test("callers, arguments and selections it does not cover get the resolvers' answer and errors", async () => {
  const anonymous = await read(BENCH_QUERY, undefined, null);
  expect(anonymous.byResolvers).toBe(true);
  expect(anonymous.res.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");

  const noRole = await read(BENCH_QUERY, undefined, await t.token([]));
  expect(noRole.byResolvers).toBe(true);
  expect(noRole.res.errors?.[0].extensions?.code).toBe("FORBIDDEN");

  const badCursor = await read(`{ materials(after: "not-a-cursor") { nodes { id } } }`);
  expect(badCursor.byResolvers).toBe(true);
  expect(badCursor.res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });

  // arguments the resolver refuses: its errors, as before
  for (const [query, code] of [
    [`{ materials(first: 5) { nodes { code balances(warehouseId: "1", warehouseCode: "DC-1") { onHand } } } }`, "BAD_USER_INPUT"],
    [`{ materials(first: 5) { nodes { code balances(warehouseId: "x") { onHand } } } }`, "NOT_FOUND"],
  ] as const) {
    const refused = await read(query);
    expect(refused.byResolvers).toBe(true);
    expect(refused.res.errors?.[0].extensions?.code).toBe(code);
    const reference = await t.gql(withResolvers(query));
    expect(refused.res.errors?.map((e) => [e.message, e.path])).toEqual(reference.errors?.map((e) => [e.message, e.path]));
  }

  // fields read through resolvers the plan does not model (lots, units), a directive: resolvers, same data
  for (const query of [
    `{ materials(first: 5) { nodes { code lots { code } } } }`,
    `{ materials(first: 5) { nodes { code units { uomCode } } } }`,
    `{ materials(first: 5) { nodes { code name @include(if: false) } } }`,
    `{ materials(first: 5) { nodes { ... on Node { nodeId } } } }`,
  ]) {
    const fallback = await read(query);
    expect(fallback.byResolvers).toBe(true);
    expect(fallback.res.errors).toBeUndefined();
    expect(fallback.res.data).toEqual({ materials: (await t.gql(withResolvers(query))).data.materials });
  }
});

test("limits and cost are refused before either path runs, as before", async () => {
  const tooLarge = await read(`{ materials(first: 100000) { nodes { id } } }`);
  expect(tooLarge.res.status).toBe(400);
  expect(tooLarge.res.errors?.[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "pageSize" });
  const costly = await read(`{ materials(first: 500) { nodes { bomLines { component { bomLines { component { bomLines { component { balances { onHand reserved } } } } } } } } } }`);
  expect(costly.res.status).toBe(400);
  expect(costly.res.errors?.[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "cost" });
  expect(tooLarge.bySql || tooLarge.byResolvers || costly.bySql || costly.byResolvers).toBe(false);
});
