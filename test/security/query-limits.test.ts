/** Query bombs are refused before they run (and before full validation), over HTTP and WebSocket, with LIMIT_EXCEEDED and the limit that was hit. */
import { getIntrospectionQuery } from "graphql";
import WebSocket from "ws";
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);
afterAll(() => t?.stop());

const firstError = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions;

/** material → bom → material → bom → …: single objects (cheap), 2 × pairs + 2 fields deep */
const nested = (pairs: number) => `{ material(code: "TOASTER-2S") { ${"bom { material { ".repeat(pairs)}code${" } }".repeat(pairs)} } }`;

test("the limits in force are the defaults", () => {
  expect(t.config.limits).toMatchObject({ maxDepth: 12, maxAliases: 30, maxCost: 50_000, maxPageSize: 500, maxTokens: 1000, maxFieldRepeats: 10 });
});

describe("depth", () => {
  test("a query as deep as the limit runs; one level deeper is refused", async () => {
    const ok = await t.gql(nested(5)); // 12 levels
    expect(ok.errors).toBeUndefined();
    const deep = await t.gql(nested(6)); // 14 levels
    expect(deep.status).toBe(400);
    expect(deep.data ?? null).toBeNull();
    expect(firstError(deep)).toEqual({ code: "LIMIT_EXCEEDED", limit: "depth", max: 12 });
  });

  test("depth hidden in fragments counts", async () => {
    const res = await t.gql(`
      query { material(code: "TOASTER-2S") { ...L1 } }
      fragment L1 on Material { bom { material { ...L2 } } }
      fragment L2 on Material { bom { material { ...L3 } } }
      fragment L3 on Material { bom { material { ...L4 } } }
      fragment L4 on Material { bom { material { ...L5 } } }
      fragment L5 on Material { bom { material { ... on Material { bom { material { code } } } } } }`);
    expect(firstError(res)).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "depth" });
  });

  test("introspection is not counted (the explorer needs it outside production)", async () => {
    const res = await t.gql(getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
  });
});

