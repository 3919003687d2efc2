import DataLoader from "dataloader";
import type { Sql } from "../db/database";
import { bomsOfMaterials, linesOfParents, type BomLineRow, type BomRow } from "../domain/bom/bom.queries";
import * as inv from "../domain/stock/inventory.queries";
import { locationsByIds, locationsOfWarehouseIds, warehousesByIds, type LocationRow, type WarehouseRow } from "../domain/sites/sites.store";
import { materialsByCodes, materialsByIds, type MaterialRow } from "../domain/materials/material.queries";
import { unitsByCodes, type UnitRow } from "../domain/units/units.store";
import { materialUnits, type MaterialUnitRow } from "../domain/materials/material.store";
import * as stock from "../domain/stock/stock.queries";
import { substitutesOfMaterials, type SubstituteRow } from "../domain/bom/bom.store";
import { costHistory, type CostRow } from "../domain/costs/costs.store";
import { routingsOf, type RoutingOperationRow } from "../domain/routings";
import { pricesOfMaterials, itemsOfMaterials, type SupplierItemRow, type SupplierPriceRow } from "../domain/suppliers/suppliers.store";
import * as wo from "../domain/work-orders/work-order.queries";
import { actionsOf, failuresOfExceptions, linksOf, type ActionRow, type FailureView, type LinkRow } from "../domain/exceptions";
import { groupRows } from "./group-rows";
import { lookAheadLoaders } from "./look-ahead-loaders";

/** How each loader is made, given the request's connection; made on first use (see createLoaders). */
const makers = {
  material: (sql: Sql) => byKey<number, MaterialRow>((ids) => materialsByIds(sql, ids), (r) => r.id),
  materialByCode: (sql: Sql) => byKey<string, MaterialRow>((codes) => materialsByCodes(sql, codes), (r) => r.code),
  unitsOfMaterial: (sql: Sql) => grouped<number, MaterialUnitRow>((ids) => materialUnits(sql, ids), (r) => r.materialId),
  supplierItemsOfMaterial: (sql: Sql) => grouped<number, SupplierItemRow>((ids) => itemsOfMaterials(sql, ids), (r) => r.materialId),
  supplierPricesOfMaterial: (sql: Sql) => grouped<number, SupplierPriceRow>((ids) => pricesOfMaterials(sql, ids), (r) => r.materialId),
  substitutesOfMaterial: (sql: Sql) => grouped<number, SubstituteRow>((ids) => substitutesOfMaterials(sql, ids), (r) => r.materialId),
  costsOfMaterial: (sql: Sql) => grouped<number, CostRow>((ids) => costHistory(sql, ids), (r) => r.materialId),
  routingOfMaterial: (sql: Sql) => grouped<number, RoutingOperationRow>((ids) => routingsOf(sql, ids), (r) => r.materialId),
  unit: (sql: Sql) => byKey<string, UnitRow>((codes) => unitsByCodes(sql, codes), (r) => r.code),
  bomOfMaterial: (sql: Sql) => byKey<number, BomRow>((ids) => bomsOfMaterials(sql, ids), (r) => r.materialId),
  bomLines: (sql: Sql) => grouped<number, BomLineRow>((ids) => linesOfParents(sql, ids), (r) => r.parentId),
  balancesOfMaterial: (sql: Sql) => grouped<number, inv.BalanceRow>((ids) => inv.balancesByMaterialIds(sql, ids), (r) => r.materialId),
  balancesAtLocation: (sql: Sql) => grouped<number, inv.BalanceRow>((ids) => inv.balancesByLocationIds(sql, ids), (r) => r.locationId),
  lotsOfMaterial: (sql: Sql) => grouped<number, inv.LotRow>((ids) => inv.lotsByMaterialIds(sql, ids), (r) => r.materialId),
  warehouse: (sql: Sql) => byKey<number, WarehouseRow>((ids) => warehousesByIds(sql, ids), (r) => r.id),
  location: (sql: Sql) => byKey<number, LocationRow>((ids) => locationsByIds(sql, ids), (r) => r.id),
  locationsOfWarehouse: (sql: Sql) => grouped<number, LocationRow>((ids) => locationsOfWarehouseIds(sql, ids), (r) => r.warehouseId),
  lot: (sql: Sql) => byKey<number, inv.LotRow>((ids) => inv.lotsByIds(sql, ids), (r) => r.id),
  ledgerEntry: (sql: Sql) => byKey<string, stock.LedgerEntryRow>((ids) => stock.entriesByIds(sql, ids), (r) => r.id),
  transferOrder: (sql: Sql) => byKey<number, stock.TransferOrderRow>((ids) => stock.transferOrdersByIds(sql, ids), (r) => r.id),
  workOrder: (sql: Sql) => byKey<number, wo.WorkOrderRow>((ids) => wo.workOrdersByIds(sql, ids), (r) => r.id),
  workOrderMaterials: (sql: Sql) => grouped<number, wo.WorkOrderMaterialRow>((ids) => wo.materialsOfWorkOrders(sql, ids), (r) => r.workOrderId),
  workOrderOperations: (sql: Sql) => grouped<number, wo.OperationRow>((ids) => wo.operationsOfWorkOrders(sql, ids), (r) => r.workOrderId),
  workOrderSubstitutions: (sql: Sql) => grouped<number, wo.SubstitutionRow>((ids) => wo.substitutionsOfWorkOrders(sql, ids), (r) => r.workOrderId),
  exceptionActions: (sql: Sql) => grouped<number, ActionRow>((ids) => actionsOf(sql, ids), (r) => r.exceptionId),
  exceptionLinks: (sql: Sql) => grouped<number, LinkRow>((ids) => linksOf(sql, ids), (r) => r.exceptionId),
  exceptionFailures: (sql: Sql) => grouped<number, FailureView>((ids) => failuresOfExceptions(sql, ids), (r) => r.exceptionId!),
  /** loaders reading only the columns a query selected (see src/resolvers/look-ahead.ts) */
  lookAhead: (sql: Sql) => lookAheadLoaders(sql),
};

