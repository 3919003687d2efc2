import { MASTER_DATA } from "../../../auth/roles";
import { readUnit, type UnitInput, type UnitService } from "../../units";
import { numberOf, recordKind } from "./record-kind";

/** Units of measure by code, through the units area (a precision that would round stock is refused). */
export const unitsKind = (units: UnitService) =>
  recordKind({
    name: "units",
    roles: MASTER_DATA,
    columns: ["code", "name", "precision"],
    required: ["code", "name", "precision"],
    parse: (r): UnitInput => ({ code: r.text("code")?.toUpperCase() ?? "", name: r.text("name") ?? "", precision: numberOf(r, "precision") ?? NaN }),
    key: (u) => ({ field: "code", value: u.code }),
    input: ([u]) => u,
    read: readUnit,
    stored: async () => new Map((await units.list()).map((u) => [u.code, u])),
    recordKey: (u) => u.code,
    same: (u, s) => u.name === s.name && u.precision === s.precision,
    upsert: (tx, u, principal) => units.upsertUnit(tx, u, principal, "sync"),
  });
