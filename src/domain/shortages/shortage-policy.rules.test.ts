import { DEFAULT_POLICY, orderSources, policyFor, readPolicyFields, type ShortagePolicy } from "./shortage-policy.rules";

const policy = (id: number, materialId: number | null, warehouseId: number | null, extra: Partial<ShortagePolicy> = {}): ShortagePolicy => ({
  ...DEFAULT_POLICY, id, materialId, warehouseId, mode: "AUTO", ...extra,
});

describe("policyFor", () => {
  const all = [policy(1, null, null), policy(2, null, 10), policy(3, 7, null), policy(4, 7, 10), policy(5, 8, 11)];

  it("takes the most specific: material in the warehouse, material, warehouse, global", () => {
    expect(policyFor(all, 7, 10).id).toBe(4);
    expect(policyFor(all, 7, 11).id).toBe(3);
    expect(policyFor(all, 9, 10).id).toBe(2);
    expect(policyFor(all, 9, 11).id).toBe(1);
  });

  it("is the default (SUGGEST_ONLY) when nothing applies", () => {
    expect(policyFor([policy(5, 8, 11), policy(2, null, 10)], 8, 12)).toBe(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.mode).toBe("SUGGEST_ONLY");
  });
});

describe("orderSources", () => {
  const w = (warehouseId: number, code: string, active = true) => ({ warehouseId, code, active });
  const candidates = [w(3, "C"), w(1, "A"), w(2, "B"), w(4, "D", false), w(9, "HOME")];
  const lanes = new Map([[3, 1], [2, 4], [1, 4]]);

  it("PRIORITY: the list's order, else every other active warehouse by code", () => {
    expect(orderSources(policy(1, null, null, { transferSourceIds: [2, 3, 1] }), 9, candidates, lanes).map((c) => c.code)).toEqual(["B", "C", "A"]);
    expect(orderSources(policy(1, null, null, { transferSourceIds: [4, 2] }), 9, candidates, lanes).map((c) => c.code)).toEqual(["B"]);
    expect(orderSources(policy(1, null, null), 9, candidates, lanes).map((c) => c.code)).toEqual(["A", "B", "C"]);
  });

  it("NEAREST: fewest transit days first, then code; only warehouses with a lane (and in the list, if any)", () => {
    const nearest = { sourceSelection: "NEAREST" as const };
    expect(orderSources(policy(1, null, null, nearest), 9, candidates, lanes).map((c) => c.code)).toEqual(["C", "A", "B"]);
    expect(orderSources(policy(1, null, null, { ...nearest, transferSourceIds: [2, 1] }), 9, candidates, lanes).map((c) => c.code)).toEqual(["A", "B"]);
  });
});

describe("readPolicyFields", () => {
  it("refuses a source named twice, the policy's own warehouse and unknown modes, each naming its field", () => {
    expect(readPolicyFields({ mode: "AUTO", transferSources: ["dc-1", "DC-1"] }, null).errors).toEqual([{ field: "transferSources", message: "DC-1 is named twice in transferSources" }]);
    expect(readPolicyFields({ mode: "AUTO", transferSources: ["PLANT-1"] }, "PLANT-1").errors[0].field).toBe("transferSources");
    expect(readPolicyFields({ mode: "SOMETIMES" }, null).errors[0].field).toBe("mode");
    expect(readPolicyFields({ mode: "AUTO", sourceSelection: "FARTHEST" }, null).errors[0].field).toBe("sourceSelection");
    expect(readPolicyFields({ mode: "AUTO", transferSources: [" dc-1 "] }, "PLANT-1").value).toEqual({ mode: "AUTO", sourceSelection: "PRIORITY", sources: ["DC-1"] });
  });
});
