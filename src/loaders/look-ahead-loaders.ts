import DataLoader from "dataloader";
import type { RequestContext } from "../context";
import { lineColumnsOfParents, lineColumnsWithComponentOfParents, type BomLineRow } from "../domain/bom/bom.queries";
import { balanceColumnsByMaterialIds, type BalanceRow } from "../domain/inventory/inventory.queries";
import { materialColumnsByIds, type MaterialRow } from "../domain/materials/material.queries";
import { groupRows } from "./create-loaders";

/** A row read with only some columns: the named ones for sure, the others when the query selected them. */
export type Narrow<R, Always extends keyof R> = Pick<R, Always> & Partial<R>;

/**
 * Batching loaders like createLoaders', for look-ahead reads (columns chosen from the query, see
 * look-ahead.ts): one DataLoader per column set, made on first use and kept with the request's loaders.
 */
const perRequest = new WeakMap<object, Map<string, DataLoader<number, unknown>>>();

function loaderFor<V>(ctx: RequestContext, key: string, batch: (keys: readonly number[]) => Promise<V[]>) {
  let loaders = perRequest.get(ctx.loaders);
  if (!loaders) perRequest.set(ctx.loaders, (loaders = new Map()));
  let loader = loaders.get(key);
  if (!loader) loaders.set(key, (loader = new DataLoader(batch)));
  return loader as DataLoader<number, V>;
}

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

export const materialsWith = (ctx: RequestContext, columns: readonly (keyof MaterialRow)[]) =>
  loaderFor(ctx, `material:${keyOf(columns)}`, async (ids) => {
    const rows = new Map((await materialColumnsByIds(ctx.services.db.sql, ids, columns)).map((r) => [(r as Narrow<MaterialRow, "id">).id, r]));
    return ids.map((id) => (rows.get(id) as Narrow<MaterialRow, "id"> | undefined) ?? null);
  });

export const bomLinesWith = (ctx: RequestContext, columns: readonly (keyof BomLineRow)[]) =>
  loaderFor(ctx, `bomLines:${keyOf(columns)}`, async (parentIds) =>
    groupRows(parentIds, (await lineColumnsOfParents(ctx.services.db.sql, parentIds, columns)) as Narrow<BomLineRow, "parentId">[], (r) => r.parentId),
  );

export const balancesWith = (ctx: RequestContext, columns: readonly (keyof BalanceRow)[]) =>
  loaderFor(ctx, `balances:${keyOf(columns)}`, async (materialIds) =>
    groupRows(
      materialIds,
      (await balanceColumnsByMaterialIds(ctx.services.db.sql, materialIds, columns)) as Narrow<BalanceRow, "materialId" | "warehouseId" | "warehouseCode">[],
      (r) => r.materialId,
    ),
  );

/**
 * BOM lines with their components in one statement: the components go into the materialsWith loader
 * for `componentColumns`, where the lines' `component` resolver (same selection, same columns) finds them.
 */
export const bomLinesWithComponents = (ctx: RequestContext, lineColumns: readonly (keyof BomLineRow)[], componentColumns: readonly (keyof MaterialRow)[]) =>
  loaderFor(ctx, `bomLines+component:${keyOf(lineColumns)}:${keyOf(componentColumns)}`, async (parentIds) => {
    const rows = await lineColumnsWithComponentOfParents(ctx.services.db.sql, parentIds, lineColumns, componentColumns);
    const components = materialsWith(ctx, componentColumns);
    const lines = rows.map((row) => {
      const line = pick(row, lineColumns) as Narrow<BomLineRow, "parentId" | "componentId">;
      components.prime(line.componentId, { ...pick(row as Partial<MaterialRow>, componentColumns), id: line.componentId });
      return line;
    });
    return groupRows(parentIds, lines, (l) => l.parentId);
  });
