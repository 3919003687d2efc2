/** Every response carries a request id: the caller's when it is a plain short token (a proxy's), else a new one. */
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 120_000);
afterAll(() => t?.stop());

const idFor = async (sent?: string) => {
  const res = await fetch(t.hub.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await t.token()}`, ...(sent === undefined ? {} : { "x-request-id": sent }) },
    body: JSON.stringify({ query: "{ me { id } }" }),
  });
  expect(res.status).toBe(200);
  return res.headers.get("x-request-id");
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("a new id when none is sent; the caller's when it is a plain token", async () => {
  expect(await idFor()).toMatch(UUID);
  expect(await idFor("lb-7f3a.42:1")).toBe("lb-7f3a.42:1");
});

test("an overlong or odd id is replaced, so it cannot flood or forge log lines", async () => {
  expect(await idFor("x".repeat(129))).toMatch(UUID);
  expect(await idFor(`a","principal":"admin`)).toMatch(UUID);
});
