import { MASTER_DATA } from "../../../auth/roles";
import { readStandardCost, type CostService, type StandardCostInput } from "../../costs";
import { storedMaterialsByCode } from "../../materials";
import { recordKind, sameDecimal } from "./record-kind";

/**
 * Standard costs per material from a date (default today). A line is unchanged when the cost in effect on
 * its date already is that cost, so a file without dates imported again on a later day changes nothing.
 */
export const standardCostsKind = (costs: CostService) =>
  recordKind({
    name: "standard-costs",
    roles: MASTER_DATA,
    columns: ["materialCode", "cost", "currency", "validFrom"],
    required: ["materialCode", "cost", "currency"],
    parse: (r): StandardCostInput => ({ materialCode: r.text("materialCode")?.toUpperCase() ?? "", cost: r.text("cost") ?? "", currency: r.text("currency") ?? "", validFrom: r.text("validFrom") }),
    key: (c) => ({ field: "validFrom", value: `${c.materialCode}/${c.validFrom ?? ""}` }),
    input: ([c]) => c,
    read: readStandardCost,
    async stored(sql, values) {
      const materials = await storedMaterialsByCode(sql, [...new Set(values.map((v) => v.materialCode))]);
      const codeOf = new Map([...materials.values()].map((m) => [m.id, m.code]));
      const history = new Map<string, { cost: string; currency: string; validFrom: Date }[]>();
      // newest first
      for (const c of await costs.history([...codeOf.keys()])) {
        const code = codeOf.get(c.materialId)!;
        history.set(code, [...(history.get(code) ?? []), c]);
      }
      return new Map(values.flatMap((v) => {
        const inEffect = history.get(v.materialCode)?.find((c) => c.validFrom.toISOString().slice(0, 10) <= v.validFrom);
        return inEffect ? [[`${v.materialCode}/${v.validFrom}`, inEffect] as const] : [];
      }));
    },
    recordKey: (v) => `${v.materialCode}/${v.validFrom}`,
    same: (v, s) => sameDecimal(v.cost, s.cost) && v.currency === s.currency,
    upsert: (tx, c, principal) => costs.upsertStandardCost(tx, c, principal),
  });
