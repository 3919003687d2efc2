import { createHash } from "node:crypto";
import { canSee } from "../../../auth/warehouse-scope";
import { STOCK } from "../../../auth/roles";
import { storedMaterialsByCode } from "../../materials";
import { DomainError } from "../../shared/domain-error";
import { parseQuantity, type Decimal } from "../../shared/quantity";
import { postMovement } from "../../stock/balances";
import { assertActive, assertLotRule, lotsForReceipt } from "../../stock/stock-refs";
import { locationsOfWarehouses } from "../../sites";
import { allUnits } from "../../units";
import type { ImportKind } from "../import.types";
import { postedReferences, recordPostings } from "../import.store";

interface Input {
  materialCode: string;
  warehouseCode: string;
  locationCode: string;
  quantity: string;
  lotCode: string | null;
  expiresAt: Date | null;
  /** the explicit reference, or one made from the line's content */
  reference: string;
}

interface Ready {
  reference: string;
  /** null: posted by an earlier import, nothing to do */
  post: { materialId: number; warehouseId: number; locationId: number; lotCode: string | null; expiresAt: Date | null; quantity: Decimal } | null;
}

/**
 * Opening stock: one RECEIPT (reason OPENING) per line, posted once per reference — the `reference`
 * column, or else the line's content — so importing the same file again posts nothing.
 */
export const openingStockKind: ImportKind<Input, Ready> = {
  name: "opening-stock",
  roles: STOCK,
  columns: ["materialCode", "warehouseCode", "locationCode", "quantity", "lotCode", "expiresAt", "reference"],
  required: ["materialCode", "warehouseCode", "locationCode", "quantity"],
  batchSize: 5_000,

  parse(r) {
    const input = {
      materialCode: r.text("materialCode", { required: true }).toUpperCase(),
      warehouseCode: r.text("warehouseCode", { required: true }).toUpperCase(),
      locationCode: r.text("locationCode", { required: true }).toUpperCase(),
      quantity: r.text("quantity", { required: true }),
      lotCode: r.text("lotCode", { max: 64 }),
      expiresAt: r.date("expiresAt"),
    };
    const content = [input.materialCode, input.warehouseCode, input.locationCode, input.lotCode ?? "", input.quantity].join("\u0000");
    const reference = r.text("reference", { max: 200 }) ?? `content:${createHash("sha256").update(content).digest("hex")}`;
    return { ...input, reference };
  },

  key: (input) => ({ field: "reference", value: input.reference }),

  async prepare(sql, rows, report, principal) {
    const materials = await storedMaterialsByCode(sql, [...new Set(rows.map((r) => r.input.materialCode))]);
    const units = new Map((await allUnits(sql)).map((u) => [u.code, u.precision]));
    const places = new Map((await locationsOfWarehouses(sql, [...new Set(rows.map((r) => r.input.warehouseCode))])).map((l) => [`${l.warehouseCode}/${l.code}`, l]));
    const warehouses = new Set([...places.values()].map((l) => l.warehouseCode));
    const posted = await postedReferences(sql, rows.map((r) => r.input.reference));
    return rows.map(({ line, input }): Ready => {
      try {
        const m = materials.get(input.materialCode);
        if (!m || m.archived) throw new DomainError("NOT_FOUND", `unknown material ${input.materialCode}`, { field: "materialCode" });
        // out of scope is FORBIDDEN whether the warehouse exists or not
        if (!canSee(principal, input.warehouseCode)) throw new DomainError("FORBIDDEN", `not allowed in warehouse ${input.warehouseCode}`, { field: "warehouseCode" });
        if (!warehouses.has(input.warehouseCode)) throw new DomainError("NOT_FOUND", `unknown warehouse ${input.warehouseCode}`, { field: "warehouseCode" });
        const place = places.get(`${input.warehouseCode}/${input.locationCode}`);
        if (!place) throw new DomainError("NOT_FOUND", `unknown location ${input.warehouseCode}/${input.locationCode}`, { field: "locationCode" });
        assertActive(place.warehouseActive, `warehouse ${input.warehouseCode}`, "warehouse", { code: input.warehouseCode });
        assertActive(place.active, `location ${input.warehouseCode}/${input.locationCode}`, "location", { code: input.locationCode });
        assertLotRule(m, input.lotCode);
        const quantity = parseQuantity(input.quantity, { field: "quantity", precision: units.get(m.uomCode) });
        if (posted.has(input.reference)) return { reference: input.reference, post: null };
        return { reference: input.reference, post: { materialId: m.id, warehouseId: place.warehouseId, locationId: place.id, lotCode: input.lotCode, expiresAt: input.expiresAt, quantity } };
      } catch (e) {
        report(line, e, "materialCode");
        return { reference: input.reference, post: null };
      }
    });
  },

  async apply(tx, batch, { importId, actor }) {
    const todo = batch.filter((r) => r.post !== null);
    if (todo.length === 0) return { created: 0, updated: 0, unchanged: batch.length };
    const lots = await lotsForReceipt(tx, todo.flatMap((r) => (r.post!.lotCode ? [{ materialId: r.post!.materialId, code: r.post!.lotCode, expiresAt: r.post!.expiresAt }] : [])));
    const ids = await postMovement(
      tx,
      todo.map(({ post: p }) => ({
        type: "RECEIPT" as const, materialId: p!.materialId, warehouseId: p!.warehouseId, locationId: p!.locationId,
        lotId: p!.lotCode ? lots.get(`${p!.materialId}/${p!.lotCode}`)! : null, quantity: p!.quantity, reasonCode: "OPENING", note: `import ${importId}`,
      })),
      actor.id,
    );
    await recordPostings(tx, importId, todo.map((r) => r.reference), ids);
    return { created: todo.length, updated: 0, unchanged: batch.length - todo.length };
  },
};
