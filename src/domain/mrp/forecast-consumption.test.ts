import { consumeForecasts, type SourcedDemand } from "./forecast-consumption";
import { planMrp } from "./plan-mrp";
import type { MrpDemand, MrpInput } from "./mrp.types";

const d = (material: number, bucket: number, source: SourcedDemand["source"], units: number, name: string) => ({ material, bucket, source, quantity: units * 1e6, name });
const summary = (xs: ReturnType<typeof d>[]) => xs.map((x) => `${x.name}:${x.quantity / 1e6}`);

describe("consumeForecasts", () => {
  it("lets sales orders consume the forecast of their material and bucket, earliest forecast first", () => {
    const out = consumeForecasts([
      d(1, 0, "FORECAST", 40, "f1"), d(1, 0, "FORECAST", 60, "f2"), d(1, 0, "SALES_ORDER", 30, "s1"), d(1, 0, "SALES_ORDER", 20, "s2"),
    ]);
    expect(summary(out)).toEqual(["f2:50", "s1:30", "s2:20"]); // 100 in all = max(100, 50)
  });

  it("keeps sales orders beyond the forecast, and drops the forecast they exceed", () => {
    expect(summary(consumeForecasts([d(1, 2, "FORECAST", 10, "f"), d(1, 2, "SALES_ORDER", 25, "s")]))).toEqual(["s:25"]);
  });

  it("consumes only within the same material and bucket, and never MPS lines", () => {
    const out = consumeForecasts([
      d(1, 0, "FORECAST", 10, "f-m1-b0"), d(2, 0, "SALES_ORDER", 5, "s-m2-b0"), d(1, 1, "SALES_ORDER", 5, "s-m1-b1"), d(1, 0, "MPS", 7, "mps"), d(1, 0, "SALES_ORDER", 3, "s-m1-b0"),
    ]);
    expect(summary(out)).toEqual(["f-m1-b0:7", "s-m2-b0:5", "s-m1-b1:5", "mps:7", "s-m1-b0:3"]);
  });
});

describe("planMrp with forecasts and sales orders", () => {
  const input = (demands: MrpDemand[]): MrpInput => ({
    materials: [{ id: 1, code: "A", type: "BUY", leadTimeDays: 0, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0" }],
    bomLines: [],
    demands,
    scheduledReceipts: [],
    parameters: { startDate: "2025-01-06", bucket: "WEEK", horizonBuckets: 2 },
  });

  it("plans max(forecast, sales orders) per bucket and pegs to what is left of the forecast", () => {
    const plan = planMrp(input([
      { id: 1, materialId: 1, quantity: "100", dueDate: "2025-01-06", source: "FORECAST" },
      { id: 2, materialId: 1, quantity: "30", dueDate: "2025-01-08", source: "SALES_ORDER" },
      { id: 3, materialId: 1, quantity: "20", dueDate: "2025-01-14", source: "SALES_ORDER" },
      { id: 4, materialId: 1, quantity: "10", dueDate: "2025-01-13", source: "FORECAST" },
    ]));
    expect(plan.periods(1).gross).toEqual(["100", "20"]);
    expect(plan.purchaseSuggestions.map((s) => s.pegs.map((p) => `${p.demandId}:${p.quantity}`))).toEqual([["1:70", "2:30"], ["3:20"]]);
  });

  it("refuses an unknown source", () => {
    expect(() => planMrp(input([{ id: 1, materialId: 1, quantity: "1", dueDate: "2025-01-06", source: "GUESS" as never }]))).toThrow(
      expect.objectContaining({ code: "BAD_USER_INPUT", details: expect.objectContaining({ field: "demands[0].source" }) }),
    );
  });
});
