/** In production the graph does not describe itself, serves no landing page nor explorer, and refuses cross-site simple requests (CSRF). */
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { NODE_ENV: "production", LOG_LEVEL: "silent" } });
}, 120_000);
afterAll(() => t?.stop());

test("introspection is off", async () => {
  const res = await t.gql(`{ __schema { queryType { name } } }`);
  expect(res.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  expect(res.errors?.[0].message).toMatch(/introspection/i);
});

test("introspection is off over WebSocket too", async () => {
  const errors = await wsOnce(t.ws(), `{ __schema { queryType { name } } }`).then(() => undefined, (e: { message: string; extensions?: { code?: string } }[]) => e);
  expect(errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  expect(errors?.[0].message).toMatch(/introspection/i);
});

test("validation errors give no \"Did you mean …\" hints that would reveal the schema, over HTTP and WebSocket", async () => {
  const misspelt = [`{ materialz { code } }`, `{ materials(firts: 5) { nodes { code } } }`, `{ me { idd } }`];
  for (const query of misspelt) {
    const res = await t.gql(query);
    expect(res.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.errors?.[0].message).not.toMatch(/did you mean/i);
    const errors = await wsOnce(t.ws(), query).then(() => undefined, (e: { message: string; extensions?: { code?: string } }[]) => e);
    expect(errors?.[0]).toEqual(res.errors?.[0]);
  }
  const badEnum = await t.gql(`query($t: [ExceptionType!]) { exceptions(filter: { types: $t }) { totalCount } }`, { t: ["SHORTAG"] });
  expect(badEnum.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(badEnum.errors?.[0].message).not.toMatch(/did you mean/i);
});

test("a browser GET gets no landing page, and the explorer's bundle is not served", async () => {
  const res = await fetch(t.hub.url, { headers: { accept: "text/html" } });
  expect(res.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
  expect(await res.text()).not.toMatch(/<html|sandbox|explorer|graphiql/i);
  for (const asset of ["explorer.js", "explorer.css", "editor.worker.js"]) {
    expect((await fetch(new URL(`/graphql/explorer/${asset}`, t.hub.url))).status).toBe(404);
  }
});

test("a simple cross-site request (a form post or a GET without a preflight header) is refused", async () => {
  const form = await fetch(t.hub.url, {
    method: "POST",
    headers: { "content-type": "text/plain", authorization: `Bearer ${await t.token()}` },
    body: JSON.stringify({ query: "{ me { id } }" }),
  });
  expect(form.status).toBe(400);
  expect(await form.text()).toMatch(/CSRF/i);
  const get = await fetch(`${t.hub.url}?query=${encodeURIComponent("{ me { id } }")}`, { headers: { authorization: `Bearer ${await t.token()}` } });
  expect(get.status).toBe(400);
  expect(await get.text()).toMatch(/CSRF/i);
});

test("a GET with the preflight header and a credential is served", async () => {
  const res = await fetch(`${t.hub.url}?query=${encodeURIComponent("{ me { id } }")}`, {
    headers: { authorization: `Bearer ${await t.token()}`, "apollo-require-preflight": "true" },
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ data: { me: { id: "user:test-admin" } } });
});
