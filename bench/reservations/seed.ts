import { SYSTEM } from "../../src/auth/principal";
import type { Database } from "../../src/db/database";
import { Decimal } from "../../src/domain/shared/quantity";
import { postMovement } from "../../src/domain/stock/balances";
import { inTransaction } from "../../src/db/transaction";

export interface BenchShape {
  /** finished goods; each client order picks one at random */
  products: number;
  /** distinct components per product (quantity per 1, no scrap) */
  components: number;
  /** balance rows (locations) each component is stocked in */
  bins: number;
}

/** Master data by SQL; the stock by receipts through the ledger writer, so integrity checks hold from the start. */
export async function seedReservationBench(db: Database, s: BenchShape): Promise<void> {
  const parts = s.products * s.components;
  const statements = [
    `INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`,
    `INSERT INTO material (code, name, uom_code, type, created_by, updated_by)
       SELECT 'FG-' || i, 'Product ' || i, 'EA', 'MAKE', 'bench', 'bench' FROM generate_series(1, ${s.products}) i`,
    `INSERT INTO material (code, name, uom_code, type, created_by, updated_by)
       SELECT 'PART-' || i, 'Part ' || i, 'EA', 'BUY', 'bench', 'bench' FROM generate_series(1, ${parts}) i`,
    `INSERT INTO bom (material_id, created_by, updated_by) SELECT id, 'bench', 'bench' FROM material WHERE code LIKE 'FG-%'`,
    `INSERT INTO bom_line (bom_id, position, component_id, quantity_per)
       SELECT b.id, p, (SELECT id FROM material WHERE code = 'PART-' || ((b.material_id - 1) * ${s.components} + p)), 1
         FROM bom b CROSS JOIN generate_series(1, ${s.components}) p`,
    `INSERT INTO warehouse (code, name, kind) VALUES ('W1', 'Bench plant', 'PLANT')`,
    `INSERT INTO location (warehouse_id, code, name) SELECT 1, 'BIN-' || i, 'Bin ' || i FROM generate_series(1, ${s.bins}) i`,
  ];
  for (const q of statements) await db.sql.query(q);
  const rows = await db.sql.query<{ materialId: number; locationId: number }>(
    `SELECT m.id AS "materialId", l.id AS "locationId" FROM material m CROSS JOIN location l WHERE m.code LIKE 'PART-%' ORDER BY 1, 2`,
  );
  await inTransaction(db, (tx) =>
    postMovement(tx, rows.map((r) => ({ type: "RECEIPT" as const, materialId: r.materialId, warehouseId: 1, locationId: r.locationId, lotId: null, quantity: new Decimal(10_000_000) })), SYSTEM.id),
  );
}
