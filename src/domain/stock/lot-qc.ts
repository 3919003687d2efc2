import type { Principal } from "../../auth/principal";
import { assertVisible, canSee } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { raise } from "../exceptions/exception.store";
import { runCommand } from "../idempotency/command";
import { writeAudit } from "../security/audit";
import { DomainError, notFound } from "../shared/domain-error";
import { FieldChecks, validValue } from "../shared/field-errors";
import { namedIn, type Named } from "../shared/ref";
import { lockLot, setQcStatus, warehousesHoldingLot, type LockedLot } from "./lot.store";
import { releaseLotReservations, type ReleasedReservation } from "./reservation.store";
import type { LotLoss, OrderAreas, StockPolicy } from "./stock.service";
import * as refs from "./stock-refs";

/**
 * Lot QC: hold a lot in QUARANTINE, release it, or reject it, with a reason; audited and evented
 * (`lot.qcChanged`). A quarantined or rejected lot is not usable stock (usable-stock.store.ts): the
 * reservations work orders held on it are released and the work-orders area takes over (OrderAreas:
 * their shortage policy runs again). A rejection raises a QUALITY exception in each warehouse concerned.
 */

export type LotQcAction = "HOLD" | "RELEASE" | "REJECT";
export type LotQcInput = Named<"material"> & { lotCode: string; reason: string };
export interface LotQcResult { lotId: number; previousStatus: string; workOrderIds: number[]; exceptionIds: number[] }

const TRANSITIONS: Record<LotQcAction, { to: string; from: readonly string[]; verb: string }> = {
  HOLD: { to: "QUARANTINE", from: ["RELEASED"], verb: "held" },
  RELEASE: { to: "RELEASED", from: ["QUARANTINE"], verb: "released" },
  REJECT: { to: "REJECTED", from: ["RELEASED", "QUARANTINE"], verb: "rejected" },
};

export class LotQcService {
  constructor(
    private readonly db: Database,
    private readonly policy: StockPolicy,
    private readonly orders: Pick<OrderAreas, "workOrders">,
  ) {}

  change(action: LotQcAction, input: LotQcInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: `${action.toLowerCase()}Lot`, idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, (tx) =>
      this.post(tx, action, input, principal),
    );
  }

  /** The change inside the caller's transaction (a QC scan). */
  async post(tx: Tx, action: LotQcAction, input: LotQcInput, principal: Principal): Promise<LotQcResult> {
    const reason = readReason(input.reason);
    const material = await refs.material(tx, namedIn("Material", input, "material"));
    const lot = await lockLot(tx, material.id, (input.lotCode ?? "").trim());
    if (!lot) throw notFound("Lot", input.lotCode, material.code);
    assertVisible(principal, lot.producerWarehouseCode, "Lot", input.lotCode);
    // the status holds wherever the lot's stock lies: all of it must be within the identity's warehouses
    const holding = await warehousesHoldingLot(tx, lot.id);
    if (holding.some((w) => !canSee(principal, w.code))) {
      throw new DomainError("FORBIDDEN", `lot ${lot.code} of ${material.code} has stock in a warehouse you may not use`);
    }
    const t = TRANSITIONS[action];
    if (!t.from.includes(lot.qcStatus)) {
      throw new DomainError("INVALID_STATE", `lot ${lot.code} of ${material.code} is ${lot.qcStatus}: it cannot be ${t.verb}`, { status: lot.qcStatus, allowed: t.from });
    }
    await setQcStatus(tx, lot.id, t.to);
    await writeAudit(tx, principal, "Lot", `${material.code}/${lot.code}`, action.toLowerCase(), { from: lot.qcStatus, to: t.to, reason });
    await writeEvent(tx, "lot.qcChanged", {
      lotId: lot.id, lotCode: lot.code, materialId: material.id, materialCode: material.code, from: lot.qcStatus, to: t.to, reason,
      actor: principal.id, warehouseCode: lot.producerWarehouseCode,
    });
    if (t.to === "RELEASED") return { lotId: lot.id, previousStatus: lot.qcStatus, workOrderIds: [], exceptionIds: [] };

    const released = await releaseLotReservations(tx, lot.id);
    const qualityExceptions = action === "REJECT" ? await raiseQuality(tx, lot, material.code, reason, holding, released) : new Map<number, number>();
    const loss: LotLoss = { lot: { id: lot.id, code: lot.code, materialCode: material.code, qcStatus: t.to }, released, qualityExceptions };
    const workOrderIds = released.length ? await this.orders.workOrders.reservationsLost(tx, loss, principal) : [];
    return { lotId: lot.id, previousStatus: lot.qcStatus, workOrderIds, exceptionIds: [...qualityExceptions.values()] };
  }
}

function readReason(reason: string | null | undefined): string {
  const c = new FieldChecks();
  return validValue({ value: c.text(reason, "reason", 500), errors: c.errors })!;
}

/**
 * A QUALITY exception per warehouse where the rejected lot lies or whose orders had reserved it (each seen
 * only there; the orders are linked by the work-orders area), else one of the warehouse that made it (or of none).
 * Returns them by warehouse id (0: of no warehouse).
 */
async function raiseQuality(tx: Tx, lot: LockedLot, materialCode: string, reason: string, holding: readonly { id: number }[], released: readonly ReleasedReservation[]) {
  const concerned = [...new Set([...holding.map((w) => w.id), ...released.map((r) => r.warehouseId)])];
  const raised = new Map<number, number>();
  for (const warehouseId of concerned.length ? concerned : [lot.producerWarehouseId ?? 0]) {
    const id = await raise(tx, {
      type: "QUALITY", severity: "CRITICAL", message: `lot ${lot.code} of ${materialCode} rejected: ${reason}`,
      details: { lot: lot.code, material: materialCode, reason }, materialId: lot.materialId, warehouseId: warehouseId || undefined,
      cause: "QUALITY_DEFECT", causeText: reason, links: [{ kind: "LOT", targetId: lot.id, ref: `${materialCode}/${lot.code}` }],
    });
    raised.set(warehouseId, id);
  }
  return raised;
}
