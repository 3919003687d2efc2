import { Decimal } from "../shared/quantity";
import { backflushQuantity, componentRequirements, type ComponentLine } from "./requirements";

const line = (componentId: number, quantityPer: string, scrapPct: string, precision: number, operationSeq: number | null = null): ComponentLine => ({
  parentId: 1, componentId, componentCode: `C${componentId}`, quantityPer: new Decimal(quantityPer), scrapPct: new Decimal(scrapPct),
  baseQuantity: new Decimal(1), operationSeq, precision, hasSafetyStock: false,
});

describe("componentRequirements", () => {
  it("extends by quantity and scrap and rounds up to the unit", () => {
    const [screws, steel] = componentRequirements([line(2, "6", "2", 0), line(3, "0.85", "6", 3)], new Decimal(10), [10]);
    expect(screws.required.toString()).toBe("62"); // 61.2 → 62 each
    expect(steel.required.toString()).toBe("9.01");
  });

  it("links to the named operation when the order has it, else to the last one", () => {
    const reqs = componentRequirements([line(2, "1", "0", 0, 20), line(3, "1", "0", 0, 99), line(4, "1", "0", 0)], new Decimal(1), [10, 20, 30]);
    expect(reqs.map((r) => r.operationSeq)).toEqual([20, 30, 30]);
  });

  it("merges a component on several lines", () => {
    const [r] = componentRequirements([line(2, "1", "0", 0, 10), line(2, "2", "0", 0, 20)], new Decimal(5), [10, 20]);
    expect(r.required.toString()).toBe("15");
    expect(r.operationSeq).toBe(10);
  });
});

describe("backflushQuantity", () => {
  it("is proportional to what was done, rounded to the unit", () => {
    expect(backflushQuantity(new Decimal(62), new Decimal(5), new Decimal(10), 0).toString()).toBe("31");
    expect(backflushQuantity(new Decimal("9.01"), new Decimal(1), new Decimal(3), 3).toString()).toBe("3.003");
  });
});
