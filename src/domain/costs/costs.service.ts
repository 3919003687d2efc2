/**
 * Standard costs per material (per base unit) with their history, and the value of stock at them. For
 * bulk import: `validateStandardCost(input)` (pure) lists every field problem of a row;
 * `upsertStandardCost(tx, input, principal)` writes one inside the caller's transaction (audited).
 */
import { canSee } from "../../auth/warehouse-scope";
import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { runCommand, unkeyed } from "../idempotency/command";
import type { MaterialService } from "../materials/material.service";
import { writeAudit } from "../security/audit";
import { validValue, FieldChecks, type FieldError } from "../shared/field-errors";
import type { SiteService } from "../sites/sites.service";
import { stockOnHand } from "../stock";
import * as store from "./costs.store";
import { inventoryValue, type ValueGrouping } from "./inventory-value";

export interface StandardCostInput { materialCode: string; cost: string; currency: string; /** default: today */ validFrom?: Date | string | null }

export function readStandardCost(input: StandardCostInput) {
  const c = new FieldChecks();
  const materialCode = c.code(input.materialCode, "materialCode");
  const cost = c.decimal(input.cost, "cost", { allowZero: true });
  const currency = c.currency(input.currency, "currency");
  const validFrom = input.validFrom == null ? new Date() : c.date(input.validFrom, "validFrom");
  return { value: c.errors.length ? null : { materialCode: materialCode!, cost: cost!, currency: currency!, validFrom: validFrom!.toISOString().slice(0, 10) }, errors: c.errors };
}

export const validateStandardCost = (input: StandardCostInput): FieldError[] => readStandardCost(input).errors;

export class CostService {
  constructor(
    private readonly db: Database,
    private readonly materials: MaterialService,
    private readonly sites: SiteService,
  ) {}

  readonly validateStandardCost = validateStandardCost;

  async upsertStandardCost(tx: Tx, input: StandardCostInput, principal: Principal): Promise<store.CostRow> {
    const v = validValue(readStandardCost(input));
    const m = await this.materials.requireMaterial(tx, v.materialCode, "materialCode");
    const { row, created } = await store.upsertCost(tx, { materialId: m.id, cost: v.cost.toFixed(), currency: v.currency, validFrom: v.validFrom, by: principal.id });
    await writeAudit(tx, principal, "MaterialCost", `${m.code}/${v.validFrom}`, created ? "create" : "update", { cost: v.cost.toFixed(), currency: v.currency });
    return row;
  }

  save(input: StandardCostInput, principal: Principal) {
    return runCommand(this.db, unkeyed(principal, "saveStandardCost"), (tx) => this.upsertStandardCost(tx, input, principal));
  }

  history(materialIds: readonly number[]) {
    return store.costHistory(this.db.sql, materialIds);
  }

  /** Stock on hand at today's standard costs, grouped; `visible` keeps the warehouses a caller may see. */
  async value(groupBy: ValueGrouping, warehouseCode: string | null, principal: Principal) {
    // reads only: each statement on its own (a transaction would add nothing at READ COMMITTED)
    const tx = this.db.sql;
    const warehouse = warehouseCode ? await this.sites.requireWarehouse(tx, warehouseCode, "warehouseCode", principal) : null;
    const stock = await stockOnHand(tx, warehouse?.id ?? null);
    const materials = new Map((await this.materials.summaries(tx, [...new Set(stock.map((s) => s.materialId))])).map((m) => [m.id, m]));
    const warehouses = new Map((await this.sites.warehousesByIds(tx, [...new Set(stock.map((s) => s.warehouseId))])).map((w) => [w.id, w]));
    const costs = new Map((await store.costsOn(tx, new Date().toISOString().slice(0, 10))).map((c) => [c.materialId, c]));
    const valued = stock
      .filter((s) => canSee(principal, warehouses.get(s.warehouseId)!.code))
      .map((s) => {
        const m = materials.get(s.materialId)!;
        const cost = costs.get(s.materialId);
        return { warehouseCode: warehouses.get(s.warehouseId)!.code, materialCode: m.code, abcClass: m.abcClass, onHand: s.onHand, cost: cost?.cost ?? null, currency: cost?.currency ?? null };
      });
    return inventoryValue(valued, groupBy);
  }
}
