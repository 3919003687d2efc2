import DataLoader from "dataloader";
import type { Sql } from "../db/database";
import { lineColumnsOfParents, lineColumnsWithComponentOfParents, type BomLineRow } from "../domain/bom/bom.queries";
import { balanceColumnsByMaterialIds, type BalanceRow } from "../domain/stock/inventory.queries";
import { materialColumnsByIds, type MaterialRow } from "../domain/materials/material.queries";
import { groupRows } from "./group-rows";

/** A row read with only some columns: the named ones for sure, the others when the query selected them. */
export type Narrow<R, Always extends keyof R> = Pick<R, Always> & Partial<R>;

// Column lists come from look-ahead's cache, so their joined text is worth keeping too.
const joined = new WeakMap<readonly string[], string>();
function keyOf(columns: readonly string[]): string {
  let key = joined.get(columns);
  if (key === undefined) joined.set(columns, (key = columns.join()));
  return key;
}

function pick<R, K extends keyof R>(row: R, columns: readonly K[]): Pick<R, K> {
  const picked = {} as Pick<R, K>;
  for (const c of columns) picked[c] = row[c];
  return picked;
}

/**
 * Batching loaders like createLoaders', for look-ahead reads (columns chosen from the query, see
 * src/resolvers/look-ahead.ts): one DataLoader per column set, made on first use and kept for the request.
 */
export function lookAheadLoaders(sql: Sql) {
  const loaders = new Map<string, DataLoader<number, unknown>>();
  function loaderFor<V>(key: string, batch: (keys: readonly number[]) => Promise<V[]>) {
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = new DataLoader(batch)));
    return loader as DataLoader<number, V>;
  }

  const materialsWith = (columns: readonly (keyof MaterialRow)[]) =>
    loaderFor(`material:${keyOf(columns)}`, async (ids) => {
      const rows = new Map((await materialColumnsByIds(sql, ids, columns)).map((r) => [(r as Narrow<MaterialRow, "id">).id, r]));
      return ids.map((id) => (rows.get(id) as Narrow<MaterialRow, "id"> | undefined) ?? null);
    });

  const bomLinesWith = (columns: readonly (keyof BomLineRow)[]) =>
    loaderFor(`bomLines:${keyOf(columns)}`, async (parentIds) =>
      groupRows(parentIds, (await lineColumnsOfParents(sql, parentIds, columns)) as Narrow<BomLineRow, "parentId">[], (r) => r.parentId),
    );

  const balancesWith = (columns: readonly (keyof BalanceRow)[]) =>
    loaderFor(`balances:${keyOf(columns)}`, async (materialIds) =>
      groupRows(
        materialIds,
        (await balanceColumnsByMaterialIds(sql, materialIds, columns)) as Narrow<BalanceRow, "materialId" | "warehouseId" | "warehouseCode">[],
        (r) => r.materialId,
      ),
    );

  /**
   * BOM lines with their components in one statement: the components go into the materialsWith loader
   * for `componentColumns`, where the lines' `component` resolver (same selection, same columns) finds them.
   */
  const bomLinesWithComponents = (lineColumns: readonly (keyof BomLineRow)[], componentColumns: readonly (keyof MaterialRow)[]) =>
    loaderFor(`bomLines+component:${keyOf(lineColumns)}:${keyOf(componentColumns)}`, async (parentIds) => {
      const rows = await lineColumnsWithComponentOfParents(sql, parentIds, lineColumns, componentColumns);
      const components = materialsWith(componentColumns);
      const lines = rows.map((row) => {
        const line = pick(row, lineColumns) as Narrow<BomLineRow, "parentId" | "componentId">;
        components.prime(line.componentId, { ...pick(row as Partial<MaterialRow>, componentColumns), id: line.componentId });
        return line;
      });
      return groupRows(parentIds, lines, (l) => l.parentId);
    });

  return { materialsWith, bomLinesWith, balancesWith, bomLinesWithComponents };
}
