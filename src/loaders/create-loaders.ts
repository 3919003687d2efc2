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

/**
 * Per-request batching: each loader turns the N lookups of one resolver level into one SQL statement,
 * so a nested query costs a number of statements bounded by its depth, not by its rows.
 */
export function createLoaders(sql: Sql) {
  return {
    material: byKey<number, MaterialRow>((ids) => materialsByIds(sql, ids), (r) => r.id),
    materialByCode: byKey<string, MaterialRow>((codes) => materialsByCodes(sql, codes), (r) => r.code),
    unitsOfMaterial: grouped<number, MaterialUnitRow>((ids) => materialUnits(sql, ids), (r) => r.materialId),
    supplierItemsOfMaterial: grouped<number, SupplierItemRow>((ids) => itemsOfMaterials(sql, ids), (r) => r.materialId),
    supplierPricesOfMaterial: grouped<number, SupplierPriceRow>((ids) => pricesOfMaterials(sql, ids), (r) => r.materialId),
    substitutesOfMaterial: grouped<number, SubstituteRow>((ids) => substitutesOfMaterials(sql, ids), (r) => r.materialId),
    costsOfMaterial: grouped<number, CostRow>((ids) => costHistory(sql, ids), (r) => r.materialId),
    routingOfMaterial: grouped<number, RoutingOperationRow>((ids) => routingsOf(sql, ids), (r) => r.materialId),
    unit: byKey<string, UnitRow>((codes) => unitsByCodes(sql, codes), (r) => r.code),
    bomOfMaterial: byKey<number, BomRow>((ids) => bomsOfMaterials(sql, ids), (r) => r.materialId),
    bomLines: grouped<number, BomLineRow>((ids) => linesOfParents(sql, ids), (r) => r.parentId),
    balancesOfMaterial: grouped<number, inv.BalanceRow>((ids) => inv.balancesByMaterialIds(sql, ids), (r) => r.materialId),
    balancesAtLocation: grouped<number, inv.BalanceRow>((ids) => inv.balancesByLocationIds(sql, ids), (r) => r.locationId),
    lotsOfMaterial: grouped<number, inv.LotRow>((ids) => inv.lotsByMaterialIds(sql, ids), (r) => r.materialId),
    warehouse: byKey<number, WarehouseRow>((ids) => warehousesByIds(sql, ids), (r) => r.id),
    location: byKey<number, LocationRow>((ids) => locationsByIds(sql, ids), (r) => r.id),
    locationsOfWarehouse: grouped<number, LocationRow>((ids) => locationsOfWarehouseIds(sql, ids), (r) => r.warehouseId),
    lot: byKey<number, inv.LotRow>((ids) => inv.lotsByIds(sql, ids), (r) => r.id),
    ledgerEntry: byKey<string, stock.LedgerEntryRow>((ids) => stock.entriesByIds(sql, ids), (r) => r.id),
    transferOrder: byKey<number, stock.TransferOrderRow>((ids) => stock.transferOrdersByIds(sql, ids), (r) => r.id),
    workOrder: byKey<number, wo.WorkOrderRow>((ids) => wo.workOrdersByIds(sql, ids), (r) => r.id),
    workOrderMaterials: grouped<number, wo.WorkOrderMaterialRow>((ids) => wo.materialsOfWorkOrders(sql, ids), (r) => r.workOrderId),
    workOrderOperations: grouped<number, wo.OperationRow>((ids) => wo.operationsOfWorkOrders(sql, ids), (r) => r.workOrderId),
    workOrderSubstitutions: grouped<number, wo.SubstitutionRow>((ids) => wo.substitutionsOfWorkOrders(sql, ids), (r) => r.workOrderId),
    exceptionActions: grouped<number, ActionRow>((ids) => actionsOf(sql, ids), (r) => r.exceptionId),
    exceptionLinks: grouped<number, LinkRow>((ids) => linksOf(sql, ids), (r) => r.exceptionId),
    exceptionFailures: grouped<number, FailureView>((ids) => failuresOfExceptions(sql, ids), (r) => r.exceptionId!),
    /** loaders reading only the columns a query selected (see src/resolvers/look-ahead.ts) */
    lookAhead: lookAheadLoaders(sql),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

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
