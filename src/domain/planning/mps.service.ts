import type { Principal } from "../../auth/principal";
import { assertVisible, sqlVisible, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import { runCommand } from "../idempotency/command";
import { badInput, notFound } from "../shared/domain-error";
import { namedIn, type Named } from "../shared/ref";
import * as refs from "../stock/stock-refs";
import type { DemandSource } from "../mrp";

export type MpsLineInput = Named<"material"> & Named<"warehouse"> & {
  quantity: string;
  dueDate: Date;
  source?: DemandSource | null;
  reference?: string | null;
};

export interface MpsLineRow {
  id: number;
  materialId: number;
  warehouseId: number;
  quantity: string;
  dueDate: Date;
  /** due before today (UTC); such demand is taken (a late sales order is still demand) and flagged */
  pastDue: boolean;
  source: DemandSource;
  reference: string | null;
  createdAt: Date;
  createdBy: string;
}

const COLUMNS = `id, material_id AS "materialId", warehouse_id AS "warehouseId", quantity::text AS quantity, due_date AS "dueDate",
  due_date < date_trunc('day', now() AT TIME ZONE 'UTC') AS "pastDue", source, reference, created_at AS "createdAt", created_by AS "createdBy"`;

/**
 * Independent demand (MPS lines, sales orders, forecasts), the input MRP plans for; sales orders consume the
 * forecast of their period (see src/domain/mrp/forecast-consumption.ts). ERP calls retry with keys.
 */
export class MpsService {
  constructor(
    private readonly db: Database,
    private readonly ttlHours: number,
  ) {}

  create(input: MpsLineInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "createMpsLine", idempotencyKey: key, payload: input, ttlHours: this.ttlHours }, async (tx) => {
      const m = await refs.material(tx, namedIn("Material", input, "material"));
      const w = await refs.warehouse(tx, namedIn("Warehouse", input, "warehouse"), principal);
      const quantity = refs.quantityOf(m, input.quantity);
      if (Number.isNaN(input.dueDate.getTime())) throw badInput("dueDate is not a date", { field: "dueDate" });
      const reference = input.reference?.trim() || null;
      if (reference && reference.length > 100) throw badInput("reference is at most 100 characters", { field: "reference" });
      const [row] = await tx.query<MpsLineRow>(
        `INSERT INTO mps_line (material_id, warehouse_id, quantity, due_date, source, reference, created_by)
         VALUES ($1, $2, $3::numeric, $4, $5::"DemandSource", $6, $7) RETURNING ${COLUMNS}`,
        [m.id, w.id, quantity.toFixed(6), input.dueDate, input.source ?? "MPS", reference, principal.id],
      );
      return row;
    });
  }

  /** Removes a demand line; its pegs go with it (plans made from it keep their quantities). */
  delete(id: number, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "deleteMpsLine", idempotencyKey: key, payload: { id }, ttlHours: this.ttlHours }, async (tx) => {
      const [row] = await tx.query<{ warehouseCode: string }>(
        `SELECT w.code AS "warehouseCode" FROM mps_line l JOIN warehouse w ON w.id = l.warehouse_id WHERE l.id = $1 FOR UPDATE OF l`,
        [id],
      );
      if (!row) throw notFound("MpsLine", id);
      assertVisible(principal, row.warehouseCode, "MpsLine", id);
      await tx.query(`DELETE FROM mps_line WHERE id = $1`, [id]);
      return { id };
    });
  }

  /** Oldest first, in the warehouses of `scope`. */
  async page(filter: { warehouseId?: number; materialId?: number }, scope: WarehouseScope, afterId: number, limit: number) {
    const where = `($1::int IS NULL OR warehouse_id = $1) AND ($2::int IS NULL OR material_id = $2)
      AND ${sqlVisible("(SELECT code FROM warehouse w WHERE w.id = mps_line.warehouse_id)", "$3")}`;
    const params = [filter.warehouseId ?? null, filter.materialId ?? null, scope];
    const rows = await this.db.sql.query<MpsLineRow>(`SELECT ${COLUMNS} FROM mps_line WHERE ${where} AND id > $4 ORDER BY id LIMIT $5`, [...params, afterId, limit + 1]);
    const [{ total }] = await this.db.sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM mps_line WHERE ${where}`, params);
    return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
  }
}
