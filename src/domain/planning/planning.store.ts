import type { Sql } from "../../db/database";
import type { CopyText } from "../../db/copy-text";
import type { Tx } from "../../db/transaction";
import { now } from "../../runtime/clock";
import { materialJoin } from "../materials/material.store";
import type { DemandSource, MrpDemand, PlannedSupply } from "../mrp";
import { warehouseJoin } from "../sites/sites.store";
import type { MrpRunPhase, MrpRunRow, MpsLineRow, StoredPeg, SupplyKind } from "./planning.types";
import { copyPegs, storedPegsJson } from "./stored-pegs";

/** The only files whose SQL names mps_line, mrp_run, planned_order and purchase_suggestion: this one (commands, runs) and plan*.queries.ts (reads). */

export const MPS_COLUMNS = `id, material_id AS "materialId", warehouse_id AS "warehouseId", quantity::text AS quantity, due_date AS "dueDate",
  due_date < date_trunc('day', now() AT TIME ZONE 'UTC') AS "pastDue", source, reference, created_at AS "createdAt", created_by AS "createdBy"`;

export const RUN_COLUMNS = `id, status, what_if AS "whatIf", is_current AS "isCurrent", warehouse_id AS "warehouseId", bucket,
  horizon_days AS "horizonDays", parameters, phase, progress, counts, timings, error, started_at AS "startedAt",
  finished_at AS "finishedAt", net_change_at AS "netChangeAt", created_by AS "createdBy", group_id AS "groupId", purged_at AS "purgedAt"`;

export async function insertMpsLine(
  tx: Tx,
  v: { materialId: number; warehouseId: number; quantity: string; dueDate: Date; source: DemandSource; reference: string | null; by: string },
): Promise<MpsLineRow> {
  const [row] = await tx.query<MpsLineRow>(
    `INSERT INTO mps_line (material_id, warehouse_id, quantity, due_date, source, reference, created_by)
     VALUES ($1, $2, $3::numeric, $4, $5::"DemandSource", $6, $7) RETURNING ${MPS_COLUMNS}`,
    [v.materialId, v.warehouseId, v.quantity, v.dueDate, v.source, v.reference, v.by],
  );
  return row;
}

/** The demand line's material and warehouse, the line locked until the transaction ends; undefined when there is none. */
export async function lockMpsLine(tx: Tx, id: number): Promise<{ materialId: number; warehouseId: number; warehouseCode: string } | undefined> {
  const [row] = await tx.query<{ materialId: number; warehouseId: number; warehouseCode: string }>(
    `SELECT l.material_id AS "materialId", l.warehouse_id AS "warehouseId", w.code AS "warehouseCode" FROM mps_line l ${warehouseJoin("w", "l.warehouse_id")} WHERE l.id = $1 FOR UPDATE OF l`,
    [id],
  );
  return row;
}

export async function deleteMpsLine(tx: Tx, id: number): Promise<void> {
  await tx.query(`DELETE FROM mps_line WHERE id = $1`, [id]);
}

/** A warehouse's independent demand (of some materials only, when given), as MRP plans for it. */
export function demandsOf(tx: Tx, warehouseId: number, materialIds: readonly number[] | null = null): Promise<MrpDemand[]> {
  return tx.query<MrpDemand>(
    `SELECT id, material_id AS "materialId", quantity::text AS quantity, due_date AS "dueDate", source::text AS source
       FROM mps_line WHERE warehouse_id = $1 AND ($2::int[] IS NULL OR material_id = ANY($2::int[])) ORDER BY due_date, id`,
    [warehouseId, materialIds],
  );
}

const RUN_LOCK = 74_260_010;

/** Serialises starting runs of one warehouse. */
export async function lockRunsOf(tx: Tx, warehouseId: number): Promise<void> {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${RUN_LOCK}, $1::int)`, [warehouseId]);
}

/** Capacity checks (raising and resolving CAPACITY exceptions) run one at a time, until the caller's transaction ends. */
export async function lockCapacityCheck(tx: Tx): Promise<void> {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${RUN_LOCK}, -1)`);
}

/** A run of the warehouse still QUEUED or RUNNING that began less than `staleMinutes` ago (older ones were interrupted). */
export async function busyRunOf(tx: Tx, warehouseId: number, staleMinutes: number): Promise<{ id: number } | undefined> {
  const [busy] = await tx.query<{ id: number }>(
    `SELECT id FROM mrp_run WHERE warehouse_id = $1 AND status IN ('QUEUED', 'RUNNING') AND NOT what_if
        AND coalesce(started_at, created_at) > $3::timestamp - make_interval(mins => $2::int)`,
    [warehouseId, staleMinutes, now().toISOString()],
  );
  return busy;
}

