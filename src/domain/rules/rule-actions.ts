import { Role } from "../../auth/roles";
import type { Principal } from "../../auth/principal";
import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import type { HubEvent } from "../../events/topics";
import { lockException, markAssigned, recordAction } from "../exceptions/exception.store";
import { assertNotResolved } from "../exceptions/exception.rules";
import { insertRuleSuggestion } from "../planning/planning.store";
import { releaseToPurchaseOrder } from "../planning/release.service";
import { DomainError, notFound } from "../shared/domain-error";
import { orderTransfer } from "../stock/transfer-supply";
import type { LotQcService } from "../stock/lot-qc";
import { warehousesByCodes } from "../sites/sites.store";
import { Decimal } from "../shared/quantity";
import { reorderQuantity } from "./reorder-quantity";
import { annualDemand, type Subject } from "./rule-facts";
import type { Facts, PlannedAction, QuantityRule, RuleAction } from "./rule.types";

const DAY_MS = 86_400_000;

/** The identity a rule acts as: recorded in audits and ledgers as `rule:<id>`. */
export const ruleActor = (ruleId: number): Principal => ({ id: `rule:${ruleId}`, kind: "apiKey", roles: new Set([Role.ADMIN]), warehouses: null });

export interface FiringContext {
  ruleId: number;
  ruleName: string;
  event: HubEvent;
  subject: Subject;
  facts: Facts;
}

/**
 * Decides each action's inputs from the event and what the hub knows (read only): what a firing does and a
 * dry run reports. Dates follow the event's time, so planning the same event twice gives the same inputs.
 * An action the event cannot serve (no material, no exception…) is a DomainError: the firing fails.
 */
export async function planActions(sql: Sql, actions: readonly RuleAction[], c: FiringContext): Promise<PlannedAction[]> {
  const planned: PlannedAction[] = [];
  for (const a of actions) planned.push(await planOne(sql, a, c));
  return planned;
}

async function planOne(sql: Sql, a: RuleAction, c: FiringContext): Promise<PlannedAction> {
  const p = c.event.payload as unknown as Record<string, unknown>;
  switch (a.type) {
    case "PURCHASE_SUGGESTION":
    case "PURCHASE_REQUISITION":
    case "TRANSFER": {
      const { material: m, warehouse: w } = need(c, a.type);
      const quantity = await quantityFor(sql, a.quantity, c);
      const leadDays = c.subject.supplier?.leadTimeDays ?? c.subject.supplier?.supplierLeadTimeDays ?? m.leadTimeDays;
      const dueDate = isoDay(new Date(c.event.createdAt.getTime() + leadDays * DAY_MS));
      const base = { materialCode: m.code, warehouseCode: w.code, quantity: quantity.toFixed(), policy: a.quantity.policy, skipped: quantity.lte(0) };
      if (a.type === "TRANSFER") return { type: a.type, inputs: { ...base, fromWarehouseCode: a.fromWarehouseCode } };
      if (a.type === "PURCHASE_SUGGESTION") return { type: a.type, inputs: { ...base, dueDate, supplierCode: c.subject.supplier?.supplierCode ?? null, release: a.release } };
      return { type: a.type, inputs: { ...base, requisitionId: `rule-${c.ruleId}-event-${c.event.id}`, neededBy: dueDate, reason: `${c.ruleName} (${c.event.topic} #${c.event.id})` } };
    }
    case "ASSIGN_EXCEPTION":
    case "ESCALATE_EXCEPTION": {
      if (typeof p.exceptionId !== "number") throw new DomainError("INVALID_STATE", `${a.type}: a ${c.event.topic} event names no exception`);
      return { type: a.type, inputs: { exceptionId: p.exceptionId, assignee: a.assignee } };
    }
    case "QUARANTINE_LOT": {
      if (typeof p.lotCode !== "string" || typeof p.materialCode !== "string") throw new DomainError("INVALID_STATE", `QUARANTINE_LOT: a ${c.event.topic} event names no lot`);
      return { type: a.type, inputs: { materialCode: p.materialCode, lotCode: p.lotCode, reason: a.reason } };
    }
    case "START_MRP": {
      if (!c.subject.warehouse) throw new DomainError("INVALID_STATE", `START_MRP: a ${c.event.topic} event names no warehouse`);
      return { type: a.type, inputs: { warehouseCode: c.subject.warehouse.code } };
    }
    case "NOTIFY":
      return { type: a.type, inputs: { message: render(a.message, c.facts), warehouseCode: c.subject.warehouse?.code ?? null, materialCode: c.subject.material?.code ?? null } };
  }
}

