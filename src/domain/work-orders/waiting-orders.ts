import type { Tx } from "../../db/transaction";
import { latestOpenOfWorkOrder, link, recordAction } from "../exceptions/exception.store";
import { Decimal } from "../shared/quantity";
import { policiesFor, policyFor } from "../shortages";
import * as stock from "../stock";
import { coverOpenNeeds, settle } from "./cover-shortages";
import * as store from "./work-order.store";

/**
 * Stock arrived in a warehouse (a transfer's receipt): where the material's shortage policy there is AUTO,
 * the orders waiting for it reserve what they still need, first needed first (due date, then id), each
 * recorded on its SHORTAGE exception, which is resolved once the order has everything.
 */
export async function reserveOnArrival(tx: Tx, arrival: stock.StockArrival, actor: string): Promise<void> {
  const policy = policyFor(await policiesFor(tx, [arrival.materialId], arrival.warehouseId), arrival.materialId, arrival.warehouseId);
  if (policy.mode !== "AUTO") return;
  for (const wo of await store.lockOrdersNeeding(tx, arrival.warehouseId, arrival.materialId)) {
    const needs = (await store.openNeeds(tx, wo.id)).map((n) => ({ ...n, quantity: new Decimal(n.open) }));
    const plan = await stock.planReservation(tx, wo.warehouseId, needs);
    if (plan.takes.length === 0) continue;
    await stock.reserve(tx, wo.id, wo.warehouseId, plan.takes);
    await store.addReserved(tx, wo.id, plan.takes.map((t) => ({ materialId: t.need.materialId, quantity: t.quantity.toFixed(6) })));
    await store.setShortQuantities(tx, wo.id, plan.shortages.map((s) => ({ materialId: s.materialId, short: s.short.toFixed(6) })));
    const open = await latestOpenOfWorkOrder(tx, wo.id, "SHORTAGE");
    if (open) {
      const reserved = new Map<string, Decimal>();
      for (const t of plan.takes) reserved.set(t.need.code, (reserved.get(t.need.code) ?? new Decimal(0)).plus(t.quantity));
      await recordAction(tx, open.id, {
        action: "RESERVED_ON_ARRIVAL", actor,
        details: { transferOrder: arrival.transferOrder.number, reserved: [...reserved].map(([material, q]) => ({ material, quantity: q.toString() })) },
      });
      await link(tx, open.id, [{ kind: "TRANSFER_ORDER", targetId: arrival.transferOrder.id, ref: arrival.transferOrder.number }]);
    }
    await settle(tx, wo, plan.shortages.length === 0, `reserved on the arrival of ${arrival.transferOrder.number}`);
  }
}

const OPEN = ["RELEASED", "SHORT", "IN_PROGRESS"];

/**
 * A lot the orders held became unusable (stock.LotLoss): their lines lose what was reserved on it, they are
 * linked to the rejection's QUALITY exception of their warehouse (with what they lost and where they stand
 * now), and each open order follows its shortage policy again (coverOpenNeeds). Returns their ids.
 */
export async function afterLotLoss(tx: Tx, loss: stock.LotLoss, actor: string): Promise<number[]> {
  const ids = [...new Set(loss.released.map((r) => r.workOrderId))].sort((a, b) => a - b);
  const orders: store.LockedWorkOrder[] = [];
  for (const id of ids) orders.push((await store.lockWorkOrderRow(tx, { id }))!);
  for (const wo of orders) {
    const lost = loss.released.filter((r) => r.workOrderId === wo.id);
    for (const r of lost) {
      if (OPEN.includes(wo.status)) await store.shiftToShort(tx, wo.id, r.materialId, r.quantity);
      else await store.addReserved(tx, wo.id, [{ materialId: r.materialId, quantity: new Decimal(r.quantity).neg().toFixed(6) }]);
    }
    const status = OPEN.includes(wo.status) ? await coverOpenNeeds(tx, wo, actor) : wo.status;
    const quality = loss.qualityExceptions.get(wo.warehouseId);
    if (quality === undefined) continue;
    const codes = new Map((await store.openNeeds(tx, wo.id)).map((n) => [n.materialId, n.code]));
    await link(tx, quality, [{ kind: "WORK_ORDER", targetId: wo.id, ref: wo.number }]);
    await recordAction(tx, quality, {
      action: "RESERVATIONS_RELEASED", actor,
      details: { workOrder: wo.number, lot: loss.lot.code, released: lost.map((r) => ({ material: codes.get(r.materialId), quantity: new Decimal(r.quantity).toString() })), status },
    });
  }
  return ids;
}
