import { DomainError } from "../shared/domain-error";
import { planMrp } from "./plan-mrp";
import type { MrpBomLine, MrpInput, MrpMaterial, MrpPhase } from "./mrp.types";

const material = (id: number, extra: Partial<MrpMaterial> = {}): MrpMaterial => ({
  id,
  code: `M${id}`,
  type: "MAKE",
  leadTimeDays: 0,
  lotSizing: "LOT_FOR_LOT",
  safetyStock: "0",
  onHand: "0",
  reserved: "0",
  ...extra,
});

const base = (): MrpInput => ({
  materials: [material(1), material(2), material(3, { type: "BUY" })],
  bomLines: [
    { parentId: 1, componentId: 2, quantityPer: "2" },
    { parentId: 2, componentId: 3, quantityPer: "1.5", scrapPct: "10" },
  ],
  demands: [{ id: 7, materialId: 1, quantity: "10", dueDate: "2025-01-08" }],
  scheduledReceipts: [{ materialId: 3, quantity: "4", dueDate: "2025-01-06" }],
  parameters: { startDate: "2025-01-06", bucket: "DAY", horizonBuckets: 10 },
});

/** Runs planMrp on a modified base input; returns the DomainError thrown and the phases reported. */
function failure(change: (input: MrpInput) => void): { error: DomainError; phases: MrpPhase[] } {
  const input = base();
  change(input);
  const phases: MrpPhase[] = [];
  let plan: unknown;
  try {
    plan = planMrp(input, { onProgress: (phase) => phases.push(phase) });
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { error: e, phases };
  }
  throw new Error(`expected a DomainError, got a plan: ${JSON.stringify(plan).slice(0, 200)}`);
}

