import { sqlVisible } from "../../auth/warehouse-scope";
import type { Sql } from "../../db/database";
import { optionalNamedIn, type Named } from "./ref";

/** What lists of orders (work orders, purchase orders) are filtered by. */
export interface OrderFilter extends Named<"warehouse">, Named<"material"> {
  status?: string | null;
  /** the caller's warehouses; null = all */
  warehouses?: readonly string[] | null;
}

/**
 * A page of orders in id order after `afterId`, with the filtered total. `from` joins the order table
 * (alias `alias`, with id, status and material_id columns) to `warehouse w`.
 */
export async function pageOfOrders<R>(sql: Sql, table: { alias: string; columns: string; from: string }, f: OrderFilter, afterId: number, limit: number) {
  const { alias: o, columns, from } = table;
  const warehouse = optionalNamedIn("Warehouse", f, "warehouse");
  const material = optionalNamedIn("Material", f, "material");
  const params: unknown[] = [
    f.status ?? null, warehouse && "code" in warehouse ? warehouse.code.toUpperCase() : null, material && "code" in material ? material.code.toUpperCase() : null,
    f.warehouses ?? null, warehouse && "id" in warehouse ? warehouse.id : null, material && "id" in material ? material.id : null,
  ];
  const where = `($1::text IS NULL OR ${o}.status::text = $1) AND ($2::text IS NULL OR w.code = $2) AND ($5::int IS NULL OR w.id = $5)
    AND ($3::text IS NULL OR ${o}.material_id = (SELECT id FROM material WHERE code = $3)) AND ($6::int IS NULL OR ${o}.material_id = $6)
    AND ${sqlVisible("w.code", "$4")}`;
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`, params);
  const rows = await sql.query<R>(`SELECT ${columns} FROM ${from} WHERE ${where} AND ${o}.id > $7 ORDER BY ${o}.id LIMIT ${limit + 1}`, [...params, afterId]);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}
