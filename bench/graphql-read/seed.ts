import type { Sql } from "../../src/db/database";

export interface Shape {
  /** top-level materials, the page the query reads (ids 1..materials) */
  materials: number;
  linesPerBom: number;
  balancesPerComponent: number;
}

/**
 * Set-based inserts: `materials` finished goods first (so `materials(first: n)` reads exactly them),
 * then one distinct component per BOM line, each with balances at different locations — the first
 * one lot-tracked so nullable lot ids appear in the output. Decimals get varied, non-trivial scales.
 */
export async function seedBenchData(sql: Sql, { materials, linesPerBom, balancesPerComponent }: Shape): Promise<void> {
  const components = materials * linesPerBom;
  const statements = [
    `INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`,
    `INSERT INTO material (code, name, uom_code, type, created_by, updated_by)
       SELECT 'FG-' || lpad(i::text, 5, '0'), 'Finished good ' || i, 'EA', 'MAKE', 'bench', 'bench' FROM generate_series(1, ${materials}) i`,
    `INSERT INTO material (code, name, uom_code, type, lot_tracked, created_by, updated_by)
       SELECT 'C-' || lpad(i::text, 6, '0'), 'Component ' || i, 'EA', 'BUY', true, 'bench', 'bench' FROM generate_series(1, ${components}) i`,
    `INSERT INTO bom (material_id, created_by, updated_by) SELECT id, 'bench', 'bench' FROM material WHERE id <= ${materials}`,
    `INSERT INTO bom_line (bom_id, position, component_id, quantity_per, scrap_pct)
       SELECT b.id, p, ${materials} + (b.material_id - 1) * ${linesPerBom} + p, (p * 1.25)::numeric, (p % 3) * 0.5
         FROM bom b CROSS JOIN generate_series(1, ${linesPerBom}) p`,
    `INSERT INTO warehouse (code, name, kind) VALUES ('W1', 'Main plant', 'PLANT')`,
    `INSERT INTO location (warehouse_id, code, name) SELECT 1, 'BIN-' || i, 'Bin ' || i FROM generate_series(1, ${balancesPerComponent}) i`,
    `INSERT INTO lot (material_id, code) SELECT id, 'LOT-' || id FROM material WHERE id > ${materials}`,
    `INSERT INTO stock_balance (material_id, location_id, lot_id, lot_key, on_hand, reserved)
       SELECT m.id, loc.id, CASE WHEN loc.id = 1 THEN lot.id END, CASE WHEN loc.id = 1 THEN lot.id ELSE 0 END,
              100 + m.id + loc.id * 0.125, (m.id % 7) * 1.5
         FROM material m JOIN lot ON lot.material_id = m.id CROSS JOIN location loc`,
  ];
  for (const s of statements) await sql.query(s);
}
