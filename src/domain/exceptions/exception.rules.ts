/**
 * The exception rules as plain functions: the life cycle (OPEN → ACKNOWLEDGED → RESOLVED), what a command's
 * input must be, and what of an exception an identity limited to some warehouses may see.
 */
import { visibleOnly, type WarehouseScope } from "../../auth/warehouse-scope";
import { FieldChecks, assertValid } from "../shared/field-errors";
import { alreadyResolved, invalidTransition, noteRequired, openFailures } from "./exceptions.errors";

export const EXCEPTION_TYPES = ["SHORTAGE", "QUALITY", "EQUIPMENT", "LATE", "EXCESS", "UNCOVERED_DEMAND", "STOCK_MISMATCH", "CAPACITY"] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];
export type ExceptionStatus = "OPEN" | "ACKNOWLEDGED" | "RESOLVED";
export type Severity = "INFO" | "WARNING" | "CRITICAL";
export const EXCEPTION_CAUSES = ["MATERIAL_SHORTAGE", "SUPPLIER_LATE", "QUALITY_DEFECT", "EQUIPMENT_BREAKDOWN", "PLANNING_ERROR", "DATA_ERROR", "OTHER"] as const;
export type ExceptionCause = (typeof EXCEPTION_CAUSES)[number];
export type ActionResult = "SUCCEEDED" | "FAILED" | "SKIPPED";
export type LinkKind = "WORK_ORDER" | "LOT" | "DEVICE" | "WORK_CENTER" | "PURCHASE_ORDER" | "TRANSFER_ORDER" | "ALARM" | "MATERIAL" | "COUNT_SESSION";

/** Longest free text kept: a resolution note, a cause's text, a failure's description. */
export const MAX_NOTE = 2000;

/** Acknowledging says "someone has seen it": only an OPEN exception can be. */
export function assertMayAcknowledge(e: { id: number; status: ExceptionStatus }): void {
  if (e.status !== "OPEN") throw invalidTransition(e.id, e.status, "ACKNOWLEDGED");
}

/** Assigning (or re-assigning) is for exceptions still being dealt with. */
export function assertNotResolved(e: { id: number; status: ExceptionStatus }): void {
  if (e.status === "RESOLVED") throw alreadyResolved(e.id);
}

/**
 * Resolving closes the case, from OPEN or ACKNOWLEDGED. An EQUIPMENT exception whose failures are not all
 * repaired stays open: its operations are still blocked, and `reportEquipmentRepaired` resolves it.
 */
export function assertMayResolve(e: { id: number; status: ExceptionStatus }, unrepairedFailures: number): void {
  if (e.status === "RESOLVED") throw invalidTransition(e.id, e.status, "RESOLVED");
  if (unrepairedFailures > 0) throw openFailures(e.id, unrepairedFailures);
}

/** The resolution note: required when the policy (EXCEPTION_RESOLUTION_NOTE_REQUIRED) says so. */
export function readResolutionNote(note: string | null | undefined, required: boolean): string | null {
  const checks = new FieldChecks();
  const value = checks.optionalText(note, "note", MAX_NOTE);
  assertValid(checks.errors);
  if (value == null && required) throw noteRequired();
  return value ?? null;
}

/** Whom an exception is assigned to: a user's id or name, 1–200 characters. */
export function readAssignee(assignee: string | null | undefined): string {
  const checks = new FieldChecks();
  const value = checks.text(assignee, "assignee", 200);
  assertValid(checks.errors);
  return value!;
}

export function readCause(cause: string, causeText: string | null | undefined): { cause: ExceptionCause; causeText: string | null } {
  const checks = new FieldChecks();
  if (!(EXCEPTION_CAUSES as readonly string[]).includes(cause)) checks.fail("cause", `cause must be one of ${EXCEPTION_CAUSES.join(", ")}`);
  const text = checks.optionalText(causeText, "causeText", MAX_NOTE);
  assertValid(checks.errors);
  return { cause: cause as ExceptionCause, causeText: text ?? null };
}

/** A time window [from, to): `to` after `from` when both are given. */
export function readWindow(from: Date | null | undefined, to: Date | null | undefined): { from: Date | null; to: Date | null } {
  const checks = new FieldChecks();
  if (from && to && !(from < to)) checks.fail("to", "to must be after from");
  assertValid(checks.errors);
  return { from: from ?? null, to: to ?? null };
}

/** Free text to search for (PostgreSQL web-search syntax: words, "a phrase", -not, or); blank = no search. */
export function readSearchText(text: string | null | undefined): string | null {
  const checks = new FieldChecks();
  const value = checks.optionalText(text, "text", 500);
  assertValid(checks.errors);
  return value ?? null;
}

/**
 * What in an exception's details names other warehouses: a shortage's suggestions say where stock is free.
 * Those in warehouses out of scope are left out.
 */
export function visibleDetails(details: unknown, scope: WarehouseScope): unknown {
  const d = details as { suggestions?: { warehouseCode: string }[] } | null;
  if (!Array.isArray(d?.suggestions)) return details;
  return { ...d, suggestions: visibleOnly(scope, d.suggestions, (s) => s.warehouseCode) };
}
