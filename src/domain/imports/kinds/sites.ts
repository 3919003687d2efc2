import { MASTER_DATA } from "../../../auth/roles";
import { readLocation, readWarehouse, type LocationInput, type LocationKind, type SiteService, type WarehouseInput, type WarehouseKind } from "../../sites";
import { numberOf, recordKind, sameDecimal } from "./record-kind";

/** Warehouses by code, through the sites area (warehouse scope; one holding stock stays active). */
export const warehousesKind = (sites: SiteService) =>
  recordKind({
    name: "warehouses",
    roles: MASTER_DATA,
    columns: ["code", "name", "kind", "active"],
    required: ["code", "name"],
    parse: (r): WarehouseInput => ({
      code: r.text("code")?.toUpperCase() ?? "",
      name: r.text("name") ?? "",
      kind: (r.text("kind")?.toUpperCase() as WarehouseKind | undefined) ?? null,
      active: r.bool("active"),
    }),
    key: (w) => ({ field: "code", value: w.code }),
    input: ([w]) => w,
    read: readWarehouse,
    stored: async (sql, values) => new Map((await sites.warehousesByCodes(sql, values.map((w) => w.code))).map((w) => [w.code, w])),
    recordKey: (w) => w.code,
    same: (w, s) => w.name === s.name && w.kind === s.kind && w.active === s.active,
    upsert: (tx, w, principal) => sites.upsertWarehouse(tx, w, principal, "sync"),
  });

/** Locations by warehouse and code, in existing warehouses (a location holding stock keeps its kind and stays active). */
export const locationsKind = (sites: SiteService) =>
  recordKind({
    name: "locations",
    roles: MASTER_DATA,
    columns: ["warehouseCode", "code", "name", "kind", "pickSequence", "x", "y", "capacity", "active"],
    required: ["warehouseCode", "code", "name"],
    parse: (r): LocationInput => ({
      warehouseCode: r.text("warehouseCode")?.toUpperCase() ?? "",
      code: r.text("code")?.toUpperCase() ?? "",
      name: r.text("name") ?? "",
      kind: (r.text("kind")?.toUpperCase() as LocationKind | undefined) ?? null,
      pickSequence: numberOf(r, "pickSequence"),
      x: r.text("x"),
      y: r.text("y"),
      capacity: r.text("capacity"),
      active: r.bool("active"),
    }),
    key: (l) => ({ field: "code", value: `${l.warehouseCode}/${l.code}` }),
    input: ([l]) => l,
    read: readLocation,
    stored: async (sql, values) =>
      new Map((await sites.locationsOfWarehouses(sql, [...new Set(values.map((l) => l.warehouseCode))])).map((l) => [`${l.warehouseCode}/${l.code}`, l])),
    recordKey: (l) => `${l.warehouseCode}/${l.code}`,
    same: (l, s) =>
      l.name === s.name && l.kind === s.kind && l.pickSequence === s.pickSequence && sameDecimal(l.x, s.x) && sameDecimal(l.y, s.y) &&
      sameDecimal(l.capacity, s.capacity) && l.active === s.active,
    upsert: (tx, l, principal) => sites.upsertLocation(tx, l, principal, "sync"),
  });
