import type { BomLineRow } from "../domain/bom";
import type { BalanceRow } from "../domain/stock";
import type { MaterialRow } from "../domain/materials";
import type { RowShape } from "./look-ahead";

/*
 * What each field of these GraphQL types reads from its row, for look-ahead loading (look-ahead.ts).
 * Keep `resolvers` in step with the types' field resolvers; a field resolver missing here is safe (whole
 * rows are read), one listed with too few columns is not.
 */

/** `isColumn` of a row type, from each of its columns named once (the compiler checks the names against the row). */
const columnsOf =
  <C extends string>(columns: Record<C, true>) =>
  (field: string): field is C =>
    Object.hasOwn(columns, field);

export const MATERIAL_SHAPE: RowShape<keyof MaterialRow> = {
  isColumn: columnsOf<keyof MaterialRow>({
    id: true, code: true, name: true, description: true, uomCode: true, type: true, leadTimeDays: true, lotSizing: true, lotSizeFixed: true,
    lotSizeMin: true, lotSizeMultiple: true, lotSizeMax: true, periodsOfSupply: true, safetyStock: true, abcClass: true, xyzClass: true, classifiedAt: true, lotTracked: true,
    lowLevelCode: true, unitWeight: true, buyer: true, archivedAt: true, version: true, createdAt: true, createdBy: true, updatedAt: true, updatedBy: true,
  }),
  resolvers: { uom: ["uomCode"], bomLines: ["id"], bom: ["id"], balances: ["id"], lots: ["id"] },
  always: ["id"],
};

export const BOM_LINE_SHAPE: RowShape<keyof BomLineRow> = {
  isColumn: columnsOf<keyof BomLineRow>({
    id: true, bomId: true, parentId: true, position: true, componentId: true, quantityPer: true, scrapPct: true, operationSeq: true,
    validFrom: true, validTo: true, baseQuantity: true,
  }),
  resolvers: { component: ["componentId"] },
  always: ["parentId"],
};

/** warehouseCode: visibility and the warehouseCode argument filter on it; warehouseId: the warehouseId argument */
export const BALANCE_SHAPE: RowShape<keyof BalanceRow> = {
  isColumn: columnsOf<keyof BalanceRow>({
    id: true, materialId: true, locationId: true, warehouseId: true, warehouseCode: true, lotId: true, onHand: true, reserved: true, available: true,
    inTransit: true, updatedAt: true,
  }),
  resolvers: { material: ["materialId"], location: ["locationId"], lot: ["lotId"] },
  always: ["materialId", "warehouseId", "warehouseCode"],
};