describe("aliases", () => {
  test("30 aliases run, 31 are refused", async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(" ")} }`;
    expect((await t.gql(aliased(30))).errors).toBeUndefined();
    expect(firstError(await t.gql(aliased(31)))).toEqual({ code: "LIMIT_EXCEEDED", limit: "aliases", max: 30 });
  });
});

describe("repeated fields", () => {
  // graphql-js compares every pair of same-named fields of a selection set: 250 × `me { id }` took ~200 ms to validate
  const repeated = (n: number, field = "me { id }") => `{ ${Array.from({ length: n }, () => field).join(" ")} }`;

  test("a field selected 10 times in one selection set runs; 11 times is refused, as are 249 (998 tokens: under every other limit)", async () => {
    expect((await t.gql(repeated(10))).errors).toBeUndefined();
    for (const n of [11, 249]) {
      const res = await t.gql(repeated(n));
      expect(res.status).toBe(400);
      expect(firstError(res)).toEqual({ code: "LIMIT_EXCEEDED", limit: "fieldRepeats", field: "me", max: 10 });
    }
  });

  test("repeats count per response name, through fragments, and inside nested selections", async () => {
    const spread = await t.gql(`{ me { ...A ...B } } fragment A on Identity { ${"id ".repeat(6)} } fragment B on Identity { ... { ${"id ".repeat(5)} } }`);
    expect(firstError(spread)).toEqual({ code: "LIMIT_EXCEEDED", limit: "fieldRepeats", field: "id", max: 10 });
    const typename = await t.gql(repeated(11, "__typename"));
    expect(firstError(typename)).toEqual({ code: "LIMIT_EXCEEDED", limit: "fieldRepeats", field: "__typename", max: 10 });
    // the same field under different aliases is not a repeat (aliases have their own limit), nor are names in
    // arguments, directives and type conditions
    expect((await t.gql(`{ me { ${Array.from({ length: 12 }, (_, i) => `a${i}: id`).join(" ")} } }`)).errors).toBeUndefined();
    const names = await t.gql(`{ me @include(if: true) { id }
      ${Array.from({ length: 11 }, (_, i) => `a${i}: me @skip(if: false) { id } ... on Query { b${i}: exceptions(first: 1, filter: { types: [SHORTAGE] }) { totalCount } }`).join(" ")} }`);
    expect(names.errors).toBeUndefined();
  });
});

describe("cost", () => {
  // about 200 fields per material: 4 + 5 lines × (4 + 5 balances × 7) + 1 + 5 × 1
  const wide = (first: string) => `query${first === "$n" ? "($n: Int)" : ""} {
    materials(first: ${first}) { nodes { id code
      bomLines { quantityPer component { code balances { onHand reserved available location { code } lot { code } } } }
      balances { onHand } } } }`;

  test("a nested read over a page of 100 runs; the same over the largest page is refused before it runs", async () => {
    expect((await t.gql(wide("100"))).errors).toBeUndefined();
    const started = Date.now();
    const res = await t.gql(wide("500"));
    expect(firstError(res)).toEqual({ code: "LIMIT_EXCEEDED", limit: "cost", max: 50_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("a page size given in a variable counts with its value", async () => {
    expect((await t.gql(wide("$n"), { n: 100 })).errors).toBeUndefined();
    expect(firstError(await t.gql(wide("$n"), { n: 500 }))).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "cost" });
  });

  test("a fragment bomb (each fragment spreading the one below twice) is refused quickly", async () => {
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join("\n");
    const started = Date.now();
    const res = await t.gql(`query { ...F40 }\nfragment F0 on Query { warehouses { code } }\n${fragments}`);
    // 2^40 × `warehouses` once expanded: the 11th in the one selection set is already too many
    expect(firstError(res)).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "fieldRepeats", field: "warehouses" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("page size", () => {
  test("a page above MAX_PAGE_SIZE is refused before the operation runs, in a literal or a variable", async () => {
    const res = await t.gql(`{ materials(first: 100000) { nodes { code } } }`);
    expect(res.status).toBe(400);
    expect(firstError(res)).toEqual({ code: "LIMIT_EXCEEDED", limit: "pageSize", field: "first", max: 500 });
    expect(res.data ?? null).toBeNull();
    const nestedPage = await t.gql(`query($n: Int) { warehouses { code } mrpRuns(first: $n) { nodes { id } } }`, { n: 501 });
    expect(nestedPage.status).toBe(400);
    expect(firstError(nestedPage)).toEqual({ code: "LIMIT_EXCEEDED", limit: "pageSize", field: "first", max: 500 });
    expect(nestedPage.data ?? null).toBeNull();
  });
});

describe("tokens", () => {
  test("a document of more than MAX_QUERY_TOKENS tokens is refused before it is parsed, over HTTP and WebSocket", async () => {
    const max = t.config.limits.maxTokens;
    // one token per item of the list, 19 more around it
    const long = (tokens: number) => `{ exceptions(first: 1, filter: { types: [${"SHORTAGE ".repeat(tokens - 19)}] }) { totalCount } }`;
    expect((await t.gql(long(max))).errors).toBeUndefined();
    const res = await t.gql(long(max + 1));
    expect(res.status).toBe(400);
    expect(firstError(res)).toEqual({ code: "LIMIT_EXCEEDED", limit: "tokens", max });
    expect(await refusal(t.ws(), long(2 * max))).toEqual({ code: "LIMIT_EXCEEDED", limit: "tokens", max });
  });

  test("a 900 KB document (under MAX_BODY_BYTES) is refused as too many tokens", async () => {
    const huge = `{ exceptions(filter: { types: [${"SHORTAGE ".repeat(100_000)}] }) { totalCount } }`;
    expect(huge.length).toBeGreaterThan(900_000);
    expect(huge.length).toBeLessThan(t.config.limits.maxBodyBytes);
    expect(firstError(await t.gql(huge))).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "tokens" });
  });
});

describe("request size and batching", () => {
  test("a body over MAX_BODY_BYTES is refused with 413 before it is parsed", async () => {
    const res = await t.gql(`query($pad: String) { me { id } }`, { pad: "x".repeat(t.config.limits.maxBodyBytes) });
    expect(res.status).toBe(413);
    expect(firstError(res)).toEqual({ code: "PAYLOAD_TOO_LARGE" });
  });

  test("a WebSocket message over MAX_BODY_BYTES closes the socket (1009, message too big)", async () => {
    const socket = new WebSocket(t.hub.wsUrl, "graphql-transport-ws");
    await new Promise((resolve) => socket.once("open", resolve));
    const closed = new Promise<number>((resolve) => socket.once("close", resolve));
    socket.send(JSON.stringify({ type: "connection_init", payload: { pad: "x".repeat(t.config.limits.maxBodyBytes) } }));
    expect(await closed).toBe(1009);
  });

  test("batched operations are refused (batching is off)", async () => {
    const res = await fetch(t.hub.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await t.token()}` },
      body: JSON.stringify([{ query: "{ me { id } }" }, { query: "{ me { id } }" }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batching/i);
  });
});

/** graphql-ws sends a refusal before execution as an error message, which the client rejects with */
const refusal = (client: ReturnType<TestHub["ws"]>, query: string, variables?: Record<string, unknown>) =>
  wsOnce(client, query, variables).then(
    () => undefined,
    (errors: { extensions?: Record<string, unknown> }[]) => errors[0]?.extensions,
  );

describe("over WebSocket", () => {
  test("validation and syntax errors come with the same codes and messages as over HTTP", async () => {
    const client = t.ws();
    for (const query of [`subscription { stockLow(warehouseCod: "PLANT-1") { materialCode } }`, `{ materialz { code } }`, `{ me { id }`]) {
      const http = await t.gql(query);
      expect(http.errors?.[0].extensions?.code).toMatch(/^GRAPHQL_(VALIDATION|PARSE)_FAILED$/);
      const ws = await wsOnce(client, query).then(
        () => undefined,
        (errors: { message: string; extensions?: Record<string, unknown> }[]) => errors[0],
      );
      expect(ws).toEqual({ message: http.errors?.[0].message, locations: http.errors?.[0].locations, extensions: http.errors?.[0].extensions });
    }
    expect((await t.gql(`{ materialz { code } }`)).errors?.[0].message).toMatch(/Did you mean .*"materials"/);
  });

  test("the same limits refuse deep, aliased and costly operations", async () => {
    const client = t.ws();
    expect((await wsOnce(client, nested(5))).errors).toBeUndefined();
    expect(await refusal(client, nested(6))).toEqual({ code: "LIMIT_EXCEEDED", limit: "depth", max: 12 });
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(" ")} }`;
    expect(await refusal(client, aliases)).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "aliases" });
    const costly = `query($n: Int) { materials(first: $n) { nodes { bomLines { component { balances { onHand reserved available location { code } lot { code } } } } } } }`;
    expect(await refusal(client, costly, { n: 500 })).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "cost" });
  });
});
