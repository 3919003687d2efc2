import { DomainError } from "../shared/domain-error";

/** The work-orders area's refusals: INVALID_STATE of an order or operation, OVER_ISSUE, OVER_COMPLETION. */

export const orderInState = (wo: { number: string; status: string }, action: string, allowed: readonly string[]) =>
  new DomainError("INVALID_STATE", `cannot ${action} work order ${wo.number}: it is ${wo.status}`, { status: wo.status, allowed });

/** An operation that cannot start or complete now; `details` name its status or the one before it. */
export const operationInState = (message: string, details: Record<string, unknown>) => new DomainError("INVALID_STATE", message, details);

export const overIssue = (message: string, limit: { requested: string; issued: string; allowed: string }) => new DomainError("OVER_ISSUE", message, limit);

export const overCompletion = (message: string, limit: { allowed: string; requested: string }) => new DomainError("OVER_COMPLETION", message, limit);

/** An operation stopped by an open equipment failure cannot start or complete until the repair is reported. */
export const operationBlocked = (sequence: number, failureId: number) =>
  new DomainError("OPERATION_BLOCKED", `operation ${sequence} is blocked by equipment failure ${failureId} until its repair is reported`, {
    sequence, equipmentFailureId: failureId,
  });
