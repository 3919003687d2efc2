import { DomainError } from "../shared/domain-error";

/** The purchasing area's refusals: INVALID_STATE of an order, OVER_RECEIPT, a number taken in another warehouse. */

export const orderInState = (o: { number: string; status: string }) =>
  new DomainError("INVALID_STATE", `purchase order ${o.number} is ${o.status.toLowerCase()}`, { status: o.status });

export const overReceipt = (number: string, open: string, requested: string) =>
  new DomainError("OVER_RECEIPT", `purchase order ${number} has ${open} left to receive, not ${requested}`, { open, requested });

/** The number is taken by an order of a warehouse the caller may not use: it cannot be created, nor shown. */
export const numberOutOfScope = (number: string) => new DomainError("FORBIDDEN", `purchase order ${number} belongs to a warehouse you may not use`);
