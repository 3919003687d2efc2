import { createSecretKey, type KeyObject } from "node:crypto";
import { SignJWT, decodeProtectedHeader, importSPKI, jwtVerify, type JWTPayload } from "jose";
import type { Config } from "../runtime/config";
import { DomainError } from "../domain/shared/domain-error";
import type { Principal } from "./principal";
import { parseRoles, type Role } from "./roles";
import { parseWarehouseList } from "./warehouse-scope";

/** Clocks of the identity provider and the hub may differ by this much (seconds). */
const CLOCK_SKEW_S = 60;
/** Verified tokens kept (the oldest goes first): one per signed-in person or client, a few per hour each. */
const MAX_VERIFIED = 10_000;

/**
 * Verifies people's bearer tokens: HS256 with a shared secret and/or RS256 with a public key. Every token
 * must expire (`exp`), not be issued in the future, and live at most `maxLifetimeS` (from `iat`, or from
 * now when it has none), so that a leaked token cannot be used for ever.
 * A client sends the same token with every request: its verification (signature, claims) is kept until
 * the token expires, so that a request costs a map lookup instead.
 */
export class JwtVerifier {
  private readonly verified = new Map<string, Principal>();

  private constructor(
    private readonly keys: { alg: "HS256" | "RS256"; key: KeyObject | Awaited<ReturnType<typeof importSPKI>> }[],
    private readonly issuer: string,
    private readonly audience: string,
    private readonly maxLifetimeS: number,
  ) {}

  static async create(auth: Config["auth"]): Promise<JwtVerifier> {
    const keys: JwtVerifier["keys"] = [];
    if (auth.jwtSecret) keys.push({ alg: "HS256", key: createSecretKey(Buffer.from(auth.jwtSecret)) });
    if (auth.jwtPublicKey) keys.push({ alg: "RS256", key: await importSPKI(auth.jwtPublicKey, "RS256") });
    return new JwtVerifier(keys, auth.jwtIssuer, auth.jwtAudience, auth.jwtMaxLifetimeHours * 3600);
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && known.expiresAt!.getTime() > Date.now()) return known;
    this.verified.delete(token);
    const principal = await this.check(token);
    if (this.verified.size >= MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, principal);
    return principal;
  }

  private async check(token: string): Promise<Principal> {
    // The key is chosen by the token's declared algorithm, and jwtVerify pins that algorithm to the key,
    // so an RS256 public key can never be used as an HS256 secret.
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new DomainError("UNAUTHENTICATED", "invalid token");
    }
    const entry = this.keys.find((k) => k.alg === alg);
    if (!entry) throw new DomainError("UNAUTHENTICATED", "invalid token");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, entry.key, {
        algorithms: [entry.alg],
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ["exp"],
        clockTolerance: CLOCK_SKEW_S,
      }));
      const now = Date.now() / 1000;
      if (payload.iat !== undefined && payload.iat > now + CLOCK_SKEW_S) throw new Error("token issued in the future");
      if (payload.exp! - Math.min(payload.iat ?? now, now) > this.maxLifetimeS + CLOCK_SKEW_S) throw new Error("token lives too long");
    } catch (e) {
      const expired = (e as { code?: string }).code === "ERR_JWT_EXPIRED";
      throw new DomainError("UNAUTHENTICATED", expired ? "token expired" : "invalid token");
    }
    if (typeof payload.sub !== "string" || payload.sub === "") throw new DomainError("UNAUTHENTICATED", "invalid token");
    return {
      id: `user:${payload.sub}`,
      kind: "user",
      roles: new Set(parseRoles(payload.roles)),
      // a malformed scope must never widen to "all warehouses"
      warehouses: parseWarehouseList(payload.warehouses, (reason) => new DomainError("UNAUTHENTICATED", `invalid token: ${reason}`)),
      expiresAt: new Date((payload.exp! + CLOCK_SKEW_S) * 1000),
    };
  }
}

/** Issues an HS256 token (demo credential, tests). People's tokens normally come from the plant's IdP. */
export async function signToken(
  auth: Pick<Config["auth"], "jwtSecret" | "jwtIssuer" | "jwtAudience">,
  claims: { sub: string; roles: Role[]; warehouses?: string[] },
  expiresIn: string | number = "8h",
): Promise<string> {
  if (!auth.jwtSecret) throw new Error("signing needs AUTH_JWT_SECRET");
  return new SignJWT({ roles: claims.roles, ...(claims.warehouses ? { warehouses: claims.warehouses } : {}) })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuer(auth.jwtIssuer)
    .setAudience(auth.jwtAudience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(createSecretKey(Buffer.from(auth.jwtSecret)));
}