describe("planMrp input validation", () => {
  it("plans the valid base input", () => {
    const plan = planMrp(base());
    expect(plan.purchaseSuggestions.map((s) => s.quantity)).toEqual(["29"]); // 10 × 2 × 1.5 × 1.1 = 33, minus 4
  });

  it.each([
    ["a cycle", [[1, 2], [2, 3], [3, 1]]],
    ["a self-loop", [[2, 2]]],
  ])("rejects %s in the BOM with BOM_CYCLE, naming the materials", (_, extra) => {
    const { error, phases } = failure((input) => {
      (input.bomLines as MrpBomLine[]).push(...(extra as number[][]).map(([parentId, componentId]) => ({ parentId, componentId, quantityPer: "1" })));
    });
    expect(error.code).toBe("BOM_CYCLE");
    const path = error.details.path as string[];
    expect(path[0]).toBe(path[path.length - 1]);
    expect(path.every((code) => /^M\d$/.test(code))).toBe(true);
    expect(phases).not.toContain("NETTING"); // nothing planned
  });

  it.each<[string, (input: MrpInput) => void, string]>([
    ["a negative on hand", (i) => ((i.materials[0] as MrpMaterial).onHand = "-5"), "materials[0].onHand"],
    ["a negative demand", (i) => ((i.demands[0] as { quantity: string }).quantity = "-1"), "demands[0].quantity"],
    ["a non-numeric demand", (i) => ((i.demands[0] as { quantity: string }).quantity = "ten"), "demands[0].quantity"],
    ["a float instead of a string", (i) => ((i.materials[1] as { safetyStock: unknown }).safetyStock = 0.1), "materials[1].safetyStock"],
    ["too many decimals", (i) => ((i.bomLines[0] as { quantityPer: string }).quantityPer = "0.1234567"), "bomLines[0].quantityPer"],
    ["a zero quantity per", (i) => ((i.bomLines[1] as { quantityPer: string }).quantityPer = "0"), "bomLines[1].quantityPer"],
    ["a negative scrap", (i) => ((i.bomLines[1] as { scrapPct?: string }).scrapPct = "-2"), "bomLines[1].scrapPct"],
    ["a zero base quantity", (i) => ((i.bomLines[1] as { baseQuantity?: string }).baseQuantity = "0"), "bomLines[1].baseQuantity"],
    ["a negative scheduled receipt", (i) => ((i.scheduledReceipts[0] as { quantity: string }).quantity = "-4"), "scheduledReceipts[0].quantity"],
    ["an unknown component", (i) => ((i.bomLines[0] as { componentId: number }).componentId = 99), "bomLines[0].componentId"],
    ["an unknown demanded material", (i) => ((i.demands[0] as { materialId: number }).materialId = 99), "demands[0].materialId"],
    ["a duplicate material id", (i) => ((i.materials[2] as MrpMaterial).id = 1), "materials[2].id"],
    ["a duplicate demand id", (i) => (i.demands as object[]).push({ ...i.demands[0] }), "demands[1].id"],
    ["an invalid due date", (i) => ((i.demands[0] as { dueDate: string }).dueDate = "2025-13-45"), "demands[0].dueDate"],
    ["a negative lead time", (i) => ((i.materials[0] as MrpMaterial).leadTimeDays = -1), "materials[0].leadTimeDays"],
    ["FIXED without a lot size", (i) => ((i.materials[0] as MrpMaterial).lotSizing = "FIXED"), "materials[0].lotSizeFixed"],
    ["PERIODS_OF_SUPPLY of 0", (i) => Object.assign(i.materials[0], { lotSizing: "PERIODS_OF_SUPPLY", periodsOfSupply: 0 }), "materials[0].periodsOfSupply"],
    ["an unknown lot-sizing policy", (i) => Object.assign(i.materials[0], { lotSizing: "EOQ" }), "materials[0].lotSizing"],
    ["min above max", (i) => Object.assign(i.materials[0], { lotSizing: "MIN_MULTIPLE_MAX", lotSizeMin: "30", lotSizeMax: "20" }), "materials[0]"],
    ["a max below the multiple", (i) => Object.assign(i.materials[0], { lotSizing: "MIN_MULTIPLE_MAX", lotSizeMultiple: "25", lotSizeMax: "20" }), "materials[0]"],
    ["a horizon of 367 days", (i) => (i.parameters.horizonBuckets = 367), "parameters.horizonBuckets"],
    ["a horizon of 105 weeks", (i) => Object.assign(i.parameters, { bucket: "WEEK", horizonBuckets: 105 }), "parameters.horizonBuckets"],
    ["a horizon of 0", (i) => (i.parameters.horizonBuckets = 0), "parameters.horizonBuckets"],
    ["a fractional horizon", (i) => (i.parameters.horizonBuckets = 2.5), "parameters.horizonBuckets"],
    ["a monthly bucket", (i) => Object.assign(i.parameters, { bucket: "MONTH" }), "parameters.bucket"],
    ["an invalid start date", (i) => (i.parameters.startDate = "soon"), "parameters.startDate"],
    ["a missing list", (i) => Object.assign(i, { scheduledReceipts: undefined }), "scheduledReceipts"],
  ])("rejects %s with BAD_USER_INPUT naming the field, before planning", (_, change, field) => {
    const { error, phases } = failure(change);
    expect(error.code).toBe("BAD_USER_INPUT");
    expect(error.details.field).toBe(field);
    expect(phases).not.toContain("NETTING");
  });

  it("accepts the longest horizons: 366 days, 104 weeks", () => {
    expect(planMrp({ ...base(), parameters: { startDate: "2025-01-06", bucket: "DAY", horizonBuckets: 366 } }).horizonBuckets).toBe(366);
    expect(planMrp({ ...base(), parameters: { startDate: "2025-01-06", bucket: "WEEK", horizonBuckets: 104 } }).horizonBuckets).toBe(104);
  });

  it("refuses quantities that leave the exact range with LIMIT_EXCEEDED", () => {
    const { error } = failure((i) => ((i.demands[0] as { quantity: string }).quantity = "4000000000"));
    expect(error.code).toBe("LIMIT_EXCEEDED"); // × 2 × 1.5 × 1.1 = 13.2 billion > 9.007 billion
  });

  it("refuses a max lot that would need millions of orders with LIMIT_EXCEEDED", () => {
    const { error } = failure((i) => {
      Object.assign(i.materials[0], { lotSizing: "MIN_MULTIPLE_MAX", lotSizeMax: "0.000001" });
    });
    expect(error.code).toBe("LIMIT_EXCEEDED");
  });

  it("does not modify its input", () => {
    const input = base();
    const frozen = JSON.stringify(input);
    const deepFreeze = (o: object) => {
      Object.values(o).forEach((v) => v && typeof v === "object" && deepFreeze(v));
      return Object.freeze(o);
    };
    planMrp(deepFreeze(input) as MrpInput);
    expect(JSON.stringify(input)).toBe(frozen);
  });
});

describe("planMrp progress", () => {
  it("reports a bounded number of times, in order, from 0 to 100", () => {
    const n = 5000;
    const materials = Array.from({ length: n }, (_, i) => material(i + 1));
    const bomLines = materials.slice(1).map((m, i) => ({ parentId: i + 1, componentId: m.id, quantityPer: "1" }));
    const calls: [MrpPhase, number][] = [];
    planMrp(
      {
        materials,
        bomLines,
        demands: [{ id: 1, materialId: 1, quantity: "1", dueDate: "2025-01-06" }],
        scheduledReceipts: [],
        parameters: { startDate: "2025-01-06", bucket: "WEEK", horizonBuckets: 4 },
      },
      { onProgress: (phase, percent) => calls.push([phase, percent]) },
    );
    expect(calls.length).toBeLessThanOrEqual(15);
    expect(calls[0]).toEqual(["VALIDATING", 0]);
    expect(calls[calls.length - 1]).toEqual(["DONE", 100]);
    expect(calls.filter(([phase]) => phase === "NETTING").length).toBeGreaterThan(5);
    for (let k = 1; k < calls.length; k++) expect(calls[k][1]).toBeGreaterThanOrEqual(calls[k - 1][1]);
  });
});
