import type { Principal } from "../../auth/principal";
import { assertVisible } from "../../auth/warehouse-scope";
import { DomainError, notFound } from "../shared/domain-error";
import { keyOf, type Ref } from "../shared/ref";
import type { Tx } from "../../db/transaction";

export interface LockedWorkOrder {
  id: number;
  number: string;
  materialId: number;
  materialCode: string;
  warehouseId: number;
  warehouseCode: string;
  quantity: string;
  status: string;
}

/** Locks a work order row (named by id or number): every command on one order runs one at a time. Another warehouse's order is NOT_FOUND. */
export async function lockWorkOrder(tx: Tx, ref: Ref, principal: Principal): Promise<LockedWorkOrder> {
  const [wo] = await tx.query<LockedWorkOrder>(
    `SELECT o.id, o.number, o.material_id AS "materialId", m.code AS "materialCode", o.warehouse_id AS "warehouseId",
            w.code AS "warehouseCode", o.quantity::text AS quantity, o.status::text AS status
       FROM work_order o JOIN material m ON m.id = o.material_id JOIN warehouse w ON w.id = o.warehouse_id
      WHERE ${"id" in ref ? "o.id" : "o.number"} = $1 FOR UPDATE OF o`,
    ["id" in ref ? ref.id : ref.code.toUpperCase()],
  );
  if (!wo) throw notFound("WorkOrder", keyOf(ref));
  assertVisible(principal, wo.warehouseCode, "WorkOrder", keyOf(ref));
  return wo;
}

export function assertStatus(wo: LockedWorkOrder, allowed: readonly string[], action: string): void {
  if (!allowed.includes(wo.status)) {
    throw new DomainError("INVALID_STATE", `cannot ${action} work order ${wo.number}: it is ${wo.status}`, { status: wo.status, allowed });
  }
}
