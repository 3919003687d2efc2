/**
 * The peer: PostGraphile 5 (a dev dependency, used by this bench only) serving the same rows as the hub,
 * through views in a schema of their own that give it the same shape: live materials, the BOM lines of a
 * parent, and the non-empty balances of a material, with decimals as the hub prints them. It runs in a
 * child process under the registry's Node 24 (`scripts/with-node.js`, installed into a cache the first time;
 * PostGraphile 5 needs Node ≥ 22), so its CPU time is its own; the bench compares its answer with the hub's before timing.
 */
import { fork } from "node:child_process";
import path from "node:path";
import type { Sql } from "../../src/db/database";

// dist/bench/graphql-read → the repository's scripts/
const { nodeBinary } = require(path.resolve(__dirname, "../../../scripts/with-node.js")) as { nodeBinary(major: string): string };

const SCHEMA = "bench_peer";
/** Its pool's `application_name`: the bench tells its PostgreSQL backends by it. */
export const PEER_APPLICATION = "bench peer";

/** Smart comments tell PostGraphile the views' keys and relations (views have no constraints). */
const VIEWS = [
  `CREATE SCHEMA ${SCHEMA}`,
  `CREATE VIEW ${SCHEMA}.material AS SELECT id, code, name FROM material WHERE archived_at IS NULL`,
  `CREATE VIEW ${SCHEMA}.component AS SELECT id, code FROM material`,
  `CREATE VIEW ${SCHEMA}.bom_line AS
     SELECT l.id, b.material_id AS parent_id, l.position, l.component_id,
            trim_scale(l.quantity_per)::text AS quantity_per, trim_scale(l.scrap_pct)::text AS scrap_pct
       FROM bom b JOIN bom_line l ON l.bom_id = b.id`,
  `CREATE VIEW ${SCHEMA}.balance AS
     SELECT b.id, b.material_id, b.location_id, b.lot_id, l.warehouse_id, l.code AS location_code,
            trim_scale(b.on_hand)::text AS on_hand, trim_scale(b.reserved)::text AS reserved, trim_scale(b.on_hand - b.reserved)::text AS available
       FROM stock_balance b JOIN location l ON l.id = b.location_id
      WHERE b.on_hand <> 0 OR b.reserved <> 0 OR b.in_transit <> 0`,
  `COMMENT ON VIEW ${SCHEMA}.material IS E'@primaryKey id'`,
  `COMMENT ON VIEW ${SCHEMA}.component IS E'@primaryKey id'`,
  `COMMENT ON VIEW ${SCHEMA}.bom_line IS E'@primaryKey id\\n@foreignKey (parent_id) references ${SCHEMA}.material (id)\\n@foreignKey (component_id) references ${SCHEMA}.component (id)'`,
  `COMMENT ON VIEW ${SCHEMA}.balance IS E'@primaryKey id\\n@foreignKey (material_id) references ${SCHEMA}.component (id)'`,
];

/**
 * The bench's query in PostGraphile's naming (its `id` is the global node id, `rowId` the column), in the
 * hub's order: lines by position, balances by warehouse, location, lot.
 */
export const peerQuery = (first: number) =>
  `{ allMaterials(first: ${first}, orderBy: ROW_ID_ASC) { nodes { id: rowId code name
      bomLinesByParentId(orderBy: POSITION_ASC) { nodes { quantityPer scrapPct
        componentByComponentId { id: rowId code
          balancesByMaterialId(orderBy: [WAREHOUSE_ID_ASC, LOCATION_CODE_ASC, LOT_ID_ASC]) { nodes { locationId lotId onHand reserved available } } } } } } } }`;

interface PeerBalance { locationId: number; lotId: number | null; onHand: string; reserved: string; available: string }
interface PeerLine { quantityPer: string; scrapPct: string; componentByComponentId: { id: number; code: string; balancesByMaterialId: { nodes: PeerBalance[] } } }
interface PeerAnswer { data: { allMaterials: { nodes: { id: number; code: string; name: string; bomLinesByParentId: { nodes: PeerLine[] } }[] } } }

/** The peer's answer in the hub's shape and types (ids as strings), to compare the two. */
export function asHubAnswer(answer: unknown) {
  const nodes = (answer as PeerAnswer).data.allMaterials.nodes.map((m) => ({
    id: String(m.id),
    code: m.code,
    name: m.name,
    bomLines: m.bomLinesByParentId.nodes.map(({ quantityPer, scrapPct, componentByComponentId: c }) => ({
      quantityPer,
      scrapPct,
      component: {
        id: String(c.id),
        code: c.code,
        balances: c.balancesByMaterialId.nodes.map((b) => ({ ...b, locationId: String(b.locationId), lotId: b.lotId === null ? null : String(b.lotId) })),
      },
    })),
  }));
  return { data: { materials: { nodes } } };
}

/** Creates the peer's views in the bench's database and starts PostGraphile on them. */
export async function startPostGraphile(sql: Sql, databaseUrl: string, poolSize: number) {
  for (const statement of VIEWS) await sql.query(statement);
  const child = fork(path.join(__dirname, "postgraphile-server.js"), [databaseUrl, SCHEMA, String(poolSize), PEER_APPLICATION], {
    execPath: nodeBinary("24"),
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m: { url: string }) => resolve(m.url));
    child.once("exit", (code) => reject(new Error(`PostGraphile exited (${code}) before listening`)));
  });
  return {
    url,
    /** the peer process's CPU time so far, in microseconds */
    cpu: () =>
      new Promise<number>((resolve) => {
        child.once("message", (m: { cpu: NodeJS.CpuUsage }) => resolve(m.cpu.user + m.cpu.system));
        child.send("cpu");
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}
