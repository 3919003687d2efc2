import { Decimal } from "../shared/quantity";

export interface StockCandidate {
  balanceId: number;
  locationId: number;
  lotId: number | null;
  /** what may be taken from this row */
  available: Decimal;
  expiresAt: Date | null;
}

export interface Take { candidate: StockCandidate; quantity: Decimal }

/** First expired, first out; then first in (older lot ids first); then the older balance row. */
export function fefoOrder(a: StockCandidate, b: StockCandidate): number {
  const ea = a.expiresAt?.getTime() ?? Infinity;
  const eb = b.expiresAt?.getTime() ?? Infinity;
  if (ea !== eb) return ea < eb ? -1 : 1;
  const la = a.lotId ?? Infinity;
  const lb = b.lotId ?? Infinity;
  if (la !== lb) return la < lb ? -1 : 1;
  return a.balanceId - b.balanceId;
}

/** Takes `quantity` from the candidates in FEFO/FIFO order; `shortfall` > 0 when they do not cover it. */
export function allocate(candidates: readonly StockCandidate[], quantity: Decimal): { takes: Take[]; shortfall: Decimal } {
  const takes: Take[] = [];
  let left = quantity;
  for (const c of [...candidates].sort(fefoOrder)) {
    if (left.lte(0)) break;
    if (c.available.lte(0)) continue;
    const q = Decimal.min(c.available, left);
    takes.push({ candidate: c, quantity: q });
    left = left.minus(q);
  }
  return { takes, shortfall: Decimal.max(left, 0) };
}
