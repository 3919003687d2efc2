import { reorderQuantity, type ReorderFacts } from "./reorder-quantity";

const base: ReorderFacts = {
  available: "4", safetyStock: "10", precision: 0, lotSizeMin: null, lotSizeMultiple: null, supplierMinOrder: null, supplierMultiple: null, unitCost: "5", annualDemand: "1000",
};

describe("reorder quantity", () => {
  it("TO_MAX orders up to the max level, by default twice the safety stock; nothing when at or above it", () => {
    expect(reorderQuantity({ policy: "TO_MAX", maxLevel: "50" }, base).toFixed()).toBe("46");
    expect(reorderQuantity({ policy: "TO_MAX" }, base).toFixed()).toBe("16");
    expect(reorderQuantity({ policy: "TO_MAX", maxLevel: "4" }, base).toFixed()).toBe("0");
  });

  it("EOQ is √(2·D·S/H) with H the standard cost times the holding rate, rounded up to the unit", () => {
    // D = 1000 a year, S = 40 per order, H = 5 × 20 % = 1 per unit and year: √80000 = 282.84…
    expect(reorderQuantity({ policy: "EOQ", orderCost: "40", holdingRatePct: "20" }, base).toFixed()).toBe("283");
    expect(reorderQuantity({ policy: "EOQ", orderCost: "40", holdingRatePct: "20" }, { ...base, unitCost: null }).toFixed()).toBe("0");
    expect(reorderQuantity({ policy: "EOQ", orderCost: "40", holdingRatePct: "20" }, { ...base, annualDemand: "0" }).toFixed()).toBe("0");
  });

  it("raises to the lot-size and supplier minimums and rounds up to the larger order multiple", () => {
    expect(reorderQuantity({ policy: "FIXED", quantity: "7" }, { ...base, lotSizeMin: "10", supplierMinOrder: "12" }).toFixed()).toBe("12");
    expect(reorderQuantity({ policy: "FIXED", quantity: "13" }, { ...base, lotSizeMultiple: "5", supplierMultiple: "6" }).toFixed()).toBe("18");
    expect(reorderQuantity({ policy: "FIXED", quantity: "1.234" }, { ...base, precision: 2 }).toFixed()).toBe("1.24");
  });
});
