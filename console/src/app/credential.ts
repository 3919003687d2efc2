/**
 * A credential: a bearer token (a JWT) or an API key. Over HTTP it travels as `Authorization` or `X-Api-Key`; over
 * graphql-ws as the connection's parameters of the same names (src/server.ts).
 */
export interface Credential {
  authorization?: string;
  apiKey?: string;
}

/** What the sign-in form takes: a JWT (`Bearer` optional) or an API key (`hub_…`). */
export function credentialFrom(kind: "token" | "apiKey", value: string): Credential {
  const v = value.trim();
  return kind === "apiKey" ? { apiKey: v } : { authorization: /^bearer\s/i.test(v) ? v : `Bearer ${v}` };
}

/** The demo credential the hub hands out in development (its `Authorization` header). */
export function demoCredential(headers: Record<string, string>): Credential {
  const byName = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return byName["x-api-key"] ? { apiKey: byName["x-api-key"] } : { authorization: byName.authorization };
}

export function httpHeaders(credential: Credential): Record<string, string> {
  return credential.apiKey ? { "X-Api-Key": credential.apiKey } : credential.authorization ? { Authorization: credential.authorization } : {};
}