type Makers = typeof makers;
export type Loaders = { readonly [K in keyof Makers]: ReturnType<Makers[K]> };

// every loader is a getter on one shared prototype that makes it on first read, for this object's `sql`
const SQL = Symbol("sql");
const MADE = Symbol("made");
const prototype = Object.defineProperties(
  {},
  Object.fromEntries(
    (Object.keys(makers) as (keyof Makers)[]).map((name) => [
      name,
      {
        enumerable: true,
        get(this: { [SQL]: Sql; [MADE]: Partial<Record<keyof Makers, unknown>> }) {
          return (this[MADE][name] ??= makers[name](this[SQL]));
        },
      },
    ]),
  ),
);

/**
 * Per-request batching: each loader turns the N lookups of one resolver level into one SQL statement,
 * so a nested query costs a number of statements bounded by its depth, not by its rows. A request or a live
 * subscription uses a few of them, so each is made the first time it is read: a subscriber that holds its
 * context for hours keeps the loaders it used, not thirty: 0.7 KB a context with one made, 18 KB with all of them
 * (measured with 5,000 contexts).
 */
export function createLoaders(sql: Sql): Loaders {
  const made: Partial<Record<keyof Makers, unknown>> = {};
  return Object.create(prototype, { [SQL]: { value: sql }, [MADE]: { value: made } }) as Loaders;
}

/** One row per key (null when missing), in key order as DataLoader requires. */
function byKey<K, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (r: R) => K) {
  return new DataLoader<K, R | null>(async (keys) => {
    const rows = new Map((await fetch(keys)).map((r) => [keyOf(r), r]));
    return keys.map((k) => rows.get(k) ?? null);
  });
}

function grouped<K, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (r: R) => K) {
  return new DataLoader<K, R[]>(async (keys) => groupRows(keys, await fetch(keys), keyOf));
}
