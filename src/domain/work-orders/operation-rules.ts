import { operationBlocked, operationInState, overCompletion } from "./work-order.errors";
import { Decimal } from "../shared/quantity";

/** An operation of a locked work order, with the one before it in sequence (null for the first). */
export interface OperationState {
  id: number;
  sequence: number;
  status: string;
  allowOverlap: boolean;
  lastSequence: number;
  previous: { sequence: number; status: string; goodQuantity: Decimal } | null;
  /** the open equipment failure that stops it, if any */
  blockedByFailureId?: number | null;
}

const previousDetails = (p: NonNullable<OperationState["previous"]>) => ({ previousSequence: p.sequence, previousStatus: p.status });

/** An operation an open equipment failure stops neither starts nor completes until the repair is reported. */
function assertNotBlocked(op: OperationState): void {
  if (op.blockedByFailureId == null) return;
  throw operationBlocked(op.sequence, op.blockedByFailureId);
}

/**
 * Operations run in sequence: one starts once the previous one is completed or, when it allows overlap,
 * once the previous one has started.
 */
export function assertMayStart(op: OperationState): void {
  if (op.status !== "PENDING") throw operationInState(`operation ${op.sequence} is ${op.status}`, { status: op.status });
  assertNotBlocked(op);
  const p = op.previous;
  if (p && p.status !== "COMPLETED" && !(op.allowOverlap && p.status === "STARTED")) {
    const needed = op.allowOverlap ? "has started" : "is completed";
    throw operationInState(`operation ${op.sequence} may start only when operation ${p.sequence} ${needed}`, previousDetails(p));
  }
}

/** An operation is completed once, after it was started and after the previous one was completed. */
export function assertMayComplete(op: OperationState): void {
  if (op.status !== "STARTED") {
    const why = op.status === "COMPLETED" ? "is already completed" : "has not been started";
    throw operationInState(`operation ${op.sequence} ${why}`, { status: op.status });
  }
  assertNotBlocked(op);
  const p = op.previous;
  if (p && p.status !== "COMPLETED") {
    throw operationInState(`operation ${op.sequence} may complete only after operation ${p.sequence}`, previousDetails(p));
  }
}

/**
 * An operation processes at most what reached it: the good quantity of the previous operation, or for the
 * first one the order's quantity plus `tolerancePct` percent. Good + scrap beyond that is OVER_COMPLETION.
 */
export function assertWithinCompletionLimit(op: OperationState, done: Decimal, orderQuantity: Decimal, tolerancePct: number): void {
  const allowed = op.previous ? op.previous.goodQuantity : orderQuantity.mul(100 + tolerancePct).div(100);
  if (done.gt(allowed)) {
    throw overCompletion(`operation ${op.sequence} may report at most ${allowed} good and scrapped, not ${done}`, {
      allowed: allowed.toString(), requested: done.toString(),
    });
  }
}

/**
 * What a backflush takes of a component: its share of what was made (`target`), but no more than the order
 * may still use after what was issued by hand (`allowed`: required + over-issue tolerance, raised to the
 * share when more than ordered was made).
 */
export function backflushTake(target: Decimal, allowed: Decimal, issued: Decimal): Decimal {
  return Decimal.min(target, Decimal.max(Decimal.max(allowed, target).minus(issued), 0));
}
