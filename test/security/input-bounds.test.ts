/** Inputs are bounded before anything walks them: nesting of variables, list lengths and string lengths, over HTTP and WebSocket. */
import WebSocket from "ws";
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);
// a refused operation must leave nothing running that would hold up the graceful stop
afterAll(() => t?.stop(), 15_000);

const errorOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions;
/** graphql-ws answers a refused operation with an error message, which the client rejects with */
const wsRefusal = (query: string, variables?: Record<string, unknown>) =>
  wsOnce(t.ws(), query, variables).then(
    (r) => r.errors?.[0]?.extensions,
    (errors: { extensions?: Record<string, unknown> }[]) => errors[0]?.extensions,
  );

/** JSON text of a list nested `depth` deep (as text: JSON.stringify of it would overflow the client's stack) */
const nestedList = (depth: number) => `${"[".repeat(depth)}"x"${"]".repeat(depth)}`;
/** POSTs a body written as text */
const postRaw = async (body: string) => {
  const res = await fetch(t.hub.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${await t.token()}` }, body });
  return { status: res.status, ...((await res.json()) as { errors?: { extensions?: Record<string, unknown> }[] }) };
};
/** Speaks graphql-transport-ws by hand to send a subscribe message written as text; resolves with the error message's payload */
async function wsRaw(subscribePayload: string) {
  const socket = new WebSocket(t.hub.wsUrl, "graphql-transport-ws");
  const messages: { type: string; payload?: unknown }[] = [];
  const closed = new Promise<number>((resolve) => socket.once("close", resolve));
  socket.on("message", (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve) => socket.once("open", resolve));
  socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${await t.token()}` } }));
  await until(() => messages.some((m) => m.type === "connection_ack"), "connection_ack");
  socket.send(`{"type":"subscribe","id":"1","payload":${subscribePayload}}`);
  await until(() => messages.some((m) => m.type === "error" || m.type === "next") || socket.readyState !== WebSocket.OPEN, "an answer");
  const answer = messages.find((m) => m.type === "error" || m.type === "next");
  const open = socket.readyState === WebSocket.OPEN;
  socket.close();
  await closed;
  return { answer, open };
}
const SEARCH = `query($s: String) { materials(filter: { search: $s }) { totalCount } }`;
const CREATE_WO = `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { workOrder { number } } }`;
const workOrders = () => t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM work_order`).then((r) => r[0].n);

describe("nesting of variables", () => {
  const deepBody = () => `{"query":${JSON.stringify(SEARCH)},"variables":{"s":${nestedList(200_000)}}}`;

  test("variables nested 200,000 deep are refused as bad input over HTTP, not a server error", async () => {
    const res = await postRaw(deepBody());
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "s", max: 32 });
  });

  test("over WebSocket they get an error message and the socket stays open (the hub still stops promptly, see afterAll)", async () => {
    const { answer, open } = await wsRaw(`{"query":${JSON.stringify(SEARCH)},"variables":{"s":${nestedList(200_000)}}}`);
    expect(answer).toMatchObject({ type: "error", payload: [{ extensions: { code: "BAD_USER_INPUT", field: "s" } }] });
    expect(open).toBe(true);
  });

  test("nesting up to 32 levels passes the bound (and meets the usual type checks)", async () => {
    const res = await t.gql(SEARCH, { s: JSON.parse(nestedList(31)) });
    expect(errorOf(res)).toEqual({ code: "BAD_USER_INPUT" });
    expect(res.errors?.[0].message).toMatch(/String cannot represent/);
  });

  test("a document nested thousands of brackets deep is refused before it is parsed", async () => {
    const deep = `{ materials(filter: { search: ${"[".repeat(3000)}"x"${"]".repeat(3000)} }) { totalCount } }`;
    const res = await t.gql(deep);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "nesting" });
    expect(await wsRefusal(deep)).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "nesting" });
  });
});

describe("list and string sizes", () => {
  const limits = () => t.config.limits;

  test("a work order with more operations than MAX_INPUT_LIST is refused, naming the field, and nothing is written", async () => {
    const before = await workOrders();
    const operations = Array.from({ length: limits().maxListLength + 1 }, (_, i) => ({ sequence: i + 1, name: `op ${i}` }));
    const res = await t.gql(CREATE_WO, { input: { materialCode: "TOASTER-2S", warehouseCode: "PLANT-1", quantity: "1", operations } });
    expect(errorOf(res)).toEqual({ code: "BAD_USER_INPUT", field: "input.operations", max: limits().maxListLength });
    expect(await workOrders()).toBe(before);
  });

  test("a text longer than MAX_INPUT_STRING is refused in a variable and in a literal, over HTTP and WebSocket", async () => {
    const long = "x".repeat(limits().maxStringLength + 1);
    const transfer = (reason: string) =>
      `mutation { createTransfer(input: { materialCode: "MCU-8BIT", fromWarehouseCode: "PLANT-1", toWarehouseCode: "DC-1", quantity: "1", reason: "${reason}" }) { number } }`;
    expect(errorOf(await t.gql(transfer(long)))).toEqual({ code: "BAD_USER_INPUT", field: "input.reason", max: limits().maxStringLength });
    expect(errorOf(await t.gql(SEARCH, { s: long }))).toEqual({ code: "BAD_USER_INPUT", field: "s", max: limits().maxStringLength });
    expect(await wsRefusal(SEARCH, { s: long })).toEqual({ code: "BAD_USER_INPUT", field: "s", max: limits().maxStringLength });
    // at the bound it is ordinary data
    expect((await t.gql(SEARCH, { s: "x".repeat(limits().maxStringLength) })).errors).toBeUndefined();
  });
});
