/**
 * Suppliers, what they deliver of which material on which terms (lead time, minimum order quantity,
 * order multiple, preferred), and their prices with currency and validity. For bulk import:
 * `validateSupplier` / `validateSupplierItem` / `validateSupplierPrice` (pure) list every field problem of
 * a row; `upsertSupplier(tx, …)` / `upsertSupplierItem(tx, …)` / `upsertSupplierPrice(tx, …)` write one row
 * inside the caller's transaction (audited), throwing a DomainError naming the field when they cannot.
 */
import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { runCommand, unkeyed } from "../idempotency/command";
import type { MaterialService } from "../materials/material.service";
import { writeAudit } from "../security/audit";
import { badInput, conflict, notFound } from "../shared/domain-error";
import { validValue, type UpsertMode } from "../shared/field-errors";
import { parseQuantity } from "../shared/quantity";
import {
  readSupplier, readSupplierItem, readSupplierPrice, validateSupplier, validateSupplierItem, validateSupplierPrice,
  type SupplierInput, type SupplierItemInput, type SupplierPriceInput,
} from "./supplier.rules";
import * as store from "./suppliers.store";

export class SupplierService {
  constructor(
    private readonly db: Database,
    private readonly materials: MaterialService,
  ) {}

  readonly validateSupplier = validateSupplier;
  readonly validateSupplierItem = validateSupplierItem;
  readonly validateSupplierPrice = validateSupplierPrice;

  async upsertSupplier(tx: Tx, input: SupplierInput, principal: Principal, mode: UpsertMode = "sync"): Promise<store.SupplierRow> {
    const v = validValue(readSupplier(input));
    if (mode !== "update") {
      const created = await store.insertSupplier(tx, v);
      if (created) {
        await writeAudit(tx, principal, "Supplier", v.code, "create", { ...v });
        return created;
      }
      if (mode === "create") throw conflict(`supplier ${v.code} already exists`, { field: "code" });
    }
    if (!(await store.supplierByCode(tx, v.code, true))) throw notFound("Supplier", v.code);
    const row = await store.updateSupplier(tx, v);
    await writeAudit(tx, principal, "Supplier", v.code, "update", { ...v });
    // its lead time and whether it is active are what MRP plans its preferred materials with
    await supplierTermsChanged(tx, await store.preferredMaterialsOf(tx, row.id));
    return row;
  }

  /** Creates or changes what the supplier delivers of a material; `preferred` takes the mark from any other supplier. */
  async upsertSupplierItem(tx: Tx, input: SupplierItemInput, principal: Principal): Promise<store.SupplierItemRow> {
    const v = validValue(readSupplierItem(input));
    const supplier = await this.requireSupplier(tx, v.supplierCode);
    const m = await this.materials.requireMaterial(tx, v.materialCode, "materialCode");
    if (m.type !== "BUY") throw badInput(`${m.code} is made, not bought`, { field: "materialCode" });
    for (const f of ["minOrderQuantity", "orderMultiple"] as const) if (v[f]) parseQuantity(v[f]!, { field: f, precision: m.precision });
    await store.lockMaterialItems(tx, m.id);
    if (v.preferred) await store.clearPreferred(tx, m.id, supplier.id);
    const row = {
      supplierId: supplier.id, materialId: m.id, supplierMaterialCode: v.supplierMaterialCode, leadTimeDays: v.leadTimeDays,
      minOrderQuantity: v.minOrderQuantity?.toFixed() ?? null, orderMultiple: v.orderMultiple?.toFixed() ?? null, preferred: v.preferred,
    };
    const created = await store.upsertItem(tx, row);
    await writeAudit(tx, principal, "SupplierItem", `${supplier.code}/${m.code}`, created ? "create" : "update", row);
    await supplierTermsChanged(tx, [m.id]);
    return store.itemOf(tx, supplier.id, m.id);
  }

  /** Creates or changes the price valid from `validFrom` (prices per base unit of the material). */
  async upsertSupplierPrice(tx: Tx, input: SupplierPriceInput, principal: Principal): Promise<store.SupplierPriceRow> {
    const v = validValue(readSupplierPrice(input));
    const supplier = await this.requireSupplier(tx, v.supplierCode);
    const m = await this.materials.requireMaterial(tx, v.materialCode, "materialCode");
    const row = { supplierId: supplier.id, materialId: m.id, price: v.price.toFixed(), currency: v.currency, validFrom: v.validFrom, validTo: v.validTo };
    const created = await store.upsertPrice(tx, row);
    await writeAudit(tx, principal, "SupplierPrice", `${supplier.code}/${m.code}/${v.validFrom.toISOString().slice(0, 10)}`, created ? "create" : "update", row);
    return store.priceOf(tx, supplier.id, m.id, v.validFrom);
  }

  async requireSupplier(tx: Tx, code: string, field = "supplierCode"): Promise<store.SupplierRow> {
    const s = await store.supplierByCode(tx, code.trim().toUpperCase());
    if (!s) throw badInput(`unknown supplier ${JSON.stringify(code)}`, { field });
    if (!s.active) throw badInput(`supplier ${s.code} is inactive`, { field });
    return s;
  }

  /** Each material's preferred supplier and its terms, for MRP (inside the run's transaction). */
  preferredTerms(tx: Tx) {
    return store.preferredTerms(tx);
  }

  save(input: SupplierInput, principal: Principal, mode: UpsertMode) {
    return runCommand(this.db, unkeyed(principal, "saveSupplier"), (tx) => this.upsertSupplier(tx, input, principal, mode));
  }

  saveItem(input: SupplierItemInput, principal: Principal) {
    return runCommand(this.db, unkeyed(principal, "saveSupplierItem"), (tx) => this.upsertSupplierItem(tx, input, principal));
  }

  savePrice(input: SupplierPriceInput, principal: Principal) {
    return runCommand(this.db, unkeyed(principal, "saveSupplierPrice"), (tx) => this.upsertSupplierPrice(tx, input, principal));
  }

  list() {
    return store.allSuppliers(this.db.sql);
  }

  byCodes(codes: readonly string[]) {
    return store.suppliersByCodes(this.db.sql, codes);
  }

  itemsOf(materialIds: readonly number[]) {
    return store.itemsOfMaterials(this.db.sql, materialIds);
  }

  pricesOf(materialIds: readonly number[]) {
    return store.pricesOfMaterials(this.db.sql, materialIds);
  }
}

/** Net-change planning re-plans materials whose preferred supplier's terms may have changed, in every warehouse. */
async function supplierTermsChanged(tx: Tx, materialIds: number[]): Promise<void> {
  if (materialIds.length) await writeEvent(tx, "planning.masterChanged", { materialIds, cause: "SUPPLIER", warehouseId: null, warehouseCode: null });
}
