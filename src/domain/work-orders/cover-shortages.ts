import type { Tx } from "../../db/transaction";
import { substitutesValidNow } from "../bom/bom.store";
import { latestOpenOfWorkOrder, link, linksOf, markResolved, mergeDetails, raise, recordAction } from "../exceptions/exception.store";
import { openPurchaseOrderOf } from "../purchasing/purchase-order.store";
import { Decimal } from "../shared/quantity";
import { orderSources, policiesFor, policyFor, transitDaysTo, type ShortagePolicy } from "../shortages";
import { warehousesByIds } from "../sites/sites.store";
import * as stock from "../stock";
import { describeShortages, recordShortage, shortageMessage, suggestionsOf, type ShortageSuggestion } from "./shortage";
import { changeStatus } from "./work-order-changed";
import * as store from "./work-order.store";

/**
 * What a work order does when it cannot reserve a component: it follows the shortage policy of the component
 * in its warehouse (src/domain/shortages), inside the caller's transaction.
 * - SUGGEST_ONLY for every short component: as always — nothing is reserved unless all of it can be, and a
 *   SHORTAGE exception records the shortages with suggestions.
 * - AUTO for some: the order holds what the warehouse has, then for each AUTO component (1) reserves a valid
 *   substitute (priority order, ratio, validity; the whole remaining quantity) and records the substitution,
 *   (2) else orders transfers from warehouses with free stock (policy order; the receipt reserves it for the
 *   waiting orders, see reserveOnArrival), (3) leaves the rest to purchasing: an expedite request when a
 *   purchase order is open, else a purchase suggestion. Every step is an action on the order's SHORTAGE
 *   exception, with links to what it made or used; the exception is resolved once nothing is short.
 */

export type OrderInHand = Pick<store.LockedWorkOrder, "id" | "number" | "materialId" | "warehouseId" | "warehouseCode" | "status" | "dueDate">;

const ZERO = new Decimal(0);

/** The policies of the short components in a warehouse, and whether any of them acts. */
export async function policiesOfShortages(tx: Tx, warehouseId: number, shortages: readonly stock.Shortage[]) {
  if (shortages.length === 0) return { policies: new Map<number, ShortagePolicy>(), acts: false };
  const configured = await policiesFor(tx, shortages.map((s) => s.materialId), warehouseId);
  const policies = new Map(shortages.map((s) => [s.materialId, policyFor(configured, s.materialId, warehouseId)]));
  return { policies, acts: [...policies.values()].some((p) => p.mode === "AUTO") };
}

/**
 * Reserves what an order still needs (required − reserved − issued) and follows the policy for what stays
 * short. The order ends RELEASED when nothing is short (unless running), SHORT otherwise; returns that status.
 * `into`: the SHORTAGE exception that made it look again (a short pick): the policy's steps and the shortages
 * are recorded on it rather than on a new one, and `covered` is the note it is resolved with when nothing is short.
 */
export async function coverOpenNeeds(tx: Tx, wo: OrderInHand, actor: string, into?: { exceptionId: number; covered: string }): Promise<string> {
  const needs = await store.openNeeds(tx, wo.id);
  const plan = await stock.planReservation(tx, wo.warehouseId, needs.map((n) => ({ ...n, quantity: new Decimal(n.open) })));
  if (plan.shortages.length === 0) {
    await stock.reserve(tx, wo.id, wo.warehouseId, plan.takes);
    await store.markReserved(tx, wo.id);
    return settle(tx, wo, true, into?.covered ?? "the work order no longer needs it");
  }
  const { policies, acts } = await policiesOfShortages(tx, wo.warehouseId, plan.shortages);
  if (acts) return actOnShortages(tx, wo, plan, policies, actor, into?.exceptionId);
  await store.setShortQuantities(tx, wo.id, plan.shortages.map((s) => ({ materialId: s.materialId, short: s.short.toFixed(6) })));
  if (into) await mergeDetails(tx, into.exceptionId, { policy: "SUGGEST_ONLY", shortages: describeShortages(plan.shortages), suggestions: await suggestionsOf(tx, wo, plan.shortages) });
  else await recordShortage(tx, wo, plan.shortages);
  return settle(tx, wo, false);
}