export async function insertQueuedRun(
  tx: Tx,
  v: { warehouseId: number; bucket: string; horizonDays: number; parameters: Record<string, unknown>; by: string },
): Promise<MrpRunRow> {
  const [row] = await tx.query<MrpRunRow>(
    `INSERT INTO mrp_run (status, warehouse_id, bucket, horizon_days, parameters, created_by, created_at)
     VALUES ('QUEUED', $1, $2::"PlanningBucket", $3, $4::jsonb, $5, $6::timestamp) RETURNING ${RUN_COLUMNS}`,
    [v.warehouseId, v.bucket, v.horizonDays, JSON.stringify(v.parameters), v.by, now().toISOString()],
  );
  return row;
}

/** The run's phase; the first one starts it (QUEUED → RUNNING). */
export async function markRunPhase(tx: Tx, runId: number, phase: MrpRunPhase, percent: number): Promise<void> {
  await tx.query(
    `UPDATE mrp_run SET status = 'RUNNING', started_at = coalesce(started_at, $4::timestamp), phase = $2::"MrpRunPhase", progress = $3 WHERE id = $1`,
    [runId, phase, percent, now().toISOString()],
  );
}

/** The warehouse's current run is current no more; the ids of the runs retired. */
export async function retireCurrentRun(tx: Tx, warehouseId: number): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(`UPDATE mrp_run SET is_current = false WHERE warehouse_id = $1 AND is_current RETURNING id`, [warehouseId]);
  return rows.map((r) => r.id);
}

/** The run is complete and its plan the warehouse's current one. */
export async function completeRun(tx: Tx, runId: number, counts: Record<string, number>, timings: Record<string, number>): Promise<void> {
  await tx.query(
    `UPDATE mrp_run SET status = 'COMPLETED', is_current = true, phase = NULL, progress = 100, finished_at = $4::timestamp,
            counts = $2::jsonb, timings = $3::jsonb WHERE id = $1`,
    [runId, JSON.stringify(counts), JSON.stringify(timings), now().toISOString()],
  );
}

export async function failRun(tx: Tx, runId: number, error: string): Promise<void> {
  await tx.query(`UPDATE mrp_run SET status = 'FAILED', phase = NULL, error = $2, finished_at = $3::timestamp WHERE id = $1`, [runId, error, now().toISOString()]);
}

/** The warehouse's current run: what net-change planning keeps up to date (undefined: none yet). */
export async function currentRunOf(sql: Sql, warehouseId: number): Promise<{ id: number; parameters: Record<string, unknown>; startedAt: Date; groupId: number | null } | undefined> {
  const [row] = await sql.query<{ id: number; parameters: Record<string, unknown>; startedAt: Date; groupId: number | null }>(
    `SELECT id, parameters, coalesce(started_at, created_at) AS "startedAt", group_id AS "groupId" FROM mrp_run WHERE warehouse_id = $1 AND is_current`,
    [warehouseId],
  );
  return row;
}

/** The warehouses that have a current run (what a change to master data of every warehouse reaches). */
export async function warehousesWithCurrentRun(sql: Sql): Promise<number[]> {
  return (await sql.query<{ warehouseId: number }>(`SELECT warehouse_id AS "warehouseId" FROM mrp_run WHERE is_current ORDER BY warehouse_id`)).map((r) => r.warehouseId);
}

/**
 * The run's plan is brought up to date by net change now (the transaction's time), if it is still current:
 * the run stays locked until the transaction ends (a run being made current waits for it). False when
 * another run has replaced it.
 */
export async function markNetChangeIfCurrent(tx: Tx, runId: number): Promise<boolean> {
  return (await tx.query(`UPDATE mrp_run SET net_change_at = now() WHERE id = $1 AND is_current RETURNING id`, [runId])).length === 1;
}

/** The tables that hold a run's plan: what a purge empties of rows not released, and whose statistics a run refreshes. */
export const PLAN_TABLES = ["planned_order", "purchase_suggestion", "planned_transfer"] as const;
export type PlanTable = (typeof PLAN_TABLES)[number];

/**
 * Refreshes PostgreSQL's statistics of the plan tables after a run wrote its rows, before it becomes current.
 * Without it the planner's statistics predate the run: its id is unknown to them, so PostgreSQL estimates a handful
 * of rows for it and finds net change's rows by run alone, filtering the run's whole plan for the materials wanted
 * (~70–90 ms a cycle from the second run on, instead of ~6 ms: docs/benchmarks.md). Autovacuum would analyse them
 * eventually; a cycle a second after the run cannot wait for it.
 */
