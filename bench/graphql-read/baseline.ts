import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";

/**
 * The raw baseline: the same rows the GraphQL query reads, fetched with `pg` in three batched queries
 * (page, lines with their component, balances of those components) and assembled into the same JSON
 * the hub returns. No GraphQL, no auth: the floor the hub is compared against.
 */
/** Its pool's `application_name`: the bench tells its PostgreSQL backends by it. */
export const BASELINE_APPLICATION = "bench baseline";

export async function startBaseline(databaseUrl: string, first: number, poolSize: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, application_name: BASELINE_APPLICATION });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      readTree(pool, first).then(
        (body) => {
          res.setHeader("content-type", "application/json");
          res.end(body);
        },
        (err: Error) => {
          res.statusCode = 500;
          res.end(err.message);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

// trim_scale matches the Decimal scalar's canonical text (no trailing zeros).
const PAGE = `SELECT id, code, name FROM material WHERE archived_at IS NULL ORDER BY id LIMIT $1`;
const LINES = `SELECT b.material_id AS "parentId", trim_scale(l.quantity_per)::text AS "quantityPer", trim_scale(l.scrap_pct)::text AS "scrapPct",
    c.id, c.code
  FROM bom b JOIN bom_line l ON l.bom_id = b.id JOIN material c ON c.id = l.component_id
  WHERE b.material_id = ANY($1::int[]) ORDER BY l.position`;
const BALANCES = `SELECT b.material_id AS "materialId", b.location_id AS "locationId", b.lot_id AS "lotId",
    trim_scale(b.on_hand)::text AS "onHand", trim_scale(b.reserved)::text AS reserved, trim_scale(b.on_hand - b.reserved)::text AS available
  FROM stock_balance b JOIN location l ON l.id = b.location_id
  WHERE b.material_id = ANY($1::int[]) AND (b.on_hand <> 0 OR b.reserved <> 0 OR b.in_transit <> 0)
  ORDER BY l.warehouse_id, l.code, b.lot_id NULLS FIRST`;

async function readTree(pool: pg.Pool, first: number): Promise<string> {
  const materials = (await pool.query(PAGE, [first])).rows;
  const lines = (await pool.query(LINES, [materials.map((m) => m.id)])).rows;
  const balances = (await pool.query(BALANCES, [[...new Set(lines.map((l) => l.id))]])).rows;

  const balancesOf = new Map<number, object[]>();
  for (const b of balances) {
    const list = balancesOf.get(b.materialId) ?? [];
    list.push({ locationId: String(b.locationId), lotId: b.lotId === null ? null : String(b.lotId), onHand: b.onHand, reserved: b.reserved, available: b.available });
    balancesOf.set(b.materialId, list);
  }
  const linesOf = new Map<number, object[]>();
  for (const l of lines) {
    const list = linesOf.get(l.parentId) ?? [];
    list.push({ quantityPer: l.quantityPer, scrapPct: l.scrapPct, component: { id: String(l.id), code: l.code, balances: balancesOf.get(l.id) ?? [] } });
    linesOf.set(l.parentId, list);
  }
  const nodes = materials.map((m) => ({ id: String(m.id), code: m.code, name: m.name, bomLines: linesOf.get(m.id) ?? [] }));
  return JSON.stringify({ data: { materials: { nodes } } });
}
