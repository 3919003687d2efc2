import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Principal } from "../../auth/principal";
import { parseRoles, type Role } from "../../auth/roles";
import { assertWithin, canSee, parseWarehouseList } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import { writeEvent } from "../../events/outbox";
import type { SiteService } from "../sites";
import { runCommand } from "../idempotency/command";
import { badInput, DomainError, notFound } from "../shared/domain-error";
import * as store from "./api-key.store";
import { writeAudit } from "./audit";

/**
 * API keys for systems (ERP, devices). A key looks like `hub_<prefix>_<secret>`; only its SHA-256 is
 * stored, so the key is shown once, at creation. The prefix finds the row and tells keys apart in lists.
 */
const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");
const KEY_PATTERN = /^hub_([A-Za-z0-9]{10})_[A-Za-z0-9_-]{32,}$/;

/**
 * How long a key, once checked, is trusted without reading its row again. Revocation drops it at once
 * (here: revoke(); on other instances: the apiKey.revoked event calls forget()); this bounds what a lost
 * event could leave, and keeps lastUsedAt refreshed about once a minute.
 */
const CHECKED_FOR_MS = 60_000;

export interface NewApiKey {
  name: string;
  roles: Role[];
  /** absent = all warehouses */
  warehouses?: string[] | null;
  expiresAt?: Date;
}

export class ApiKeyService {
  /** principals of keys recently checked, by the key's hash */
  private readonly checked = new Map<string, { principal: Principal; at: number }>();
  /** counts forget() calls: a check that began before one must not cache what it read */
  private forgets = 0;

  constructor(
    private readonly db: Database,
    private readonly sites: Pick<SiteService, "warehousesByCodes">,
  ) {}

  async create(input: NewApiKey, actor: Principal) {
    const name = input.name.trim();
    if (name === "" || name.length > 100) throw badInput("name must be 1 to 100 characters");
    if (input.roles.length === 0) throw badInput("an API key needs at least one role");
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw badInput("expiresAt must be in the future");
    const warehouses = parseWarehouseList(input.warehouses, (reason) => badInput(reason, { field: "warehouses" }));
    assertWithin(actor, warehouses);
    const prefix = randomBytes(8).toString("base64url").replace(/[-_]/g, "").padEnd(10, "0").slice(0, 10);
    const key = `hub_${prefix}_${randomBytes(32).toString("base64url")}`;
    // no idempotency key: a replay would have to keep the secret to hand it out again
    const record = await runCommand(this.db, { principal: actor, operation: "createApiKey", payload: input }, async (tx) => {
      if (warehouses) {
        const known = new Set((await this.sites.warehousesByCodes(tx, warehouses)).map((w) => w.code));
        const unknown = warehouses.filter((c) => !known.has(c));
        if (unknown.length) throw badInput(`no warehouse ${unknown.join(", ")}`, { field: "warehouses" });
      }
      const row = await store.insertApiKey(tx, {
        name,
        prefix,
        hash: hashKey(key),
        roles: input.roles,
        warehouses: warehouses ?? [],
        expiresAt: input.expiresAt ?? null,
        createdBy: actor.id,
      });
      await writeAudit(tx, actor, "ApiKey", row.id, "create", { name, roles: input.roles, warehouses: warehouses ?? [] });
      return row;
    });
    return { key, record };
  }

  /** A limited identity sees the keys whose warehouses lie within its own. */
  async list(actor: Principal) {
    const rows = await store.allApiKeys(this.db.sql);
    return rows.filter((row) => withinScope(actor, row.warehouses));
  }

  async revoke(id: number, actor: Principal) {
    const revoked = await runCommand(this.db, { principal: actor, operation: "revokeApiKey", payload: { id } }, async (tx) => {
      const row = await store.lockApiKey(tx, id);
      if (!row) throw notFound("ApiKey", id);
      if (!withinScope(actor, row.warehouses)) throw notFound("ApiKey", id);
      if (row.revokedAt) return row;
      const revoked = await store.markRevoked(tx, id);
      await writeAudit(tx, actor, "ApiKey", id, "revoke", {});
      await writeEvent(tx, "apiKey.revoked", { apiKeyId: id });
      return revoked;
    });
    this.forget(id);
    return revoked;
  }

  /** Drops a key from the checked keys: it is read again (and refused, if revoked) on its next use. */
  forget(apiKeyId: number) {
    this.forgets++;
    for (const [hash, entry] of this.checked) if (entry.principal.apiKeyId === apiKeyId) this.checked.delete(hash);
  }

  /** The principal for a presented key, or an UNAUTHENTICATED error (unknown, revoked or expired). */
  async authenticate(key: string): Promise<Principal> {
    const hash = hashKey(key);
    const now = Date.now();
    const known = this.checked.get(hash);
    if (known && now - known.at < CHECKED_FOR_MS && !(known.principal.expiresAt && known.principal.expiresAt.getTime() <= now)) return known.principal;
    const forgets = this.forgets;
    const principal = await this.check(key, hash);
    if (forgets === this.forgets) this.checked.set(hash, { principal, at: now });
    return principal;
  }

  private async check(key: string, hash: string): Promise<Principal> {
    const match = KEY_PATTERN.exec(key);
    const row = match ? await store.apiKeyByPrefix(this.db.sql, match[1]) : null;
    const presented = Buffer.from(hash, "hex");
    if (!row || !timingSafeEqual(Buffer.from(row.hash, "hex"), presented)) throw new DomainError("UNAUTHENTICATED", "invalid API key");
    if (row.revokedAt) throw new DomainError("UNAUTHENTICATED", "API key revoked");
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw new DomainError("UNAUTHENTICATED", "API key expired");
    // lastUsedAt is informative; refresh it at most once a minute to keep authentication read-mostly.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      void store.markUsed(this.db.sql, row.id).catch(() => undefined);
    }
    return {
      id: `key:${row.prefix}`,
      kind: "apiKey",
      roles: new Set(parseRoles(row.roles)),
      warehouses: row.warehouses.length > 0 ? row.warehouses : null,
      apiKeyId: row.id,
      ...(row.expiresAt ? { expiresAt: row.expiresAt } : {}),
    };
  }
}

/** Whether a key's warehouses (stored: empty = all) lie within the actor's scope. */
function withinScope(actor: Principal, keyWarehouses: readonly string[]): boolean {
  if (actor.warehouses === null) return true;
  return keyWarehouses.length > 0 && keyWarehouses.every((c) => canSee(actor, c));
}
