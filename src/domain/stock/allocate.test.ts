import { Decimal } from "../shared/quantity";
import { allocate, type StockCandidate } from "./allocate";

const c = (balanceId: number, available: string, lotId: number | null, expires?: string): StockCandidate => ({
  balanceId, locationId: 1, lotId, available: new Decimal(available), expiresAt: expires ? new Date(expires) : null,
});

describe("allocate", () => {
  it("takes the earliest expiry first, then the oldest lot", () => {
    const { takes, shortfall } = allocate([c(1, "5", 3), c(2, "5", 2), c(3, "5", 4, "2030-01-01")], new Decimal(8));
    expect(takes.map((t) => [t.candidate.balanceId, t.quantity.toString()])).toEqual([[3, "5"], [2, "3"]]);
    expect(shortfall.toString()).toBe("0");
  });

  it("reports what is missing and skips empty rows", () => {
    const { takes, shortfall } = allocate([c(1, "0", null), c(2, "2.5", null)], new Decimal(4));
    expect(takes).toHaveLength(1);
    expect(shortfall.toString()).toBe("1.5");
  });
});