/** The AUTO path (see above) for an order whose plan has shortages, recorded on `exceptionId` if given; returns the order's status. */
export async function actOnShortages(
  tx: Tx, wo: OrderInHand, plan: stock.ReservationPlan, policies: ReadonlyMap<number, ShortagePolicy>, actor: string, exceptionId?: number,
): Promise<string> {
  await stock.reserve(tx, wo.id, wo.warehouseId, plan.takes);
  await store.addReserved(tx, wo.id, plan.takes.map((t) => ({ materialId: t.need.materialId, quantity: t.quantity.toFixed(6) })));
  const step: Step = { tx, wo, actor, exceptionId: exceptionId ?? (await shortageException(tx, wo, plan.shortages)) };
  // transfers the policy ordered for this shortage before (run again: reserveWorkOrder, a lost lot) are awaited, not ordered twice
  const ordered = (await linksOf(tx, [step.exceptionId])).filter((l) => l.kind === "TRANSFER_ORDER").map((l) => l.targetId);
  const coming = await stock.stillComing(tx, ordered);
  const stillShort: stock.Shortage[] = [];
  const suggestOnly: stock.Shortage[] = [];
  const toBuy: ShortageSuggestion[] = [];
  for (const s of plan.shortages) {
    const p = policies.get(s.materialId)!;
    if (p.mode !== "AUTO") {
      suggestOnly.push(s);
      stillShort.push(s);
      continue;
    }
    const short = p.useSubstitutes ? await substitute(step, s) : s.short;
    if (short.lte(0)) continue;
    const awaited = Decimal.min(short, coming.get(s.materialId) ?? ZERO);
    const incoming = p.useTransfers && short.gt(awaited) ? awaited.plus(await transfer(step, p, s, short.minus(awaited))) : awaited;
    if (short.gt(incoming) && p.usePurchase) toBuy.push(await purchase(step, s, short.minus(incoming)));
    stillShort.push({ ...s, available: s.required.minus(short), short });
  }
  await store.setShortQuantities(tx, wo.id, stillShort.map((s) => ({ materialId: s.materialId, short: s.short.toFixed(6) })));
  const suggestions = [...(await suggestionsOf(tx, wo, suggestOnly)), ...toBuy];
  await mergeDetails(tx, step.exceptionId, { policy: "AUTO", shortages: describeShortages(stillShort), suggestions });
  return settle(tx, wo, stillShort.length === 0, "covered by the shortage policy");
}

interface Step { tx: Tx; wo: OrderInHand; actor: string; exceptionId: number }

/** The order's open SHORTAGE exception, or a new one: the policy's steps are recorded on it. */
async function shortageException(tx: Tx, wo: OrderInHand, shortages: readonly stock.Shortage[]): Promise<number> {
  const open = await latestOpenOfWorkOrder(tx, wo.id, "SHORTAGE");
  if (open) return open.id;
  return raise(tx, {
    type: "SHORTAGE", message: shortageMessage(wo, shortages), details: { workOrder: wo.number, shortages: describeShortages(shortages), suggestions: [] },
    materialId: wo.materialId, warehouseId: wo.warehouseId, workOrderId: wo.id,
  });
}

/** (1) The first valid substitute (by priority) free in the warehouse for all that is short × its ratio; returns what stays short. */
async function substitute({ tx, wo, actor, exceptionId }: Step, s: stock.Shortage): Promise<Decimal> {
  const substitutes = await substitutesValidNow(tx, [s.materialId], wo.materialId);
  for (const x of substitutes) {
    const ratio = new Decimal(x.ratio);
    const quantity = s.short.mul(ratio).toDecimalPlaces(x.precision, Decimal.ROUND_UP);
    const plan = await stock.planReservation(tx, wo.warehouseId, [{ materialId: x.substituteId, code: x.substituteCode, quantity, hasSafetyStock: x.hasSafetyStock }]);
    if (plan.shortages.length > 0) continue;
    await stock.reserve(tx, wo.id, wo.warehouseId, plan.takes);
    await store.substitute(tx, wo.id, {
      componentId: s.materialId, substituteId: x.substituteId, quantity: s.short.toFixed(6), substituteQuantity: quantity.toFixed(6), ratio: ratio.toFixed(6), exceptionId, createdBy: actor,
    });
    await recordAction(tx, exceptionId, {
      action: "SUBSTITUTE_RESERVED", actor,
      details: { component: s.code, substitute: x.substituteCode, quantity: s.short.toString(), substituteQuantity: quantity.toString(), ratio: ratio.toString() },
    });
    await link(tx, exceptionId, [{ kind: "MATERIAL", targetId: x.substituteId, ref: x.substituteCode }]);
    return ZERO;
  }
  await recordAction(tx, exceptionId, {
    action: "SUBSTITUTE_RESERVED", actor, result: "FAILED",
    details: { component: s.code, quantity: s.short.toString(), tried: substitutes.map((x) => x.substituteCode), reason: substitutes.length ? "no substitute is free for all of it" : "no valid substitute" },
  });
  return s.short;
}

