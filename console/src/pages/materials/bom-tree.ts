/** The BOM explosion as a foldable tree: rows in depth-first order, each named by its path of material ids. */

export const pathKey = (path: readonly string[]) => path.join("/");

/** Rows not under a folded row (folded: path keys): a row's ancestors are the proper prefixes of its path. */
export function visibleRows<R extends { path: readonly string[] }>(rows: readonly R[], folded: ReadonlySet<string>): R[] {
  return rows.filter((r) => !r.path.slice(0, -1).some((_, i) => folded.has(pathKey(r.path.slice(0, i + 1)))));
}
