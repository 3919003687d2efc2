import { MASTER_DATA } from "../../../auth/roles";
import { substitutesOfMaterials } from "../../bom/bom.store";
import type { SubstituteService } from "../../bom/substitute.service";
import { readSubstitute, type SubstituteInput } from "../../bom/substitute.rules";
import { storedMaterialsByCode } from "../../materials";
import { numberOf, recordKind, sameDecimal, sameTime } from "./record-kind";

/** Which material may replace another (priority, ratio, validity, optionally only in one product's BOM). */
export const substitutesKind = (substitutes: SubstituteService) =>
  recordKind({
    name: "substitutes",
    roles: MASTER_DATA,
    columns: ["materialCode", "substituteCode", "priority", "ratio", "validFrom", "validTo", "productCode"],
    required: ["materialCode", "substituteCode"],
    parse: (r): SubstituteInput => ({
      materialCode: r.text("materialCode")?.toUpperCase() ?? "", substituteCode: r.text("substituteCode")?.toUpperCase() ?? "",
      priority: numberOf(r, "priority"), ratio: r.text("ratio"), validFrom: r.text("validFrom"), validTo: r.text("validTo"),
      productCode: r.text("productCode")?.toUpperCase() ?? null,
    }),
    key: (s) => ({ field: "substituteCode", value: `${s.materialCode}/${s.substituteCode}` }),
    input: ([s]) => s,
    read: readSubstitute,
    async stored(sql, values) {
      const materials = await storedMaterialsByCode(sql, [...new Set(values.map((v) => v.materialCode))]);
      const codeOf = new Map([...materials.values()].map((m) => [m.id, m.code]));
      return new Map((await substitutesOfMaterials(sql, [...codeOf.keys()])).map((s) => [`${codeOf.get(s.materialId)}/${s.substituteCode}`, s]));
    },
    recordKey: (v) => `${v.materialCode}/${v.substituteCode}`,
    same: (v, s) =>
      v.priority === s.priority && sameDecimal(v.ratio, s.ratio) && sameTime(v.validFrom, s.validFrom) && sameTime(v.validTo, s.validTo) && v.productCode === s.productCode,
    upsert: (tx, s, principal) => substitutes.upsertSubstitute(tx, s, principal),
  });
