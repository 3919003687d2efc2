import type { ScanAction } from "../../domain/stock/scan.service";
import { badInput, DomainError } from "../../domain/shared/domain-error";
import { PermanentFailure } from "../retry";

/** A reader's scan as it sends it; `scanId` identifies the read, so a redelivered message posts once. */
export interface ScanMessage {
  scanId: string;
  code: string | null;
  epc: string | null;
  action: ScanAction;
  quantity: string;
  /** absent: where the reader is registered */
  locationCode: string | null;
  toLocationCode: string | null;
  uom: string | null;
  /** QC actions: why */
  reason: string | null;
}

const ACTIONS: readonly ScanAction[] = ["RECEIVE", "ISSUE", "MOVE", "COUNT", "QC_HOLD", "QC_RELEASE", "QC_REJECT"];
/** QC actions change the read lot's status: they carry no quantity */
const isQc = (action: ScanAction) => action.startsWith("QC_");

const optionalText = (body: Record<string, unknown>, field: string): string | null => {
  const v = body[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== "string" || v.length > 200) throw badInput(`${field} must be text of at most 200 characters`, { field });
  return v;
};

/** The scan's id as the device sent it (a string or a whole number), if it sent one. */
export function scanIdOf(body: unknown): string | null {
  const id = (body as { scanId?: unknown } | null)?.scanId;
  if (typeof id === "string" && id.trim() !== "" && id.length <= 100) return id.trim();
  if (typeof id === "number" && Number.isSafeInteger(id)) return String(id);
  return null;
}

export function parseScanMessage(body: unknown): ScanMessage {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badInput("a scan is an object { scanId, code | epc, action, quantity, … }");
  const b = body as Record<string, unknown>;
  const scanId = scanIdOf(b);
  if (scanId === null) throw badInput("scanId must be text of 1 to 100 characters or a whole number", { field: "scanId" });
  if (!ACTIONS.includes(b.action as ScanAction)) throw badInput(`action must be one of ${ACTIONS.join(", ")}`, { field: "action" });
  const quantity = typeof b.quantity === "number" && Number.isFinite(b.quantity) ? String(b.quantity) : (b.quantity ?? (isQc(b.action as ScanAction) ? "0" : undefined));
  if (typeof quantity !== "string") throw badInput("quantity must be a decimal number (text, e.g. \"5\")", { field: "quantity" });
  return {
    scanId,
    code: optionalText(b, "code"),
    epc: optionalText(b, "epc"),
    action: b.action as ScanAction,
    quantity,
    locationCode: optionalText(b, "locationCode"),
    toLocationCode: optionalText(b, "toLocationCode"),
    uom: optionalText(b, "uom"),
    reason: optionalText(b, "reason"),
  };
}

/** What the reader receives on its result topic. */
export interface ScanResult {
  scanId: string | null;
  ok: boolean;
  code?: string;
  message?: string;
}

/**
 * The answer to a scan message: ok, or why not. Refusals carry their stable code (INSUFFICIENT_STOCK,
 * NOT_FOUND…); anything else is the hub's own trouble and is not described to the device.
 */
export function scanResult(message: string, error?: unknown): ScanResult {
  let scanId: string | null = null;
  try {
    scanId = scanIdOf(JSON.parse(message));
  } catch {
    // not JSON: answered without an id
  }
  if (error === undefined) return { scanId, ok: true };
  if (error instanceof DomainError) return { scanId, ok: false, code: error.code, message: error.message };
  if (error instanceof PermanentFailure) return { scanId, ok: false, code: "REFUSED", message: error.message };
  return { scanId, ok: false, code: "UNAVAILABLE", message: "the hub could not handle the scan; it is kept for a replay" };
}
