/** The network edge: health endpoints, WebSocket authentication, and hiding unexpected errors. */
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);
afterAll(() => t?.stop());

const base = () => t.hub.url.replace(/\/graphql$/, "");

test("/healthz and /readyz answer", async () => {
  expect(await (await fetch(`${base()}/healthz`)).json()).toEqual({ status: "ok" });
  const ready = await fetch(`${base()}/readyz`);
  expect(ready.status).toBe(200);
});

test("a WebSocket with a bad credential is closed with 4403", async () => {
  const closed = new Promise<number>((resolve) => {
    const client = createClient({
      url: t.hub.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: "Bearer not-a-token" },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: { closed: (e) => resolve((e as { code: number }).code) },
    });
    void client;
  });
  expect(await closed).toBe(4403);
});

test("a WebSocket without a credential connects but every operation is refused", async () => {
  const res = await wsOnce(t.ws(null), `{ warehouses { code } }`);
  expect(res.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
});

test("an invalid bearer token over HTTP is 401 UNAUTHENTICATED", async () => {
  const res = await t.gql(`{ warehouses { code } }`, {}, { auth: "not-a-token" });
  expect(res.status).toBe(401);
  expect(res.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
});

test("an unexpected failure is hidden from the client", async () => {
  await t.db.sql.query(`ALTER TABLE warehouse RENAME TO warehouse_away`);
  try {
    const res = await t.gql(`{ warehouses { code } }`);
    expect(res.errors?.[0]).toMatchObject({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    // nothing of the database's message, nor a stack trace, reaches the client
    expect(Object.keys(res.errors![0].extensions!)).toEqual(["code"]);
  } finally {
    await t.db.sql.query(`ALTER TABLE warehouse_away RENAME TO warehouse`);
  }
});

test("validation errors keep their code", async () => {
  const res = await t.gql(`{ materials { nope } }`);
  expect(res.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  const decimal = await t.gql(`{ bomExplosion(materialId: 1, quantity: "1e5") { summary { totalQuantity } } }`);
  expect(decimal.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
});

test("a mutation's variables that do not fit its types are the client's error, and write nothing", async () => {
  const count = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM work_order`))[0]!.n;
  const before = await count();
  const res = await t.gql(`mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { workOrder { number } } }`, {
    input: { materialCode: 5, warehouseCode: "PLANT-1" },
  });
  expect(res.data ?? undefined).toBeUndefined();
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT", "BAD_USER_INPUT"]);
  expect(await count()).toBe(before);
});

test("an operation the document does not hold, and a subscription over HTTP, are the client's errors", async () => {
  const token = await t.token();
  const post = (body: unknown) =>
    fetch(t.hub.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ errors?: { message: string; extensions?: { code?: string } }[] }>);
  const unknown = await post({ query: "{ warehouses { code } }", operationName: "Plant" });
  expect(unknown.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([["OPERATION_RESOLUTION_FAILURE", 'Unknown operation named "Plant".']]);
  const several = await post({ query: "query A { warehouses { code } } query B { me { id } }" });
  expect(several.errors?.[0].extensions?.code).toBe("OPERATION_RESOLUTION_FAILURE");
  const subscription = await post({ query: `subscription { exceptionRaised(types: ["SHORTAGE"]) { type } }` });
  expect(subscription.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_REQUEST"]);
});
