import { DomainError } from "../shared/domain-error";

/** The stock area's refusals: codes clients switch on (INSUFFICIENT_STOCK, LOT_*, INVALID_STATE of a transfer or site). */

/** Less stock than a movement takes; `details` say what was asked and what there was. */
export const insufficientStock = (message: string, details: Record<string, unknown> = {}) => new DomainError("INSUFFICIENT_STOCK", message, details);

/** A lot named for an issue is not usable: `block` is its QC status or EXPIRED (see lotBlock). */
export function lotNotReleased(lot: { code: string; expiresAt: Date | null }, block: string): DomainError {
  if (block === "EXPIRED") return new DomainError("LOT_NOT_RELEASED", `lot ${lot.code} expired`, { lot: lot.code, expiresAt: lot.expiresAt!.toISOString() });
  return new DomainError("LOT_NOT_RELEASED", `lot ${lot.code} is ${block.toLowerCase()}`, { lot: lot.code, qcStatus: block });
}

export const lotRequired = (materialCode: string) =>
  new DomainError("LOT_REQUIRED", `${materialCode} is lot-tracked: name a lot`, { material: materialCode, field: "lotCode" });

/** A deactivated warehouse or location named for a movement; `field` is the input's field that named it. */
export const deactivated = (what: string, field: string) => new DomainError("INVALID_STATE", `${what} is deactivated`, { field });

export const transferInState = (t: { number: string; status: string }, message = `transfer ${t.number} is ${t.status.toLowerCase()}`) =>
  new DomainError("INVALID_STATE", message, { status: t.status });
