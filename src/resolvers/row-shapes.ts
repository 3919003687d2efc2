import { isBomLineColumn, type BomLineRow } from "../domain/bom/bom.queries";
import type { BalanceRow } from "../domain/stock";
import { isMaterialColumn, type MaterialRow } from "../domain/materials/material.queries";
import type { RowShape } from "../loaders/look-ahead";

/*
 * What each field of these GraphQL types reads from its row, for look-ahead loading (loaders/look-ahead.ts).
 * Keep `resolvers` in step with the types' field resolvers; a field resolver missing here is safe (whole
 * rows are read), one listed with too few columns is not.
 */

export const MATERIAL_SHAPE: RowShape<keyof MaterialRow> = {
  isColumn: isMaterialColumn,
  resolvers: { uom: ["uomCode"], bomLines: ["id"], bom: ["id"], balances: ["id"], lots: ["id"] },
  always: ["id"],
};

export const BOM_LINE_SHAPE: RowShape<keyof BomLineRow> = {
  isColumn: isBomLineColumn,
  resolvers: { component: ["componentId"] },
  always: ["parentId"],
};

/** Tells a row type's columns apart from other fields: each listed once, and the compiler holds the list to the type. */
const columnsOf = <C extends string>(columns: Record<C, true>) => (field: string): field is C => Object.hasOwn(columns, field);

/** warehouseCode: visibility and the warehouseCode argument filter on it; warehouseId: the warehouseId argument */
export const BALANCE_SHAPE: RowShape<keyof BalanceRow> = {
  isColumn: columnsOf<keyof BalanceRow>({
    id: true, materialId: true, locationId: true, warehouseId: true, warehouseCode: true, lotId: true, onHand: true, reserved: true, available: true,
    inTransit: true, updatedAt: true,
  }),
  resolvers: { material: ["materialId"], location: ["locationId"], lot: ["lotId"] },
  always: ["materialId", "warehouseId", "warehouseCode"],
};
