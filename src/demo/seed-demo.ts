import { SYSTEM } from "../auth/principal";
import type { Database } from "../db/database";
import { runCommand } from "../domain/idempotency/command";
import { BomService } from "../domain/bom/bom.service";
import { SubstituteService } from "../domain/bom/substitute.service";
import { CostService } from "../domain/costs";
import { findMaterials } from "../domain/materials/material.queries";
import { MaterialService } from "../domain/materials/material.service";
import { RoutingService } from "../domain/routings";
import { SiteService } from "../domain/sites";
import { StockService } from "../domain/stock/stock.service";
import { SupplierService } from "../domain/suppliers";
import { UnitService } from "../domain/units";
import {
  BOMS, CURRENCY, MADE_COSTS, MATERIALS, PRICES_FROM, PURCHASED, ROUTINGS, SECOND_SOURCES, STOCK, SUBSTITUTES, SUPPLIERS, UNITS, WAREHOUSES,
  WORK_CENTERS,
} from "./demo-plant";

const SEED_LOCK = 74_260_003;
const DAY = 86_400_000;

/**
 * Loads the demo plant into an empty database, once: does nothing when any material exists. Everything goes
 * through the areas' services, as the graph's master-data mutations do (validated, audited as `system`),
 * in one command (one transaction); the stock enters as receipts.
 */
export async function seedDemoPlant(db: Database): Promise<boolean> {
  const materials = new MaterialService(db);
  const sites = new SiteService(db);
  const s = {
    units: new UnitService(db), sites, materials, boms: new BomService(db), suppliers: new SupplierService(db, materials),
    substitutes: new SubstituteService(db, materials), costs: new CostService(db, materials, sites), routings: new RoutingService(db, materials),
    stock: new StockService(db),
  };
  const by = SYSTEM;
  const { seeded } = await runCommand(db, { principal: by, operation: "seedDemoPlant", payload: {} }, async (tx) => {
    await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${SEED_LOCK})`);
    if ((await findMaterials(tx, { includeArchived: true }, 0, 1)).rows.length > 0) return { seeded: false };
    for (const unit of UNITS) await s.units.upsertUnit(tx, unit, by);
    for (const { locations, ...warehouse } of WAREHOUSES) {
      await s.sites.upsertWarehouse(tx, warehouse, by);
      for (const [code, name, kind] of locations) await s.sites.upsertLocation(tx, { warehouseCode: warehouse.code, code, name, kind: kind as "STORAGE" }, by);
    }
    for (const supplier of SUPPLIERS) await s.suppliers.upsertSupplier(tx, supplier, by);

    const newMaterials = MATERIALS.map(([code, name, uomCode, type, leadTimeDays, abcClass, extra]) => ({ code, name, uomCode, type, leadTimeDays, abcClass, ...extra }));
    await s.materials.createAll(tx, newMaterials, by, s.units);
    for (const [parent, lines] of Object.entries(BOMS)) {
      const bomLines = lines.map(([componentCode, quantityPer, scrapPct, operationSeq]) => ({ componentCode, quantityPer, scrapPct, operationSeq }));
      await s.boms.upsertBom(tx, { code: parent }, { baseQuantity: "1", lines: bomLines }, by);
    }

    const leadTimes = new Map(MATERIALS.map(([code, , , , leadTimeDays]) => [code, leadTimeDays]));
    for (const [materialCode, [supplierCode, price, terms]] of Object.entries(PURCHASED)) {
      await s.suppliers.upsertSupplierItem(tx, { supplierCode, materialCode, leadTimeDays: leadTimes.get(materialCode), preferred: true, ...terms }, by);
      await s.suppliers.upsertSupplierPrice(tx, { supplierCode, materialCode, price, currency: CURRENCY, validFrom: PRICES_FROM }, by);
      await s.costs.upsertStandardCost(tx, { materialCode, cost: price, currency: CURRENCY, validFrom: PRICES_FROM }, by);
    }
    for (const [materialCode, supplierCode, price, leadTimeDays] of SECOND_SOURCES) {
      await s.suppliers.upsertSupplierItem(tx, { supplierCode, materialCode, leadTimeDays }, by);
      await s.suppliers.upsertSupplierPrice(tx, { supplierCode, materialCode, price, currency: CURRENCY, validFrom: PRICES_FROM }, by);
    }
    for (const [materialCode, cost] of Object.entries(MADE_COSTS)) {
      await s.costs.upsertStandardCost(tx, { materialCode, cost, currency: CURRENCY, validFrom: PRICES_FROM }, by);
    }
    for (const substitute of SUBSTITUTES) await s.substitutes.upsertSubstitute(tx, substitute, by);
    for (const center of WORK_CENTERS) await s.routings.upsertWorkCenter(tx, center, by);
    for (const [materialCode, ops] of Object.entries(ROUTINGS)) {
      const operations = ops.map(([sequence, name, workCenterCode, setupMinutes, runMinutesPerUnit]) => ({ sequence, name, workCenterCode, setupMinutes, runMinutesPerUnit }));
      await s.routings.upsertRouting(tx, { materialCode, operations }, by);
    }

    const now = Date.now();
    for (const [materialCode, warehouseCode, locationCode, quantity, lotCode, expiryDays] of STOCK) {
      const expiresAt = expiryDays ? new Date(now + expiryDays * DAY) : null;
      await s.stock.postReceipt(tx, { materialCode, warehouseCode, locationCode, quantity, lotCode, expiresAt, reasonCode: "OPENING", note: "demo opening stock" }, by);
    }
    return { seeded: true };
  });
  return seeded;
}
