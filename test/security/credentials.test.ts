/** Credentials: API keys shown once and stored hashed, revoked and expired ones refused; JWTs checked strictly (HS256 and RS256). */
import { createSecretKey, generateKeyPairSync } from "node:crypto";
import { SignJWT, importPKCS8 } from "jose";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { inTransaction } from "../../src/db/transaction";
import { writeEvent } from "../../src/events/outbox";
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";
import { until } from "../support/until";
import { wsCloseCode } from "./ws-close-code";

const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const idp = rsa();

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { AUTH_JWT_PUBLIC_KEY: idp.publicKey } });
}, 120_000);
afterAll(() => t?.stop());

const codes = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.map((e) => e.extensions?.code);
const ME = `{ me { id kind roles } }`;

async function createKey(roles = "[VIEWER]") {
  const res = await t.gql(`mutation { createApiKey(input: { name: "scanner", roles: ${roles} }) { key apiKey { id prefix } } }`);
  expect(res.errors).toBeUndefined();
  return res.data.createApiKey as { key: string; apiKey: { id: string; prefix: string } };
}

async function rs256(privateKeyPem: string, claims: Record<string, unknown>, { issuer = t.config.auth.jwtIssuer, audience = t.config.auth.jwtAudience, exp = "1h" } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256" })
    .setSubject("alice")
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(await importPKCS8(privateKeyPem, "RS256"));
}

