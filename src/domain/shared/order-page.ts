import type { Sql } from "../../db/database";
import { optionalNamedIn, type Named } from "./ref";
import { sqlVisible } from "./visible-sql";

/** What lists of orders (work orders, purchase orders) are filtered by. */
export interface OrderFilter extends Named<"warehouse">, Named<"material"> {
  status?: string | null;
  /** the caller's warehouses; null = all */
  warehouses?: readonly string[] | null;
}

/** How a list of orders reads: its table and columns, and the materials area's lookup of a material by code. */
export interface OrderTable {
  /** the order table's alias in `from` (a table with id, status and material_id columns) */
  alias: string;
  columns: string;
  /** the order table joined to `warehouse w` */
  from: string;
  /** SQL for the id of the material whose code is bound to `param` (the materials area's `materialIdOfCode`) */
  materialIdOfCode(param: string): string;
}

/** A page of orders in id order after `afterId`, with the filtered total. */
export async function pageOfOrders<R>(sql: Sql, table: OrderTable, f: OrderFilter, afterId: number, limit: number) {
  const { alias: o, columns, from } = table;
  const warehouse = optionalNamedIn("Warehouse", f, "warehouse");
  const material = optionalNamedIn("Material", f, "material");
  const params: unknown[] = [
    f.status ?? null, warehouse && "code" in warehouse ? warehouse.code.toUpperCase() : null, material && "code" in material ? material.code.toUpperCase() : null,
    f.warehouses ?? null, warehouse && "id" in warehouse ? warehouse.id : null, material && "id" in material ? material.id : null,
  ];
  const where = `($1::text IS NULL OR ${o}.status::text = $1) AND ($2::text IS NULL OR w.code = $2) AND ($5::int IS NULL OR w.id = $5)
    AND ($3::text IS NULL OR ${o}.material_id = ${table.materialIdOfCode("$3")}) AND ($6::int IS NULL OR ${o}.material_id = $6)
    AND ${sqlVisible("w.code", "$4")}`;
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`, params);
  const rows = await sql.query<R>(`SELECT ${columns} FROM ${from} WHERE ${where} AND ${o}.id > $7 ORDER BY ${o}.id LIMIT ${limit + 1}`, [...params, afterId]);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}
