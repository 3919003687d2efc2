/**
 * Webhook subscriptions: who hears of which events, at which URL, signed with which secret; and the queue of
 * deliveries the webhook connector (src/connectors/webhooks) works through. A webhook belongs to the hub, to
 * a material's buyer (it hears of events about that buyer's materials) or to a supplier (events about the
 * materials it supplies, or naming it). Administrators manage all of them, planners those of buyers and
 * suppliers; an identity limited to some warehouses only webhooks filtered to one of them.
 */
import type { Principal } from "../../auth/principal";
import { Role } from "../../auth/roles";
import { scopeOf } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { Topic } from "../../events/topics";
import { runCommand, unkeyed } from "../idempotency/command";
import type { MaterialService } from "../materials/material.service";
import { writeAudit } from "../security/audit";
import { badInput, DomainError, notFound } from "../shared/domain-error";
import type { SiteService } from "../sites";
import type { SupplierService } from "../suppliers";
import { payloadRefs, type EventFacts } from "./webhook-filter";
import { isEmailUrl, readWebhook, secretPrefix, type WebhookInput, type WebhookValues } from "./webhook.rules";
import { TOPICS } from "../../events/event-scope";
import * as store from "./webhook.store";

export interface WebhookAreas {
  sites: Pick<SiteService, "requireWarehouse">;
  materials: Pick<MaterialService, "requireMaterial" | "requireBuyer" | "buyersOf">;
  suppliers: Pick<SupplierService, "requireSupplier" | "itemsOf">;
}

const isAdmin = (p: Principal) => p.roles.has(Role.ADMIN);
/** Webhooks of no buyer or supplier receive any event of their topics: an administrator's to manage. */
const ownedOnly = (p: Principal) => !isAdmin(p);

export class WebhookService {
  constructor(
    private readonly db: Database,
    private readonly areas: WebhookAreas,
  ) {}

  /** The webhooks the identity may manage, by id. */
  async list(principal: Principal): Promise<WebhookView[]> {
    return (await store.visibleWebhooks(this.db.sql, scopeOf(principal), ownedOnly(principal))).map(viewOf);
  }

  /** The topics a webhook may listen to: every topic of the Topics map. */
  readonly topics = TOPICS;

  /** How a webhook's deliveries stand (the webhook is one the caller was shown). */
  deliveryFigures(webhookId: number) {
    return store.deliveryFigures(this.db.sql, webhookId);
  }

  create(input: WebhookInput, principal: Principal): Promise<WebhookView> {
    return runCommand(this.db, unkeyed(principal, "createWebhook"), async (tx) => {
      const fields = await this.checked(tx, readWebhook(input, true), principal);
      const row = await store.insertWebhook(tx, fields, principal.id);
      await writeAudit(tx, principal, "Webhook", row.id, "create", auditOf(fields));
      return viewOf(row);
    });
  }

  /** Replaces a webhook's fields; a secret left out stays. NOT_FOUND for one the identity may not manage. */
  update(id: number, input: WebhookInput, principal: Principal): Promise<WebhookView> {
    return runCommand(this.db, unkeyed(principal, "updateWebhook"), async (tx) => {
      const current = await this.manageable(tx, id, principal);
      const fields = await this.checked(tx, readWebhook(input, false), principal);
      const secret = isEmailUrl(fields.url) ? null : (fields.secret ?? current.secret);
      if (secret === null && !isEmailUrl(fields.url)) throw badInput("secret is required for a webhook that POSTs", { field: "secret" });
      const row = await store.updateWebhook(tx, id, { ...fields, secret }, principal.id);
      await writeAudit(tx, principal, "Webhook", id, "update", { ...auditOf(fields), secretChanged: fields.secret !== null });
      return viewOf(row);
    });
  }

  /** Deletes a webhook with its delivery records (its dead letters stay until replayed or discarded). */
  delete(id: number, principal: Principal): Promise<WebhookView> {
    return runCommand(this.db, unkeyed(principal, "deleteWebhook"), async (tx) => {
      const row = await this.manageable(tx, id, principal);
      await store.deleteWebhook(tx, id);
      await writeAudit(tx, principal, "Webhook", id, "delete", auditOf({ ...row }));
      return viewOf(row);
    });
  }

