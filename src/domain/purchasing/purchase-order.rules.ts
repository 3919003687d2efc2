import { Decimal } from "../shared/quantity";
import { orderInState } from "./purchase-order.errors";

/** Goods may still come on an order that is OPEN or PARTIALLY_RECEIVED; any other is INVALID_STATE. */
export function assertOpen(o: { number: string; status: string }): void {
  if (o.status !== "OPEN" && o.status !== "PARTIALLY_RECEIVED") throw orderInState(o);
}

/** The status that follows from what was ordered and what was received. */
export const statusFor = (quantity: Decimal | string, received: Decimal | string) =>
  new Decimal(received).eq(quantity) ? "RECEIVED" : new Decimal(received).isZero() ? "OPEN" : "PARTIALLY_RECEIVED";
