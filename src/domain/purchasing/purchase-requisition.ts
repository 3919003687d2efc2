import { randomUUID } from "node:crypto";
import type { Principal } from "../../auth/principal";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { writeAudit } from "../security/audit";
import { badInput } from "../shared/domain-error";
import { namedIn, type Named } from "../shared/ref";
import * as stock from "../stock";

export type RequisitionInput = Named<"material"> & Named<"warehouse"> & { quantity: string; neededBy: Date; reason: string };

const REASON_MAX = 500;

/**
 * A planner asks the ERP's purchasing for a requisition by hand: the same `purchase.requisitioned` event a
 * low-stock rule writes, with a requisition id of its own ("manual-<uuid>") that the ERP books it under.
 */
export async function requestRequisition(tx: Tx, input: RequisitionInput, principal: Principal): Promise<{ requisitionId: string }> {
  const m = await stock.material(tx, namedIn("Material", input, "material"));
  const w = await stock.warehouse(tx, namedIn("Warehouse", input, "warehouse"), principal);
  const quantity = stock.quantityOf(m, input.quantity);
  if (Number.isNaN(input.neededBy.getTime())) throw badInput("neededBy is not a date", { field: "neededBy" });
  const reason = input.reason.trim();
  if (reason === "" || reason.length > REASON_MAX) throw badInput(`reason must be 1 to ${REASON_MAX} characters`, { field: "reason" });
  const requisitionId = `manual-${randomUUID()}`;
  const event = { requisitionId, materialCode: m.code, warehouseCode: w.code, quantity: quantity.toFixed(), neededBy: input.neededBy.toISOString().slice(0, 10), reason, ruleId: null, sourceEventId: null };
  await writeEvent(tx, "purchase.requisitioned", event);
  await writeAudit(tx, principal, "PurchaseRequisition", requisitionId, "request", event);
  return { requisitionId };
}
