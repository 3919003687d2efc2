import type { Principal } from "../../auth/principal";
import { assertVisible } from "../../auth/warehouse-scope";
import { notFound } from "../shared/domain-error";
import { keyOf, type Ref } from "../shared/ref";
import type { Tx } from "../../db/transaction";
import { orderInState } from "./work-order.errors";
import { lockWorkOrderRow, type LockedWorkOrder } from "./work-order.store";

export type { LockedWorkOrder };

/** Locks a work order row (named by id or number): every command on one order runs one at a time. Another warehouse's order is NOT_FOUND. */
export async function lockWorkOrder(tx: Tx, ref: Ref, principal: Principal): Promise<LockedWorkOrder> {
  const wo = await lockWorkOrderRow(tx, "id" in ref ? ref : { code: ref.code.toUpperCase() });
  if (!wo) throw notFound("WorkOrder", keyOf(ref));
  assertVisible(principal, wo.warehouseCode, "WorkOrder", keyOf(ref));
  return wo;
}

export function assertStatus(wo: LockedWorkOrder, allowed: readonly string[], action: string): void {
  if (!allowed.includes(wo.status)) throw orderInState(wo, action, allowed);
}
