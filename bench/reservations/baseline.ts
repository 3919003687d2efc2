import pg from "pg";

/**
 * The raw-SQL baseline: the same reservation transaction as createWorkOrder — read the BOM, insert the
 * order, its operation and material lines, lock the components' free balance rows in id order, reserve
 * against them — with `pg`, no GraphQL, no HTTP, no validation, no idempotency.
 */
export class ReservationBaseline {
  private readonly pool: pg.Pool;

  constructor(url: string, poolSize: number) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize });
  }

  async reserve(productCode: string, quantity: number): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const lines = (await c.query<{ productId: number; componentId: number; qty: string }>(
        `SELECT m.id AS "productId", l.component_id AS "componentId", (l.quantity_per * $2)::text AS qty
           FROM material m JOIN bom b ON b.material_id = m.id JOIN bom_line l ON l.bom_id = b.id WHERE m.code = $1 ORDER BY l.position`,
        [productCode, quantity],
      )).rows;
      const [wo] = (await c.query<{ id: number }>(
        `INSERT INTO work_order (id, number, material_id, warehouse_id, quantity, created_by)
         SELECT n, 'WB-' || lpad(n::text, 6, '0'), $1, 1, $2, 'baseline' FROM nextval('work_order_id_seq') AS n RETURNING id`,
        [lines[0].productId, quantity],
      )).rows;
      await c.query(`INSERT INTO work_order_operation (work_order_id, sequence, name) VALUES ($1, 10, 'Assembly')`, [wo.id]);
      const ids = lines.map((l) => l.componentId);
      await c.query(
        `INSERT INTO work_order_material (work_order_id, material_id, operation_seq, required, reserved) SELECT $1, m, 10, q, q FROM unnest($2::int[], $3::numeric[]) AS u(m, q)`,
        [wo.id, ids, lines.map((l) => l.qty)],
      );
      const rows = (await c.query<{ id: number; materialId: number; free: string }>(
        `SELECT id, material_id AS "materialId", (on_hand - reserved)::text AS free FROM stock_balance
          WHERE material_id = ANY($1::int[]) AND on_hand > reserved ORDER BY id FOR UPDATE`,
        [ids],
      )).rows;
      // First row with enough free stock per component (the hub allocates FEFO over the rows the same way).
      const takes = lines.map((l) => {
        const row = rows.find((r) => r.materialId === l.componentId && Number(r.free) >= Number(l.qty));
        if (!row) throw new Error(`baseline: component ${l.componentId} is short`);
        return { id: row.id, q: l.qty };
      });
      await c.query(`UPDATE stock_balance b SET reserved = b.reserved + d.q FROM unnest($1::int[], $2::numeric[]) AS d(id, q) WHERE b.id = d.id`, [takes.map((t) => t.id), takes.map((t) => t.q)]);
      await c.query(
        `INSERT INTO reservation (material_id, warehouse_id, location_id, lot_id, work_order_id, quantity)
         SELECT b.material_id, 1, b.location_id, b.lot_id, $3, d.q FROM unnest($1::int[], $2::numeric[]) AS d(id, q) JOIN stock_balance b ON b.id = d.id`,
        [takes.map((t) => t.id), takes.map((t) => t.q), wo.id],
      );
      await c.query("COMMIT");
    } catch (err) {
      await c.query("ROLLBACK");
      throw err;
    } finally {
      c.release();
    }
  }

  stop() {
    return this.pool.end();
  }
}
