import { Role } from "./roles";

/** The identity behind a request: a person (JWT) or a system (API key). */
export interface Principal {
  /** stable id recorded in ledgers and audit logs: `user:<sub>` or `key:<prefix>` */
  id: string;
  kind: "user" | "apiKey";
  roles: ReadonlySet<Role>;
  /** warehouse codes the identity is limited to; null = all (what it may see: src/auth/warehouse-scope.ts) */
  warehouses: readonly string[] | null;
  /** when the credential stops being valid (a token's exp, a key's expiry); absent = never */
  expiresAt?: Date;
  /** the API key's id, for an identity from an API key (a revoked key ends its WebSocket sessions) */
  apiKeyId?: number;
}

export function hasAnyRole(principal: Principal, allowed: readonly Role[]): boolean {
  return principal.roles.has(Role.ADMIN) || allowed.some((r) => principal.roles.has(r));
}

/** The identity the hub itself uses for seeding and background work. */
export const SYSTEM: Principal = { id: "system", kind: "apiKey", roles: new Set([Role.ADMIN]), warehouses: null };
