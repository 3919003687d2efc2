/**
 * Expected business outcomes. Each carries a stable code that clients can switch on; the GraphQL layer
 * maps it to `extensions.code` (see src/schema/format-error.ts). Anything that is not a DomainError is
 * an unexpected failure: logged, and hidden from clients.
 */
export type DomainErrorCode =
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "BOM_CYCLE"
  | "INSUFFICIENT_STOCK"
  | "OVER_ISSUE"
  | "OVER_RECEIPT"
  | "OVER_COMPLETION"
  | "LOT_REQUIRED"
  | "LOT_NOT_RELEASED"
  | "INVALID_STATE"
  | "OPERATION_BLOCKED"
  /** a stock movement at a location a count session is counting */
  | "LOCATION_BEING_COUNTED"
  /** a count (scan) at a location no count session is counting */
  | "NO_COUNT_SESSION"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "LIMIT_EXCEEDED"
  | "RATE_LIMITED"
  | "PERSISTED_QUERY_NOT_FOUND"
  | "PERSISTED_QUERY_NOT_SUPPORTED"
  | "TRUSTED_DOCUMENT_REQUIRED";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const badInput = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError("BAD_USER_INPUT", message, details);

/** What a NOT_FOUND's `entity` says: one spelling per type, the GraphQL type's name. */
export type Entity =
  | "Material"
  | "Warehouse"
  | "Location"
  | "Lot"
  | "WorkOrder"
  | "PurchaseOrder"
  | "TransferOrder"
  | "MpsLine"
  | "MrpRun"
  | "ForecastRun"
  | "PlannedOrder"
  | "PurchaseSuggestion"
  | "PlannedTransfer"
  | "Exception"
  | "Alarm"
  | "Device"
  | "DeadLetter"
  | "ApiKey"
  | "UnitOfMeasure"
  | "MaterialUnit"
  | "Supplier"
  | "Substitute"
  | "WorkCenter"
  | "EquipmentFailure"
  | "ShortagePolicy"
  | "TransitLane"
  | "CountSession"
  | "PickList"
  | "Webhook"
  | "Rule";

/** `key` is the id or code the caller gave; `within` the code of what it was looked for in (a location's warehouse…). */
export const notFound = (entity: Entity, key: string | number, within?: string) =>
  new DomainError("NOT_FOUND", `${entity} ${JSON.stringify(String(key))} does not exist${within ? ` in ${within}` : ""}`, {
    entity,
    key: String(key),
    ...(within ? { within } : {}),
  });

export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError("CONFLICT", message, details);

/** A request that ran past REQUEST_TIMEOUT_MS (`ms`). */
export const timedOut = (ms: number) => new DomainError("LIMIT_EXCEEDED", `request took longer than ${ms} ms`, { limit: "requestTimeoutMs", max: ms });
