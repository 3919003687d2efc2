/** Default deny: without a credential nothing is served, and each role only reaches what it is given. */
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";
import { wsCloseCode } from "./ws-close-code";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);
afterAll(() => t?.stop());

const codes = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.map((e) => e.extensions?.code);

const CREATE_MATERIAL = `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`;
const newMaterial = (code: string) => ({ input: { code, name: "Test part", uomCode: "EA", type: "BUY" } });

describe("without a credential", () => {
  test("a query is refused with UNAUTHENTICATED", async () => {
    for (const query of [`{ materials { totalCount } }`, `{ warehouses { code } }`, `{ me { id } }`, `{ apiKeys { id } }`]) {
      const res = await t.gql(query, {}, { auth: null });
      expect(codes(res)).toEqual(["UNAUTHENTICATED"]);
      expect(res.data ?? null).toBeNull();
    }
  });

  test("a mutation is refused and writes nothing", async () => {
    const res = await t.gql(CREATE_MATERIAL, newMaterial("ANON-1"), { auth: null });
    expect(codes(res)).toEqual(["UNAUTHENTICATED"]);
    expect(await t.db.sql.query(`SELECT 1 FROM material WHERE code = 'ANON-1'`)).toHaveLength(0);
  });

  test("a query and a subscription over WebSocket are refused with UNAUTHENTICATED", async () => {
    const client = t.ws(null);
    expect(codes(await wsOnce(client, `{ warehouses { code } }`))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await wsOnce(client, `subscription { exceptionRaised { eventId } }`))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("with the wrong role", () => {
  test("a viewer reads but may not change master data", async () => {
    const viewer = await t.token([Role.VIEWER]);
    expect((await t.gql(`{ warehouses { code } }`, {}, { auth: viewer })).errors).toBeUndefined();
    const res = await t.gql(CREATE_MATERIAL, newMaterial("VIEW-1"), { auth: viewer });
    expect(codes(res)).toEqual(["FORBIDDEN"]);
    expect(await t.db.sql.query(`SELECT 1 FROM material WHERE code = 'VIEW-1'`)).toHaveLength(0);
  });

  test("a storekeeper may not change BOMs", async () => {
    const res = await t.gql(`mutation { replaceBom(input: { materialCode: "TOASTER-2S", lines: [] }) { id } }`, {}, { auth: await t.token([Role.STOREKEEPER]) });
    expect(codes(res)).toEqual(["FORBIDDEN"]);
  });

  test("only an admin may list, create or revoke API keys", async () => {
    const created = await t.gql(`mutation { createApiKey(input: { name: "erp", roles: [INTEGRATION] }) { apiKey { id } } }`);
    const id = created.data.createApiKey.apiKey.id;
    for (const role of [Role.VIEWER, Role.STOREKEEPER, Role.PLANNER, Role.INTEGRATION]) {
      const auth = await t.token([role]);
      expect(codes(await t.gql(`{ apiKeys { id } }`, {}, { auth }))).toEqual(["FORBIDDEN"]);
      expect(codes(await t.gql(`mutation { createApiKey(input: { name: "x", roles: [ADMIN] }) { key } }`, {}, { auth }))).toEqual(["FORBIDDEN"]);
      expect(codes(await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id }, { auth }))).toEqual(["FORBIDDEN"]);
    }
    const [row] = await t.db.sql.query<{ revoked_at: Date | null }>(`SELECT revoked_at FROM api_key WHERE id = $1`, [Number(id)]);
    expect(row.revoked_at).toBeNull();
    expect(await t.db.sql.query(`SELECT 1 FROM api_key`)).toHaveLength(1);
  });

  test("an integration key cannot mint itself an admin key", async () => {
    const created = await t.gql(`mutation { createApiKey(input: { name: "device", roles: [INTEGRATION] }) { key } }`);
    const res = await t.gql(`mutation { createApiKey(input: { name: "escalate", roles: [ADMIN] }) { key } }`, {}, { auth: created.data.createApiKey.key });
    expect(codes(res)).toEqual(["FORBIDDEN"]);
  });

  test("over WebSocket the role is checked per operation", async () => {
    const client = t.ws(await t.token([Role.VIEWER]));
    expect((await wsOnce(client, `{ warehouses { code } }`)).errors).toBeUndefined();
    expect(codes(await wsOnce(client, `{ apiKeys { id } }`))).toEqual(["FORBIDDEN"]);
    expect(codes(await wsOnce(client, CREATE_MATERIAL, newMaterial("WS-1")))).toEqual(["FORBIDDEN"]);
  });

  test("an identity without any role may not subscribe", async () => {
    const res = await wsOnce(t.ws(await t.token([])), `subscription { stockLow { eventId } }`);
    expect(codes(res)).toEqual(["FORBIDDEN"]);
  });
});

test("a WebSocket whose connection_init carries a token signed with another secret is closed with 4403", async () => {
  const forged = await signToken({ ...t.config.auth, jwtSecret: "another-secret-another-secret-another" }, { sub: "mallory", roles: [Role.ADMIN] });
  expect(await wsCloseCode(t.hub.wsUrl, { authorization: `Bearer ${forged}` })).toBe(4403);
  expect(codes(await t.gql(`{ me { id } }`, {}, { auth: forged }))).toEqual(["UNAUTHENTICATED"]);
});