/**
 * (2) Transfers of what is short from the warehouses the policy allows, in its order, each for what it can
 * still send (its free stock is locked meanwhile, less open transfers' unshipped quantities); returns the
 * quantity on its way.
 */
async function transfer({ tx, wo, actor, exceptionId }: Step, p: ShortagePolicy, s: stock.Shortage, short: Decimal): Promise<Decimal> {
  const free = (await stock.usableFreeByWarehouse(tx, [s.materialId])).filter((f) => f.warehouseId !== wo.warehouseId);
  const active = new Map((await warehousesByIds(tx, free.map((f) => f.warehouseId))).map((w) => [w.id, w.active]));
  const lanes = p.sourceSelection === "NEAREST" ? await transitDaysTo(tx, wo.warehouseId) : new Map<number, number>();
  const sources = orderSources(p, wo.warehouseId, free.map((f) => ({ warehouseId: f.warehouseId, code: f.warehouseCode, active: active.get(f.warehouseId) === true })), lanes);
  const sendable = await stock.transferableFrom(tx, s.materialId, sources.map((c) => c.warehouseId));
  let left = short;
  for (const source of sources) {
    const quantity = Decimal.min(left, sendable.get(source.warehouseId) ?? ZERO);
    if (quantity.lte(0)) continue;
    const t = await stock.orderTransfer(tx, {
      materialId: s.materialId, fromWarehouseId: source.warehouseId, toWarehouseId: wo.warehouseId, quantity, reason: `shortage of work order ${wo.number}`,
      dueDate: wo.dueDate, createdBy: actor,
    });
    await recordAction(tx, exceptionId, { action: "TRANSFER_ORDERED", actor, details: { component: s.code, from: source.code, quantity: quantity.toString(), transferOrder: t.number } });
    await link(tx, exceptionId, [{ kind: "TRANSFER_ORDER", targetId: t.id, ref: t.number }]);
    left = left.minus(quantity);
    if (left.lte(0)) break;
  }
  if (left.eq(short)) {
    await recordAction(tx, exceptionId, { action: "TRANSFER_ORDERED", actor, result: "FAILED", details: { component: s.code, quantity: short.toString(), reason: "no warehouse the policy allows has stock to send" } });
  }
  return short.minus(left);
}

/** (3) What neither covers: an expedite request when a purchase order is open for the warehouse, else a purchase suggestion. */
async function purchase({ tx, wo, actor, exceptionId }: Step, s: stock.Shortage, quantity: Decimal): Promise<ShortageSuggestion> {
  const needBy = wo.dueDate?.toISOString().slice(0, 10) ?? null;
  const base = { component: s.code, materialCode: s.code, warehouseCode: wo.warehouseCode, quantity: quantity.toString() };
  const po = await openPurchaseOrderOf(tx, s.materialId, wo.warehouseId);
  if (po) {
    await recordAction(tx, exceptionId, {
      action: "EXPEDITE_REQUESTED", actor,
      details: { component: s.code, quantity: quantity.toString(), needBy, purchaseOrder: po.number, dueDate: po.dueDate.toISOString().slice(0, 10), open: new Decimal(po.open).toString() },
    });
    await link(tx, exceptionId, [{ kind: "PURCHASE_ORDER", targetId: po.id, ref: po.number }]);
    return { ...base, kind: "EXPEDITE", purchaseOrderNumber: po.number };
  }
  await recordAction(tx, exceptionId, { action: "PURCHASE_SUGGESTED", actor, details: { component: s.code, quantity: quantity.toString(), needBy } });
  return { ...base, kind: "PURCHASE" };
}

/**
 * The order's status once its components are (`covered`) or are not all reserved: a SHORT order is RELEASED
 * (its SHORTAGE exceptions resolved with `note`), a RELEASED one SHORT; a running one stays running.
 */
export async function settle(tx: Tx, wo: OrderInHand, covered: boolean, note?: string): Promise<string> {
  const next = covered ? (wo.status === "SHORT" ? "RELEASED" : wo.status) : wo.status === "RELEASED" ? "SHORT" : wo.status;
  if (next !== wo.status) await changeStatus(tx, wo.id, next);
  if (covered) await resolveShortages(tx, wo.id, note ?? "covered");
  return next;
}

/** Resolves the order's open SHORTAGE exceptions, each with its action. */
async function resolveShortages(tx: Tx, workOrderId: number, note: string): Promise<void> {
  for (let open = await latestOpenOfWorkOrder(tx, workOrderId, "SHORTAGE"); open; open = await latestOpenOfWorkOrder(tx, workOrderId, "SHORTAGE")) {
    await markResolved(tx, open.id, "system", note);
    await recordAction(tx, open.id, { action: "RESOLVED", actor: "system", details: { note } });
  }
}