  // --- the delivery queue, for the webhook connector ---

  /** Active webhooks listening to the topic that existed when the event was written. */
  listenersOf(topic: Topic, at: Date) {
    return store.listenersOf(this.db.sql, topic, at);
  }

  /** What an event is about, for the material, buyer and supplier filters (its warehouse is the caller's to add). */
  async factsOf(payload: unknown, warehouseCode: string | null): Promise<EventFacts> {
    const refs = payloadRefs(payload);
    const wanted = refs.materialId !== null || refs.materialCode !== null;
    const [material] = wanted ? await this.areas.materials.buyersOf(refs.materialId === null ? [] : [refs.materialId], refs.materialCode === null ? [] : [refs.materialCode]) : [];
    const supplierCodes = material ? (await this.areas.suppliers.itemsOf([material.id])).map((i) => i.supplierCode) : [];
    return {
      warehouseCode,
      material: material ? { code: material.code, buyer: material.buyer, supplierCodes } : null,
      supplierCode: refs.supplierCode,
    };
  }

  enqueue(event: { id: number; topic: string; body: string; warehouseCode: string | null }, webhookIds: readonly number[]) {
    return store.enqueueDeliveries(this.db.sql, event, webhookIds);
  }

  webhooksWithPending() {
    return store.webhooksWithPending(this.db.sql);
  }

  pendingOf(webhookId: number, limit: number) {
    return store.pendingDeliveries(this.db.sql, webhookId, limit);
  }

  webhook(id: number) {
    return store.webhookById(this.db.sql, id);
  }

  delivery(id: number) {
    return store.deliveryById(this.db.sql, id);
  }

  recordAttempts(deliveryId: number, status: store.DeliveryRow["status"], attempts: number, error: string | null) {
    return store.recordAttempts(this.db.sql, deliveryId, status, attempts, error);
  }

  /**
   * The codes a webhook names, looked up (BAD_USER_INPUT naming the field when unknown), and what the identity
   * may set: FORBIDDEN for a webhook of no buyer or supplier unless an administrator, and for one not
   * filtered to a warehouse of its own when limited to some.
   */
  private async checked(tx: Tx, v: WebhookValues, principal: Principal): Promise<WebhookValues> {
    if (ownedOnly(principal) && v.buyer === null && v.supplierCode === null) {
      throw new DomainError("FORBIDDEN", "only an administrator manages webhooks that belong to no buyer or supplier");
    }
    if (principal.warehouses !== null && v.warehouseCode === null) {
      throw new DomainError("FORBIDDEN", "an identity limited to some warehouses manages only webhooks filtered to one of them (warehouseCode)");
    }
    const warehouseCode = v.warehouseCode === null ? null : (await this.areas.sites.requireWarehouse(tx, v.warehouseCode, "warehouseCode", principal)).code;
    const materialCode = v.materialCode === null ? null : (await this.areas.materials.requireMaterial(tx, v.materialCode, "materialCode")).code;
    const buyer = v.buyer === null ? null : await this.areas.materials.requireBuyer(tx, v.buyer, "buyer");
    const supplierCode = v.supplierCode === null ? null : (await this.areas.suppliers.requireSupplier(tx, v.supplierCode)).code;
    return { ...v, warehouseCode, materialCode, buyer, supplierCode };
  }

  /** The webhook, locked, if the identity may manage it; else NOT_FOUND, as a missing one. */
  private async manageable(tx: Tx, id: number, principal: Principal): Promise<store.WebhookRow> {
    const row = await store.lockWebhook(tx, id, scopeOf(principal));
    if (!row || (ownedOnly(principal) && row.buyer === null && row.supplierCode === null)) throw notFound("Webhook", id);
    return row;
  }
}

/** A webhook as the audit log keeps it: never its secret. */
function auditOf<T extends { secret: string | null }>(fields: T): Record<string, unknown> {
  const { secret: _secret, ...rest } = fields;
  return rest;
}

/** A webhook as shown to clients: its secret only as a prefix. */
export type WebhookView = Omit<store.WebhookRow, "secret"> & { secretPrefix: string | null };

function viewOf(row: store.WebhookRow): WebhookView {
  const { secret, ...rest } = row;
  return { ...rest, secretPrefix: secretPrefix(secret) };
}
