/** A scratch database with the generated plant in it (generate.ts), for the MRP benches. */
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import type { MrpInput } from "../../src/domain/mrp";
import { createScratchDatabase } from "../../test/support/scratch-database";

export async function withDatabase<T>(fn: (db: Database, url: string) => Promise<T>): Promise<T> {
  const scratch = await createScratchDatabase("hub_bench_mrp");
  const db = await openDatabase({ url: scratch.url, poolSize: 4 });
  try {
    await migrate(db);
    return await fn(db, scratch.url);
  } finally {
    await db.close();
    await scratch.drop();
  }
}

/** Writes the generated plant with one bulk statement per table. */
export async function seed(db: Database, plant: MrpInput) {
  const q = db.sql.query.bind(db.sql);
  const m = plant.materials;
  await q(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 6)`);
  await q(`INSERT INTO warehouse (code, name, kind) VALUES ('W1', 'Bench plant', 'PLANT')`);
  await q(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Stores' FROM warehouse`);
  await q(
    `INSERT INTO material (id, code, name, uom_code, type, lead_time_days, lot_sizing, lot_size_fixed, lot_size_min, lot_size_multiple,
                           lot_size_max, periods_of_supply, safety_stock, created_by, updated_by)
     SELECT id, code, code, 'EA', t::"MaterialType", lt, ls::"LotSizingPolicy", f, mn, mu, mx, pos, ss, 'bench', 'bench'
       FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[], $10::int[], $11::numeric[])
         AS u(id, code, t, lt, ls, f, mn, mu, mx, pos, ss)`,
    [m.map((x) => x.id), m.map((x) => x.code), m.map((x) => x.type), m.map((x) => x.leadTimeDays), m.map((x) => x.lotSizing),
     m.map((x) => x.lotSizeFixed ?? null), m.map((x) => x.lotSizeMin ?? null), m.map((x) => x.lotSizeMultiple ?? null), m.map((x) => x.lotSizeMax ?? null),
     m.map((x) => x.periodsOfSupply ?? null), m.map((x) => x.safetyStock)],
  );
  await q(`SELECT setval('material_id_seq', (SELECT max(id) FROM material))`);
  const lines = plant.bomLines;
  await q(`INSERT INTO bom (material_id, created_by, updated_by) SELECT DISTINCT p, 'bench', 'bench' FROM unnest($1::int[]) AS p`, [lines.map((l) => l.parentId)]);
  await q(
    `INSERT INTO bom_line (bom_id, position, component_id, quantity_per, scrap_pct)
     SELECT b.id, row_number() OVER (PARTITION BY u.p ORDER BY u.ord), u.c, u.q, u.s
       FROM unnest($1::int[], $2::int[], $3::numeric[], $4::numeric[]) WITH ORDINALITY AS u(p, c, q, s, ord) JOIN bom b ON b.material_id = u.p`,
    [lines.map((l) => l.parentId), lines.map((l) => l.componentId), lines.map((l) => l.quantityPer), lines.map((l) => l.scrapPct ?? "0")],
  );
  // The database never holds more reserved than on hand (a CHECK constraint), unlike the pure generator.
  const stocked = m.filter((x) => Number(x.onHand) > 0);
  await q(
    `INSERT INTO stock_balance (material_id, location_id, on_hand, reserved)
     SELECT u.id, (SELECT id FROM location), u.h, least(u.r, u.h) FROM unnest($1::int[], $2::numeric[], $3::numeric[]) AS u(id, h, r)`,
    [stocked.map((x) => x.id), stocked.map((x) => x.onHand), stocked.map((x) => x.reserved)],
  );
  const d = plant.demands;
  await q(
    `INSERT INTO mps_line (material_id, warehouse_id, quantity, due_date, created_by)
     SELECT u.m, (SELECT id FROM warehouse), u.q, u.d, 'bench' FROM unnest($1::int[], $2::numeric[], $3::timestamptz[]) AS u(m, q, d)`,
    [d.map((x) => x.materialId), d.map((x) => x.quantity), d.map((x) => new Date(x.dueDate).toISOString())],
  );
  const r = plant.scheduledReceipts;
  await q(
    `INSERT INTO purchase_order (number, material_id, warehouse_id, quantity, due_date, created_by)
     SELECT 'PO-' || u.ord, u.m, (SELECT id FROM warehouse), u.q, u.d, 'bench'
       FROM unnest($1::int[], $2::numeric[], $3::timestamptz[]) WITH ORDINALITY AS u(m, q, d, ord)`,
    [r.map((x) => x.materialId), r.map((x) => x.quantity), r.map((x) => new Date(x.dueDate).toISOString())],
  );
}
