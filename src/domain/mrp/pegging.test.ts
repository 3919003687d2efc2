import { planMrp } from "./plan-mrp";
import type { MrpInput } from "./mrp.types";

const pegsOf = (plan: ReturnType<typeof planMrp>, materialId: number) =>
  [...plan.plannedOrders, ...plan.purchaseSuggestions]
    .filter((s) => s.materialId === materialId)
    .map((s) => ({ bucket: s.dueBucket, quantity: s.quantity, pegs: s.pegs.map((p) => [p.demandId, p.quantity]) }));

describe("pegging to pseudo-demands", () => {
  // KIT (MAKE, lead 0, on hand 5, reserved 8, safety stock 10) ← PART ×2 (BUY, fixed 50)
  const input: MrpInput = {
    materials: [
      { id: 1, code: "KIT", type: "MAKE", leadTimeDays: 0, lotSizing: "LOT_FOR_LOT", safetyStock: "10", onHand: "5", reserved: "8" },
      { id: 2, code: "PART", type: "BUY", leadTimeDays: 0, lotSizing: "FIXED", lotSizeFixed: "50", safetyStock: "0", onHand: "0", reserved: "0" },
    ],
    bomLines: [{ parentId: 1, componentId: 2, quantityPer: "2" }],
    demands: [{ id: 42, materialId: 1, quantity: "4", dueDate: "2025-01-08" }],
    scheduledReceipts: [],
    parameters: { startDate: "2025-01-06", bucket: "DAY", horizonBuckets: 5 },
  };
  const plan = planMrp(input);

  it("pegs reservations beyond stock to RESERVED and the safety stock refill to SAFETY_STOCK", () => {
    // b0: available 5 − 8 = −3, 13 short of safety stock 10 → 13 = RESERVED 3 + SAFETY_STOCK 10.
    // b2: 10 − 4 = 6 → 4 for demand 42.
    expect(pegsOf(plan, 1)).toEqual([
      { bucket: 0, quantity: "13", pegs: [["RESERVED", "3"], ["SAFETY_STOCK", "10"]] },
      { bucket: 2, quantity: "4", pegs: [[42, "4"]] },
    ]);
  });

  it("passes the parent's pegs down to the components, pseudo-demands included", () => {
    // PART needs 26 in b0 (RESERVED 6, SAFETY_STOCK 20) and 8 in b2 (demand 42): one lot of 50 covers all.
    expect(pegsOf(plan, 2)).toEqual([
      { bucket: 0, quantity: "50", pegs: [["RESERVED", "6"], ["SAFETY_STOCK", "20"], [42, "8"], ["LOT_SIZE", "16"]] },
    ]);
  });
});
