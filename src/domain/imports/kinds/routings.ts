import { MASTER_DATA } from "../../../auth/roles";
import { storedMaterialsByCode } from "../../materials";
import { readRouting, readWorkCenter, routingsOf, type RoutingOperationInput, type RoutingService, type WorkCenterInput } from "../../routings";
import { numberOf, recordKind, sameDecimal } from "./record-kind";

/** Work centers by code. */
export const workCentersKind = (routings: RoutingService) =>
  recordKind({
    name: "work-centers",
    roles: MASTER_DATA,
    columns: ["code", "name", "hoursPerDay", "active"],
    required: ["code", "name", "hoursPerDay"],
    parse: (r): WorkCenterInput => ({ code: r.text("code")?.toUpperCase() ?? "", name: r.text("name") ?? "", hoursPerDay: r.text("hoursPerDay") ?? "", active: r.bool("active") }),
    key: (w) => ({ field: "code", value: w.code }),
    input: ([w]) => w,
    read: readWorkCenter,
    stored: async () => new Map((await routings.workCenters()).map((w) => [w.code, w])),
    recordKey: (w) => w.code,
    same: (v, s) => v.name === s.name && sameDecimal(v.hoursPerDay, s.hoursPerDay) && v.active === s.active,
    upsert: (tx, w, principal) => routings.upsertWorkCenter(tx, w, principal, "sync"),
  });

type OperationLine = RoutingOperationInput & { materialCode: string };

/** Routings: one line per operation; a material's lines are its whole routing (replaced as a whole). */
export const routingsKind = (routings: RoutingService) =>
  recordKind({
    name: "routings",
    roles: MASTER_DATA,
    columns: ["materialCode", "sequence", "name", "workCenterCode", "setupMinutes", "runMinutesPerUnit", "allowOverlap"],
    required: ["materialCode", "sequence", "name", "workCenterCode"],
    parse: (r): OperationLine => ({
      materialCode: r.text("materialCode")?.toUpperCase() ?? "", sequence: numberOf(r, "sequence") ?? NaN, name: r.text("name") ?? "",
      workCenterCode: r.text("workCenterCode")?.toUpperCase() ?? "", setupMinutes: r.text("setupMinutes"), runMinutesPerUnit: r.text("runMinutesPerUnit"),
      allowOverlap: r.bool("allowOverlap"),
    }),
    key: (o) => ({ field: "sequence", value: `${o.materialCode}/${o.sequence}` }),
    group: (o) => o.materialCode,
    input: (lines) => ({ materialCode: lines[0].materialCode, operations: lines.map(({ materialCode: _, ...o }) => o) }),
    read: readRouting,
    async stored(sql, values) {
      const materials = await storedMaterialsByCode(sql, values.map((v) => v.materialCode));
      const codeOf = new Map([...materials.values()].map((m) => [m.id, m.code]));
      const stored = new Map<string, Awaited<ReturnType<typeof routingsOf>>>();
      for (const op of await routingsOf(sql, [...codeOf.keys()])) {
        const code = codeOf.get(op.materialId)!;
        stored.set(code, [...(stored.get(code) ?? []), op]);
      }
      return stored;
    },
    recordKey: (v) => v.materialCode,
    // both in sequence order
    same: (v, s) =>
      v.operations.length === s.length &&
      v.operations.every((o, i) =>
        o.sequence === s[i].sequence && o.name === s[i].name && o.workCenterCode === s[i].workCenterCode && sameDecimal(o.setupMinutes, s[i].setupMinutes) &&
        sameDecimal(o.runMinutesPerUnit, s[i].runMinutesPerUnit) && o.allowOverlap === s[i].allowOverlap),
    upsert: (tx, input, principal) => routings.upsertRouting(tx, input, principal),
  });