export async function refreshPlanStatistics(tx: Tx): Promise<void> {
  // only the run's column, from a sample of 3,000 rows (statistics target 10, not 100): the other columns' statistics
  // hardly change from one run to the next, and the default sample of all of them cost ~250 ms a run at 10k materials
  await tx.query(`SET LOCAL default_statistics_target = 10`);
  await tx.query(`ANALYZE ${PLAN_TABLES.map((table) => `${table} (mrp_run_id)`).join(", ")}`);
}

/**
 * Removes the run's suggested (not released) planned orders and purchase suggestions of whole materials, and
 * of some materials those due on some dates (pairs by position), in one statement.
 */
export async function deleteSuggestedSupplies(
  tx: Tx,
  runId: number,
  materialIds: readonly number[],
  due: { materialIds: readonly number[]; dueDates: readonly string[] } = { materialIds: [], dueDates: [] },
): Promise<void> {
  // the index (run, material) finds the rows of all the materials named; the pairs then pick among them
  const which = `mrp_run_id = $1 AND status = 'SUGGESTED' AND material_id = ANY($2::int[] || $3::int[])
    AND (material_id = ANY($2::int[]) OR (material_id, due_date) IN (SELECT m, (d::timestamp AT TIME ZONE 'UTC')::timestamp FROM unnest($3::int[], $4::date[]) AS x(m, d)))`;
  await tx.query(`WITH orders AS (DELETE FROM planned_order WHERE ${which}) DELETE FROM purchase_suggestion WHERE ${which}`, [runId, materialIds, due.materialIds, due.dueDates]);
}

/** A run's planned orders and purchase suggestions (suggested or released), for net change's comparison: days as YYYY-MM-DD, quantities as stored. */
export const storedSuppliesOf = (sql: Sql, runId: number) =>
  sql.query<{ kind: SupplyKind; materialId: number; quantity: string; releaseDate: string; dueDate: string; supplierCode: string | null; pegs: StoredPeg[] }>(
    `SELECT 'PLANNED_ORDER' AS kind, material_id AS "materialId", quantity::text AS quantity, to_char(release_date, 'YYYY-MM-DD') AS "releaseDate",
            to_char(due_date, 'YYYY-MM-DD') AS "dueDate", NULL::text AS "supplierCode", pegs
       FROM planned_order WHERE mrp_run_id = $1 AND status <> 'CANCELLED'
     UNION ALL
     SELECT 'PURCHASE_SUGGESTION', material_id, quantity::text, to_char(order_date, 'YYYY-MM-DD'), to_char(due_date, 'YYYY-MM-DD'), supplier_code, pegs
       FROM purchase_suggestion WHERE mrp_run_id = $1 AND status <> 'CANCELLED'`,
    [runId],
  );

const SUPPLY_TABLE: Record<SupplyKind, string> = { PLANNED_ORDER: "planned_order", PURCHASE_SUGGESTION: "purchase_suggestion" };

/**
 * The runs of the warehouses (and of the groups they were planned in) to purge, as sets purged together: a
 * run of its own, or all the runs of a group. A run is superseded when it is COMPLETED or FAILED — or was
 * interrupted: still QUEUED or RUNNING `staleMinutes` after it began (its process died, leaving the chunks it had
 * written) — not yet purged, and older than its warehouse's current run and newest `keep` other completed runs;
 * a group's runs only once every one of them is (so no warehouse loses a run it keeps). A run stamped purged that
 * still has rows not released is one whose purge was cut short (a purge stamps first): it is purged again.
 */
export async function supersededRuns(sql: Sql, warehouseIds: readonly number[], keep: number, staleMinutes: number): Promise<number[][]> {
  const unreleased = PLAN_TABLES.map((table) => `EXISTS (SELECT 1 FROM ${table} x WHERE x.mrp_run_id = r.id AND x.status <> 'RELEASED')`).join(" OR ");
  const rows = await sql.query<{ runIds: number[] }>(
    `WITH candidate AS (
       SELECT r.id, coalesce(r.group_id, r.id) AS unit,
              NOT r.is_current AND (r.purged_at IS NOT NULL OR (
                (r.status IN ('COMPLETED', 'FAILED') OR coalesce(r.started_at, r.created_at) < $3::timestamp - make_interval(mins => $4::int))
                AND r.id < (SELECT min(k.id) FROM (SELECT id FROM mrp_run k WHERE k.warehouse_id = r.warehouse_id AND k.status = 'COMPLETED'
                                                    ORDER BY k.is_current DESC, k.id DESC LIMIT $2::int + 1) k))) AS superseded
         FROM mrp_run r
        WHERE (r.purged_at IS NULL OR ${unreleased})
          AND (r.warehouse_id = ANY($1::int[])
               OR r.group_id IN (SELECT g.group_id FROM mrp_run g WHERE g.warehouse_id = ANY($1::int[]) AND g.group_id IS NOT NULL)))
     SELECT array_agg(id ORDER BY id) AS "runIds" FROM candidate GROUP BY unit HAVING bool_and(coalesce(superseded, false)) ORDER BY unit`,
    [warehouseIds, keep, now().toISOString(), staleMinutes],
  );
  return rows.map((r) => r.runIds);
}

