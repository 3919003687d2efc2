import { MASTER_DATA } from "../../../auth/roles";
import { storedMaterialsByCode } from "../../materials";
import { conflict } from "../../shared/domain-error";
import {
  readSupplier, readSupplierItem, readSupplierPrice, type SupplierInput, type SupplierItemInput, type SupplierPriceInput, type SupplierService,
} from "../../suppliers";
import type { Sql } from "../../../db/database";
import { numberOf, recordKind, sameDecimal, sameTime } from "./record-kind";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The materials' ids by code (unknown codes left out: the area's upsert reports them). */
async function materialIds(sql: Sql, codes: string[]) {
  const byCode = await storedMaterialsByCode(sql, [...new Set(codes)]);
  return { ids: [...byCode.values()].map((m) => m.id), codeOf: new Map([...byCode.values()].map((m) => [m.id, m.code])) };
}

/** Suppliers by code. */
export const suppliersKind = (suppliers: SupplierService) =>
  recordKind({
    name: "suppliers",
    roles: MASTER_DATA,
    columns: ["code", "name", "contact", "email", "phone", "leadTimeDays", "active"],
    required: ["code", "name"],
    parse: (r): SupplierInput => ({
      code: r.text("code")?.toUpperCase() ?? "", name: r.text("name") ?? "", contact: r.text("contact"), email: r.text("email"), phone: r.text("phone"),
      leadTimeDays: numberOf(r, "leadTimeDays"), active: r.bool("active"),
    }),
    key: (s) => ({ field: "code", value: s.code }),
    input: ([s]) => s,
    read: readSupplier,
    stored: async (_sql, values) => new Map((await suppliers.byCodes(values.map((s) => s.code))).map((s) => [s.code, s])),
    recordKey: (s) => s.code,
    same: (v, s) => v.name === s.name && v.contact === s.contact && v.email === s.email && v.phone === s.phone && v.leadTimeDays === s.leadTimeDays && v.active === s.active,
    upsert: (tx, s, principal) => suppliers.upsertSupplier(tx, s, principal, "sync"),
  });

/** What a supplier delivers of a material on which terms; one preferred supplier per material. */
export const supplierItemsKind = (suppliers: SupplierService) =>
  recordKind({
    name: "supplier-items",
    roles: MASTER_DATA,
    columns: ["supplierCode", "materialCode", "supplierMaterialCode", "leadTimeDays", "minOrderQuantity", "orderMultiple", "preferred"],
    required: ["supplierCode", "materialCode"],
    parse: (r): SupplierItemInput => ({
      supplierCode: r.text("supplierCode")?.toUpperCase() ?? "", materialCode: r.text("materialCode")?.toUpperCase() ?? "",
      supplierMaterialCode: r.text("supplierMaterialCode"), leadTimeDays: numberOf(r, "leadTimeDays"), minOrderQuantity: r.text("minOrderQuantity"),
      orderMultiple: r.text("orderMultiple"), preferred: r.bool("preferred"),
    }),
    key: (i) => ({ field: "materialCode", value: `${i.supplierCode}/${i.materialCode}` }),
    input: ([i]) => i,
    read: readSupplierItem,
    // the area moves the mark to the item written last: two preferred lines of one material would swap it on every import
    across(_sql, records, report) {
      const preferred = new Map<string, number>();
      for (const { value, lines } of records) {
        if (!value.preferred) continue;
        const first = preferred.get(value.materialCode);
        if (first !== undefined) report(lines[0].line, conflict(`${value.materialCode} has its preferred supplier on line ${first}: one per material`, { field: "preferred" }), "preferred");
        else preferred.set(value.materialCode, lines[0].line);
      }
    },
    async stored(sql, values) {
      const { ids, codeOf } = await materialIds(sql, values.map((v) => v.materialCode));
      return new Map((await suppliers.itemsOf(ids)).map((i) => [`${i.supplierCode}/${codeOf.get(i.materialId)}`, i]));
    },
    recordKey: (v) => `${v.supplierCode}/${v.materialCode}`,
    same: (v, s) =>
      v.supplierMaterialCode === s.supplierMaterialCode && v.leadTimeDays === s.leadTimeDays && sameDecimal(v.minOrderQuantity, s.minOrderQuantity) &&
      sameDecimal(v.orderMultiple, s.orderMultiple) && v.preferred === s.preferred,
    upsert: (tx, i, principal) => suppliers.upsertSupplierItem(tx, i, principal),
  });

/** Supplier prices per material, valid from a date. */
export const supplierPricesKind = (suppliers: SupplierService) =>
  recordKind({
    name: "supplier-prices",
    roles: MASTER_DATA,
    columns: ["supplierCode", "materialCode", "price", "currency", "validFrom", "validTo"],
    required: ["supplierCode", "materialCode", "price", "currency", "validFrom"],
    parse: (r): SupplierPriceInput => ({
      supplierCode: r.text("supplierCode")?.toUpperCase() ?? "", materialCode: r.text("materialCode")?.toUpperCase() ?? "",
      price: r.text("price") ?? "", currency: r.text("currency") ?? "", validFrom: r.text("validFrom") ?? "", validTo: r.text("validTo"),
    }),
    key: (p) => ({ field: "validFrom", value: `${p.supplierCode}/${p.materialCode}/${p.validFrom}` }),
    input: ([p]) => p,
    read: readSupplierPrice,
    async stored(sql, values) {
      const { ids, codeOf } = await materialIds(sql, values.map((v) => v.materialCode));
      return new Map((await suppliers.pricesOf(ids)).map((p) => [`${p.supplierCode}/${codeOf.get(p.materialId)}/${day(p.validFrom)}`, p]));
    },
    recordKey: (v) => `${v.supplierCode}/${v.materialCode}/${day(v.validFrom)}`,
    same: (v, s) => sameDecimal(v.price, s.price) && v.currency === s.currency && sameTime(v.validTo, s.validTo, true),
    upsert: (tx, p, principal) => suppliers.upsertSupplierPrice(tx, p, principal),
  });