function need(c: FiringContext, what: string) {
  const { material, warehouse } = c.subject;
  if (!material || !warehouse) throw new DomainError("INVALID_STATE", `${what}: a ${c.event.topic} event names no material and warehouse`);
  return { material, warehouse };
}

async function quantityFor(sql: Sql, rule: QuantityRule, c: FiringContext): Promise<Decimal> {
  const { material: m, warehouse: w } = need(c, "quantity");
  const s = c.subject.supplier;
  return reorderQuantity(rule, {
    available: c.subject.available ?? "0",
    safetyStock: m.safetyStock,
    precision: c.subject.precision,
    lotSizeMin: m.lotSizeMin,
    lotSizeMultiple: m.lotSizeMultiple,
    supplierMinOrder: s?.minOrderQuantity ?? null,
    supplierMultiple: s?.orderMultiple ?? null,
    unitCost: c.subject.unitCost,
    annualDemand: rule.policy === "EOQ" ? await annualDemand(sql, m.id, w.id, c.event.createdAt) : "0",
  });
}

/** `{material.code}` → the fact's value (unknown facts stay as written). */
function render(template: string, facts: Facts): string {
  return template.replace(/\{([a-zA-Z]+\.[a-zA-Z]+)\}/g, (whole, name: string) => {
    const v = facts[name];
    return v === undefined || v === null ? whole : String(v);
  });
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export interface ActionAreas {
  lots: Pick<LotQcService, "post">;
}

/**
 * Does a planned action inside the firing's transaction. START_MRP is done after the commit by the runner
 * (a run plans in the background); it returns here as to do.
 */
export async function execute(tx: Tx, a: PlannedAction, c: FiringContext, areas: ActionAreas): Promise<void> {
  const i = a.inputs;
  const actor = ruleActor(c.ruleId);
  if (i.skipped === true) return;
  switch (a.type) {
    case "PURCHASE_SUGGESTION": {
      const { material: m, warehouse: w } = need(c, a.type);
      const dueDate = new Date(`${i.dueDate}T00:00:00Z`);
      const id = await insertRuleSuggestion(tx, {
        materialId: m.id, warehouseId: w.id, quantity: String(i.quantity), orderDate: new Date(`${isoDay(c.event.createdAt)}T00:00:00Z`), dueDate,
        supplierCode: (i.supplierCode as string | null) ?? null, ruleId: c.ruleId,
      });
      if (id === undefined) throw new DomainError("INVALID_STATE", `PURCHASE_SUGGESTION: ${w.code} has no current MRP plan to add it to; run MRP first`);
      if (i.release) await releaseToPurchaseOrder(tx, id, actor);
      return;
    }
    case "PURCHASE_REQUISITION":
      await writeEvent(tx, "purchase.requisitioned", {
        requisitionId: String(i.requisitionId), materialCode: String(i.materialCode), warehouseCode: String(i.warehouseCode), quantity: String(i.quantity),
        neededBy: String(i.neededBy), reason: String(i.reason), ruleId: c.ruleId, sourceEventId: c.event.id,
      });
      return;
    case "TRANSFER": {
      const { material: m, warehouse: to } = need(c, a.type);
      const [from] = await warehousesByCodes(tx, [String(i.fromWarehouseCode)]);
      if (!from) throw notFound("Warehouse", String(i.fromWarehouseCode));
      await orderTransfer(tx, { materialId: m.id, fromWarehouseId: from.id, toWarehouseId: to.id, quantity: new Decimal(String(i.quantity)), reason: `rule ${c.ruleName}`, dueDate: null, createdBy: actor.id });
      return;
    }
    case "ASSIGN_EXCEPTION":
    case "ESCALATE_EXCEPTION": {
      const id = Number(i.exceptionId);
      const e = await lockException(tx, id);
      if (!e) throw notFound("Exception", id);
      assertNotResolved(e);
      await markAssigned(tx, id, String(i.assignee));
      await recordAction(tx, id, { action: a.type === "ASSIGN_EXCEPTION" ? "ASSIGNED" : "ESCALATED", actor: actor.id, details: { assignee: i.assignee, previous: e.assignee, rule: c.ruleName } });
      return;
    }
    case "QUARANTINE_LOT":
      await areas.lots.post(tx, "HOLD", { materialCode: String(i.materialCode), lotCode: String(i.lotCode), reason: String(i.reason) }, actor);
      return;
    case "START_MRP":
      return;
    case "NOTIFY":
      await writeEvent(tx, "rule.notified", {
        ruleId: c.ruleId, ruleName: c.ruleName, eventId: c.event.id, topic: c.event.topic, message: String(i.message), warehouseCode: (i.warehouseCode as string | null) ?? null,
        materialCode: (i.materialCode as string | null) ?? null,
      });
      return;
  }
}