/**
 * Deletes up to `limit` of the run's rows in one of its plan tables that are not released; how many it deleted.
 * The status is checked again on the row deleted: a release committed meanwhile keeps it.
 */
export async function deleteUnreleased(sql: Sql, table: PlanTable, runId: number, limit: number): Promise<number> {
  const [{ n }] = await sql.query<{ n: number }>(
    `WITH gone AS (DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE mrp_run_id = $1 AND status <> 'RELEASED' LIMIT $2) AND status <> 'RELEASED' RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [runId, limit],
  );
  return n;
}

/** The runs are purged now (a run purged already keeps its time); one that was interrupted is FAILED now, saying so. */
export async function markRunsPurged(sql: Sql, runIds: readonly number[]): Promise<void> {
  await sql.query(
    `UPDATE mrp_run SET purged_at = coalesce(purged_at, $2::timestamp),
            status = CASE WHEN status IN ('QUEUED', 'RUNNING') THEN 'FAILED' ELSE status END,
            phase = CASE WHEN status IN ('QUEUED', 'RUNNING') THEN NULL ELSE phase END,
            error = CASE WHEN status IN ('QUEUED', 'RUNNING') THEN 'interrupted: the hub stopped before the run ended' ELSE error END,
            finished_at = CASE WHEN status IN ('QUEUED', 'RUNNING') THEN $2::timestamp ELSE finished_at END
      WHERE id = ANY($1::int[])`,
    [runIds, now().toISOString()],
  );
}

/** The columns of copySupplyRow's rows, by kind. */
const COPY_COLUMNS: Record<SupplyKind, string> = {
  PLANNED_ORDER: "mrp_run_id, material_id, warehouse_id, quantity, release_date, due_date, pegs",
  PURCHASE_SUGGESTION: "mrp_run_id, material_id, warehouse_id, quantity, order_date, due_date, pegs, supplier_code",
};

/** A planned order or purchase suggestion of a run as a row of COPY text, in COPY_COLUMNS's order, added to `rows`. */
export function copySupplyRow(rows: CopyText, kind: SupplyKind, into: { runId: number; warehouseId: number }, s: PlannedSupply): void {
  rows.int(into.runId).tab().int(s.materialId).tab().int(into.warehouseId).tab().text(s.quantity).tab().text(s.releaseDate).tab().text(s.dueDate).tab();
  copyPegs(rows, s.pegs);
  if (kind === "PURCHASE_SUGGESTION") rows.tab().text(s.supplierCode ?? null);
  rows.endRow();
}

/**
 * Inserts planned orders or purchase suggestions (all of one kind) written by copySupplyRow, one COPY: on PostgreSQL
 * about twice as fast as an INSERT of the same rows (docs/benchmarks.md).
 */
export function copySupplies(tx: Tx, kind: SupplyKind, rows: Buffer): Promise<void> {
  if (!tx.copyFrom) throw new Error("COPY needs PostgreSQL: on the embedded database supplies are written by insertSupplies");
  return tx.copyFrom(`COPY ${SUPPLY_TABLE[kind]} (${COPY_COLUMNS[kind]}) FROM STDIN`, rows);
}

/**
 * Inserts planned orders or purchase suggestions of a run (all of one kind), one statement, where there is no COPY
 * (the embedded database): INSERT … unnest with the pegs as ONE JSON document matched to the rows by position (a
 * jsonb[] parameter would need every element quoted inside an array literal, which measured several times slower).
 */
export async function insertSupplies(tx: Tx, kind: SupplyKind, into: { runId: number; warehouseId: number }, supplies: readonly PlannedSupply[]): Promise<void> {
  const { runId, warehouseId } = into;
  const column = <T>(of: (s: PlannedSupply) => T) => supplies.map(of);
  const [materialIds, quantities, releaseDates, dueDates] = [column((s) => s.materialId), column((s) => s.quantity), column((s) => s.releaseDate), column((s) => s.dueDate)];
  const pegs = `[${supplies.map((s) => storedPegsJson(s.pegs)).join(",")}]`;
  if (kind === "PURCHASE_SUGGESTION") {
    await tx.query(
      `INSERT INTO purchase_suggestion (mrp_run_id, material_id, warehouse_id, quantity, order_date, due_date, pegs, supplier_code)
       SELECT $1, u.m, $2, u.q, u.r::timestamp AT TIME ZONE 'UTC', u.d::timestamp AT TIME ZONE 'UTC', p.pegs, u.s
         FROM unnest($3::int[], $4::numeric[], $5::date[], $6::date[], $8::text[]) WITH ORDINALITY AS u(m, q, r, d, s, i)
         JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS p(pegs, i) ON p.i = u.i`,
      [runId, warehouseId, materialIds, quantities, releaseDates, dueDates, pegs, column((s) => s.supplierCode ?? null)],
    );
    return;
  }
  await tx.query(
    `INSERT INTO planned_order (mrp_run_id, material_id, warehouse_id, quantity, release_date, due_date, pegs)
     SELECT $1, u.m, $2, u.q, u.r::timestamp AT TIME ZONE 'UTC', u.d::timestamp AT TIME ZONE 'UTC', p.pegs
       FROM unnest($3::int[], $4::numeric[], $5::date[], $6::date[]) WITH ORDINALITY AS u(m, q, r, d, i)
       JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS p(pegs, i) ON p.i = u.i`,
    [runId, warehouseId, materialIds, quantities, releaseDates, dueDates, pegs],
  );
}

/** A supply as a release claims it. */
export interface ClaimedSupply {
  id: number;
  status: string;
  isCurrent: boolean;
  materialId: number;
  materialCode: string;
  warehouseId: number;
  warehouseCode: string;
  quantity: string;
  dueDate: Date;
  /** purchase suggestions only */
  supplierCode: string | null;
  /** when it was suggested: its run's finish */
  suggestedAt: Date;
}

/** The supply with its run's currency, material and warehouse, locked until the transaction ends; undefined when there is none. */
export async function lockSupply(tx: Tx, kind: SupplyKind, id: number): Promise<ClaimedSupply | undefined> {
  const supplier = kind === "PURCHASE_SUGGESTION" ? "s.supplier_code" : "NULL";
  const [row] = await tx.query<ClaimedSupply>(
    `SELECT s.id, s.status, r.is_current AS "isCurrent", s.material_id AS "materialId", m.code AS "materialCode", s.warehouse_id AS "warehouseId",
            w.code AS "warehouseCode", s.quantity::text AS quantity, s.due_date AS "dueDate", ${supplier} AS "supplierCode",
            COALESCE(r.finished_at, r.created_at) AS "suggestedAt"
       FROM ${SUPPLY_TABLE[kind]} s JOIN mrp_run r ON r.id = s.mrp_run_id ${materialJoin("m", "s.material_id")} ${warehouseJoin("w", "s.warehouse_id")}
      WHERE s.id = $1 FOR UPDATE OF s`,
    [id],
  );
  return row;
}

export async function markReleased(tx: Tx, kind: SupplyKind, id: number): Promise<void> {
  await tx.query(`UPDATE ${SUPPLY_TABLE[kind]} SET status = 'RELEASED' WHERE id = $1`, [id]);
}

/** Undoes a planned order's claim whose work order could not be made. */
export async function unclaimPlannedOrder(sql: Sql, id: number): Promise<void> {
  await sql.query(`UPDATE planned_order SET status = 'SUGGESTED' WHERE id = $1 AND status = 'RELEASED'`, [id]);
}

/**
 * A purchase suggestion a rule adds to the warehouse's current plan (pegged to RULE), so buyers see and release
 * it with MRP's; undefined when the warehouse has no current plan. The next run replans it like the rest.
 */
export async function insertRuleSuggestion(
  tx: Tx,
  v: { materialId: number; warehouseId: number; quantity: string; orderDate: Date; dueDate: Date; supplierCode: string | null; ruleId: number },
): Promise<number | undefined> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO purchase_suggestion (mrp_run_id, material_id, warehouse_id, quantity, order_date, due_date, pegs, supplier_code)
     SELECT r.id, $2, r.warehouse_id, $3::numeric, $4, $5, jsonb_build_array(jsonb_build_array('RULE:' || $7::text, $3::text)), $6
       FROM mrp_run r WHERE r.warehouse_id = $1 AND r.is_current RETURNING id`,
    [v.warehouseId, v.materialId, v.quantity, v.orderDate, v.dueDate, v.supplierCode, v.ruleId],
  );
  return row?.id;
}