describe("API keys", () => {
  test("a key works in each accepted header until it is revoked, then it is refused over HTTP and WebSocket", async () => {
    const { key, apiKey } = await createKey();
    const headerSets: Record<string, string>[] = [{ authorization: `ApiKey ${key}` }, { authorization: `Bearer ${key}` }, { "x-api-key": key }];
    for (const headers of headerSets) {
      const res = await t.gql(ME, {}, { auth: null, headers });
      expect(res.data?.me).toEqual({ id: `key:${apiKey.prefix}`, kind: "apiKey", roles: ["VIEWER"] });
    }
    expect((await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id })).data.revokeApiKey.revokedAt).not.toBeNull();

    const res = await t.gql(ME, {}, { auth: key });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]).toMatchObject({ message: "API key revoked", extensions: { code: "UNAUTHENTICATED" } });
    expect(await wsCloseCode(t.hub.wsUrl, { apiKey: key })).toBe(4403);
  });

  test("a key past its expiry is refused, though it was checked (and remembered) before", async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const created = await t.gql(`mutation($at: DateTimeISO!) { createApiKey(input: { name: "short-lived", roles: [VIEWER], expiresAt: $at }) { key } }`, { at: expiresAt });
    const { key } = created.data.createApiKey;
    expect((await t.gql(ME, {}, { auth: key })).errors).toBeUndefined();
    const res = await until(async () => {
      const r = await t.gql(ME, {}, { auth: key });
      return r.status === 401 && r;
    }, "the key to expire");
    expect(res.errors?.[0]).toMatchObject({ message: "API key expired", extensions: { code: "UNAUTHENTICATED" } });
  });

  test("a key revoked by another instance is refused once its apiKey.revoked event arrives", async () => {
    const { key, apiKey } = await createKey();
    expect((await t.gql(ME, {}, { auth: key })).errors).toBeUndefined();
    // what revokeApiKey on another hub of the same database writes: the row, and the event in the outbox
    await inTransaction(t.db, async (tx) => {
      await tx.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1`, [Number(apiKey.id)]);
      await writeEvent(tx, "apiKey.revoked", { apiKeyId: Number(apiKey.id) });
    });
    const res = await until(async () => {
      const r = await t.gql(ME, {}, { auth: key });
      return r.status === 401 && r;
    }, "the revoked key to be refused");
    expect(res.errors?.[0]).toMatchObject({ message: "API key revoked", extensions: { code: "UNAUTHENTICATED" } });
  });

  test("a key with a right prefix and a wrong secret is refused", async () => {
    const { key } = await createKey();
    const tampered = key.slice(0, -4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(codes(await t.gql(ME, {}, { auth: tampered }))).toEqual(["UNAUTHENTICATED"]);
  });

  test("the key is shown once: listings carry neither the key nor its hash", async () => {
    const { key } = await createKey("[INTEGRATION]");
    const fields = await t.gql(`{ __type(name: "ApiKey") { fields { name } } }`);
    const names = fields.data.__type.fields.map((f: { name: string }) => f.name);
    expect(names).not.toEqual(expect.arrayContaining(["hash"]));
    expect(names.filter((n: string) => /hash|secret|key$/i.test(n))).toEqual([]);

    const listed = await t.gql(`{ apiKeys { id name prefix roles warehouses createdAt createdBy expiresAt revokedAt lastUsedAt } }`);
    const text = JSON.stringify(listed);
    const hashes = await t.db.sql.query<{ hash: string }>(`SELECT hash FROM api_key`);
    expect(hashes.length).toBeGreaterThan(0);
    for (const { hash } of hashes) expect(text).not.toContain(hash);
    expect(text).not.toContain(key);
    // the secret after hub_<prefix>_ (base64url: it may itself contain "_")
    expect(text).not.toContain(key.slice("hub_".length + 10 + 1));
  });
});

describe("JWT bearer tokens", () => {
  test("an expired token is refused with a clear message", async () => {
    const expired = await signToken(t.config.auth, { sub: "bob", roles: [Role.ADMIN] }, Math.floor(Date.now() / 1000) - 60);
    const res = await t.gql(ME, {}, { auth: expired });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]).toMatchObject({ message: "token expired", extensions: { code: "UNAUTHENTICATED" } });
    expect(await wsCloseCode(t.hub.wsUrl, { authorization: `Bearer ${expired}` })).toBe(4403);
  });

  test("a token for another issuer or audience is refused", async () => {
    for (const auth of [{ ...t.config.auth, jwtIssuer: "someone-else" }, { ...t.config.auth, jwtAudience: "another-app" }]) {
      const token = await signToken(auth, { sub: "bob", roles: [Role.ADMIN] });
      expect(codes(await t.gql(ME, {}, { auth: token }))).toEqual(["UNAUTHENTICATED"]);
    }
  });

  test("an RS256 token from the configured identity provider is accepted, over HTTP and WebSocket", async () => {
    const token = await rs256(idp.privateKey, { roles: ["planner"], warehouses: ["PLANT-1"] });
    const res = await t.gql(`{ me { id kind roles warehouses } }`, {}, { auth: token });
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toEqual({ id: "user:alice", kind: "user", roles: ["PLANNER"], warehouses: ["PLANT-1"] });
    expect((await wsOnce(t.ws(token), ME)).data).toEqual({ me: { id: "user:alice", kind: "user", roles: ["PLANNER"] } });
  });

  test("an RS256 token signed by another key is refused", async () => {
    const token = await rs256(rsa().privateKey, { roles: ["ADMIN"] });
    expect(codes(await t.gql(ME, {}, { auth: token }))).toEqual(["UNAUTHENTICATED"]);
  });

  test("the public key used as an HMAC secret does not forge a token (algorithm confusion)", async () => {
    const forged = await new SignJWT({ roles: ["ADMIN"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("mallory")
      .setIssuer(t.config.auth.jwtIssuer)
      .setAudience(t.config.auth.jwtAudience)
      .setExpirationTime("1h")
      .sign(createSecretKey(Buffer.from(idp.publicKey)));
    expect(codes(await t.gql(ME, {}, { auth: forged }))).toEqual(["UNAUTHENTICATED"]);
  });

  /** An HS256 token with exactly the given time claims (seconds since the epoch; undefined = absent). */
  const hs256 = (times: { iat?: number; exp?: number; nbf?: number }) => {
    const jwt = new SignJWT({ roles: ["ADMIN"], ...times }).setProtectedHeader({ alg: "HS256" }).setSubject("carol").setIssuer(t.config.auth.jwtIssuer).setAudience(t.config.auth.jwtAudience);
    return jwt.sign(createSecretKey(Buffer.from(t.config.auth.jwtSecret!)));
  };
  const now = () => Math.floor(Date.now() / 1000);
  const DAY = 86_400;

  test("a token without exp is refused: every token expires", async () => {
    const res = await t.gql(ME, {}, { auth: await hs256({ iat: now() }) });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]).toMatchObject({ message: "invalid token", extensions: { code: "UNAUTHENTICATED" } });
  });

  test("a token issued in the future is refused, within a small clock skew it is accepted", async () => {
    expect(codes(await t.gql(ME, {}, { auth: await hs256({ iat: now() + 365 * DAY, exp: now() + 365 * DAY + 3600 }) }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await t.gql(ME, {}, { auth: await hs256({ iat: now() + 600, exp: now() + 3600 }) }))).toEqual(["UNAUTHENTICATED"]);
    expect((await t.gql(ME, {}, { auth: await hs256({ iat: now() + 20, exp: now() + 3600 }) })).errors).toBeUndefined();
  });

  test("a token valid for longer than AUTH_JWT_MAX_LIFETIME_HOURS is refused", async () => {
    const max = t.config.auth.jwtMaxLifetimeHours * 3600;
    expect((await t.gql(ME, {}, { auth: await hs256({ iat: now(), exp: now() + max }) })).errors).toBeUndefined();
    expect(codes(await t.gql(ME, {}, { auth: await hs256({ iat: now(), exp: now() + max + 3600 }) }))).toEqual(["UNAUTHENTICATED"]);
    // without iat the lifetime counts from now
    expect(codes(await t.gql(ME, {}, { auth: await hs256({ exp: now() + 365 * DAY }) }))).toEqual(["UNAUTHENTICATED"]);
  });

  test("an expired token is accepted only within the clock skew", async () => {
    expect((await t.gql(ME, {}, { auth: await hs256({ iat: now() - 3600, exp: now() - 20 }) })).errors).toBeUndefined();
    expect(codes(await t.gql(ME, {}, { auth: await hs256({ iat: now() - 3600, exp: now() - 120 }) }))).toEqual(["UNAUTHENTICATED"]);
  });

  test("an unsigned token (alg none) is refused", async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "mallory", roles: ["ADMIN"], iss: t.config.auth.jwtIssuer, aud: t.config.auth.jwtAudience, exp: now + 3600 })}.`;
    expect(codes(await t.gql(ME, {}, { auth: unsigned }))).toEqual(["UNAUTHENTICATED"]);
  });
});
