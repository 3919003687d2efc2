import { diffPlans } from "./diff-plans";
import { planMrp } from "./plan-mrp";
import type { MrpDemand, MrpInput } from "./mrp.types";

const current: MrpInput = {
  materials: [
    { id: 1, code: "PUMP", type: "MAKE", leadTimeDays: 7, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0" },
    { id: 2, code: "SEAL", type: "BUY", leadTimeDays: 0, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0" },
  ],
  bomLines: [{ parentId: 1, componentId: 2, quantityPer: "4" }],
  demands: [
    { id: 1, materialId: 1, quantity: "10", dueDate: "2025-01-13" },
    { id: 2, materialId: 1, quantity: "20", dueDate: "2025-01-27" },
  ],
  scheduledReceipts: [],
  parameters: { startDate: "2025-01-06", bucket: "WEEK", horizonBuckets: 6 },
};

const brief = (s: { materialId: number; quantity: string; dueDate: string }) => `${s.materialId}:${s.quantity}@${s.dueDate}`;

describe("diffPlans", () => {
  it("finds nothing between two runs of the same input", () => {
    const diff = diffPlans(planMrp(current), planMrp(current));
    expect(diff).toEqual({ added: [], removed: [], changed: [], unchanged: 4 });
  });

  it("reports added, removed and changed supplies of a what-if run", () => {
    const extra: MrpDemand[] = [
      { id: 3, materialId: 1, quantity: "5", dueDate: "2025-01-27" }, // more in week 3
      { id: 4, materialId: 1, quantity: "7", dueDate: "2025-02-10" }, // new in week 5
    ];
    const whatIf: MrpInput = {
      ...current,
      materials: current.materials.map((m) => (m.id === 1 ? { ...m, onHand: "10" } : m)), // covers week 1
      demands: [...current.demands, ...extra],
    };
    const diff = diffPlans(planMrp(current), planMrp(whatIf));
    expect(diff.removed.map(brief)).toEqual(["1:10@2025-01-13", "2:40@2025-01-06"]);
    expect(diff.added.map(brief)).toEqual(["1:7@2025-02-10", "2:28@2025-02-03"]);
    expect(diff.changed.map((c) => [brief(c.before), brief(c.after), c.quantityDelta, c.fields])).toEqual([
      ["1:20@2025-01-27", "1:25@2025-01-27", "5", ["quantity", "pegs"]],
      ["2:80@2025-01-20", "2:100@2025-01-20", "20", ["quantity", "pegs"]],
    ]);
    expect(diff.unchanged).toBe(0);
  });
});
