import type { RequestContext } from "../context";

/** Stock in warehouses outside a scoped identity's warehouses is not shown to it. */
export function visibleBalances<T extends { warehouseCode: string }>(rows: T[], ctx: RequestContext): T[] {
  const scope = ctx.principal?.warehouses;
  return scope ? rows.filter((r) => scope.includes(r.warehouseCode)) : rows;
}
