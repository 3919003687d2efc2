/**
 * The only file whose SQL names exception, exception_action, exception_link and equipment_failure.
 * Writers take the caller's transaction; `raise`, `recordAction` and `link` are
 * what other areas (the shortage policy, lot QC holds, alarms) call to record exceptions and what was done.
 * Every change to an exception is an action, and every action an `exception.updated` event (outbox).
 */
import { now } from "../../runtime/clock";
import { CopyText } from "../../db/copy-text";
import { exceptionKey, type PlanningException } from "./exception-key";
import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeEvent, writeEvents } from "../../events/outbox";
import { notFound } from "../shared/domain-error";
import type { ActionResult, ExceptionCause, ExceptionStatus, ExceptionType, LinkKind, Severity } from "./exception.rules";

export type { ExceptionType } from "./exception.rules";

export interface ExceptionRow {
  id: number;
  type: ExceptionType;
  severity: Severity;
  status: ExceptionStatus;
  message: string;
  details: unknown;
  materialId: number | null;
  warehouseId: number | null;
  workOrderId: number | null;
  mrpRunId: number | null;
  createdAt: Date;
  resolvedAt: Date | null;
  cause: ExceptionCause | null;
  causeText: string | null;
  assignee: string | null;
  assignedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
}

export interface NewLink {
  kind: LinkKind;
  targetId: number;
  /** the target's code or number, shown with the link */
  ref: string;
}

export interface NewException {
  type: ExceptionType;
  severity?: Severity;
  message: string;
  details?: Record<string, unknown>;
  materialId?: number;
  warehouseId?: number;
  workOrderId?: number;
  cause?: ExceptionCause;
  causeText?: string;
  links?: readonly NewLink[];
}

export interface NewAction {
  /** a code: ACKNOWLEDGED, ASSIGNED, SUBSTITUTE_APPLIED, TRANSFER_ORDERED, … */
  action: string;
  /** the principal's id, or `system` */
  actor: string;
  result?: ActionResult;
  details?: Record<string, unknown>;
}

export interface ActionRow { id: number; exceptionId: number; action: string; actor: string; at: Date; result: ActionResult; details: unknown }
export interface LinkRow { exceptionId: number; kind: LinkKind; targetId: number; ref: string }

const COLUMNS = `e.id, e.type::text AS type, e.severity::text AS severity, e.status::text AS status, e.message, e.details,
  e.material_id AS "materialId", e.warehouse_id AS "warehouseId", e.work_order_id AS "workOrderId", e.mrp_run_id AS "mrpRunId",
  e.created_at AS "createdAt", e.resolved_at AS "resolvedAt", e.cause::text AS cause, e.cause_text AS "causeText", e.assignee,
  e.assigned_at AS "assignedAt", e.acknowledged_at AS "acknowledgedAt", e.acknowledged_by AS "acknowledgedBy",
  e.resolved_by AS "resolvedBy", e.resolution_note AS "resolutionNote"`;

/** `canSee` over warehouse ids: `param` is bound to the ids the caller may see (NULL = all). */
const visible = (param: string) => `(${param}::int[] IS NULL OR e.warehouse_id IS NULL OR e.warehouse_id = ANY(${param}::int[]))`;

// ───────────────────────────── writes (the caller's transaction) ─────────────────────────────

/** Records an exception (with its links) and its `exception.raised` event in the caller's transaction; returns its id. */
export async function raise(tx: Tx, e: NewException): Promise<number> {
  const severity = e.severity ?? "WARNING";
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO exception (type, severity, message, details, material_id, warehouse_id, work_order_id, cause, cause_text, created_at)
     VALUES ($1::"ExceptionType", $2::"Severity", $3, $4::jsonb, $5, $6, $7, $8::"ExceptionCause", $9, $10::timestamp) RETURNING id`,
    [e.type, severity, e.message, JSON.stringify(e.details ?? {}), e.materialId ?? null, e.warehouseId ?? null, e.workOrderId ?? null, e.cause ?? null, e.causeText ?? null, now().toISOString()],
  );
  if (e.links?.length) await link(tx, row.id, e.links);
  await writeEvent(tx, "exception.raised", {
    exceptionId: row.id,
    type: e.type,
    severity,
    message: e.message,
    materialId: e.materialId ?? null,
    warehouseId: e.warehouseId ?? null,
    workOrderId: e.workOrderId ?? null,
  });
  return row.id;
}

/** @deprecated the name before `raise`; kept for the areas that still call it */
export const raiseException = raise;

/**
 * Records what was done about an exception (by a person or the system), with its `exception.updated`
 * event, in the caller's transaction; returns the action's id. An unknown exception is NOT_FOUND.
 */
export async function recordAction(tx: Tx, exceptionId: number, a: NewAction): Promise<number> {
  const [e] = await tx.query<{ type: string; status: string; warehouseId: number | null }>(
    `SELECT type::text AS type, status::text AS status, warehouse_id AS "warehouseId" FROM exception WHERE id = $1`,
    [exceptionId],
  );
  if (!e) throw notFound("Exception", exceptionId);
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO exception_action (exception_id, action, actor, result, details, at) VALUES ($1, $2, $3, $4::"ExceptionActionResult", $5::jsonb, $6::timestamp) RETURNING id`,
    [exceptionId, a.action, a.actor, a.result ?? "SUCCEEDED", JSON.stringify(a.details ?? {}), now().toISOString()],
  );
  await writeEvent(tx, "exception.updated", {
    exceptionId, actionId: row.id, action: a.action, actor: a.actor, result: a.result ?? "SUCCEEDED", type: e.type, status: e.status, warehouseId: e.warehouseId,
  });
  return row.id;
}

/** Links an exception to the orders, lots, devices… it concerns; a link made before is kept as it is. */
export async function link(tx: Tx, exceptionId: number, links: readonly NewLink[]): Promise<void> {
  if (links.length === 0) return;
  await tx.query(
    `INSERT INTO exception_link (exception_id, kind, target_id, ref)
     SELECT $1, k::"ExceptionLinkKind", t, r FROM unnest($2::text[], $3::int[], $4::text[]) AS u(k, t, r)
     ON CONFLICT (exception_id, kind, target_id) DO NOTHING`,
    [exceptionId, links.map((l) => l.kind), links.map((l) => l.targetId), links.map((l) => l.ref)],
  );
}

/** The exception, locked until the caller's transaction ends (every change to one runs one at a time). */
export async function lockException(tx: Tx, id: number): Promise<ExceptionRow | null> {
  const [row] = await tx.query<ExceptionRow>(`SELECT ${COLUMNS} FROM exception e WHERE e.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

export async function markAcknowledged(tx: Tx, id: number, actor: string): Promise<void> {
  await tx.query(`UPDATE exception SET status = 'ACKNOWLEDGED', acknowledged_at = $3::timestamp, acknowledged_by = $2 WHERE id = $1`, [id, actor, now().toISOString()]);
}

export async function markAssigned(tx: Tx, id: number, assignee: string): Promise<void> {
  await tx.query(`UPDATE exception SET assignee = $2, assigned_at = $3::timestamp WHERE id = $1`, [id, assignee, now().toISOString()]);
}

export async function markCause(tx: Tx, id: number, cause: ExceptionCause, causeText: string | null): Promise<void> {
  await tx.query(`UPDATE exception SET cause = $2::"ExceptionCause", cause_text = $3 WHERE id = $1`, [id, cause, causeText]);
}

/** Resolved (and so also seen, if nobody had acknowledged it). */
export async function markResolved(tx: Tx, id: number, actor: string, note: string | null): Promise<void> {
  await tx.query(
    `UPDATE exception SET status = 'RESOLVED', resolved_at = $4::timestamp, resolved_by = $2, resolution_note = $3,
            acknowledged_at = coalesce(acknowledged_at, $4::timestamp), acknowledged_by = coalesce(acknowledged_by, $2)
      WHERE id = $1`,
    [id, actor, note, now().toISOString()],
  );
}

/** Adds (or replaces) top-level keys of an exception's details. */
export async function mergeDetails(tx: Tx, id: number, patch: Record<string, unknown>): Promise<void> {
  await tx.query(`UPDATE exception SET details = details || $2::jsonb WHERE id = $1`, [id, JSON.stringify(patch)]);
}

/**
 * Resolves, as `system` (what raised them is over), what is still open where `column` is one of `values`: each with
 * a RESOLVED action and its `exception.updated` event, in a few statements for all; ones already resolved stay as
 * they are.
 */
async function resolveAsSystem(tx: Tx, column: "id" | "work_order_id", values: readonly number[], note: string): Promise<void> {
  if (values.length === 0) return;
  const at = now().toISOString();
  const resolved = await tx.query<{ id: number; type: string; warehouseId: number | null }>(
    `UPDATE exception SET status = 'RESOLVED', resolved_at = $3::timestamp, resolved_by = 'system', resolution_note = $2,
            acknowledged_at = coalesce(acknowledged_at, $3::timestamp), acknowledged_by = coalesce(acknowledged_by, 'system')
      WHERE ${column} = ANY($1::int[]) AND status <> 'RESOLVED' RETURNING id, type::text AS type, warehouse_id AS "warehouseId"`,
    [values, note, at],
  );
  if (resolved.length === 0) return;
  const actionIds = await tx.query<{ id: number; exceptionId: number }>(
    `INSERT INTO exception_action (exception_id, action, actor, result, details, at)
     SELECT e, 'RESOLVED', 'system', 'SUCCEEDED'::"ExceptionActionResult", jsonb_build_object('note', $2::text), $3::timestamp FROM unnest($1::int[]) AS u(e)
     RETURNING id, exception_id AS "exceptionId"`,
    [resolved.map((r) => r.id), note, at],
  );
  const actionOf = new Map(actionIds.map((a) => [a.exceptionId, a.id]));
  await writeEvents(tx, "exception.updated", resolved.map((r) => ({
    exceptionId: r.id, actionId: actionOf.get(r.id)!, action: "RESOLVED", actor: "system", result: "SUCCEEDED", type: r.type, status: "RESOLVED", warehouseId: r.warehouseId,
  })));
}

/**
 * Resolves what is still open about a work order (it was reserved, closed or cancelled), each with its
 * action, in the caller's transaction.
 */
export async function resolveOpenOfWorkOrder(tx: Tx, workOrderId: number, note = "the work order no longer needs it"): Promise<void> {
  await resolveAsSystem(tx, "work_order_id", [workOrderId], note);
}

// ───────────────────────────── reads ─────────────────────────────

export interface ExceptionQuery {
  /** the warehouses the caller may see (null = all); exceptions of no warehouse are always seen */
  visibleWarehouseIds: readonly number[] | null;
  types?: readonly string[] | null;
  statuses?: readonly string[] | null;
  causes?: readonly string[] | null;
  materialId?: number | null;
  /** only exceptions of this warehouse */
  warehouseId?: number | null;
  /** its own or linked */
  workOrderId?: number | null;
  assignee?: string | null;
  /** raised in [from, to) */
  from?: Date | null;
  to?: Date | null;
  /** PostgreSQL web-search syntax over message, cause text and resolution note */
  text?: string | null;
}

function whereOf(q: ExceptionQuery): { where: string; params: unknown[] } {
  const params = [
    q.visibleWarehouseIds ?? null, q.types?.length ? q.types : null, q.statuses?.length ? q.statuses : null, q.causes?.length ? q.causes : null,
    q.materialId ?? null, q.warehouseId ?? null, q.workOrderId ?? null, q.assignee ?? null, q.from?.toISOString() ?? null, q.to?.toISOString() ?? null,
    q.text ?? null,
  ];
  const where = `${visible("$1")}
    AND ($2::text[] IS NULL OR e.type::text = ANY($2::text[])) AND ($3::text[] IS NULL OR e.status::text = ANY($3::text[]))
    AND ($4::text[] IS NULL OR e.cause::text = ANY($4::text[])) AND ($5::int IS NULL OR e.material_id = $5) AND ($6::int IS NULL OR e.warehouse_id = $6)
    AND ($7::int IS NULL OR e.work_order_id = $7
         OR EXISTS (SELECT 1 FROM exception_link k WHERE k.exception_id = e.id AND k.kind = 'WORK_ORDER' AND k.target_id = $7))
    AND ($8::text IS NULL OR e.assignee = $8)
    AND ($9::timestamptz IS NULL OR e.created_at >= $9::timestamptz AT TIME ZONE 'UTC')
    AND ($10::timestamptz IS NULL OR e.created_at < $10::timestamptz AT TIME ZONE 'UTC')
    AND ($11::text IS NULL OR e.search @@ websearch_to_tsquery('english', $11))`;
  return { where, params };
}

/** A page in id order (the inbox: oldest first) after `afterId`; the total is counted only when asked for. */
export async function findExceptions(sql: Sql, q: ExceptionQuery, afterId: number, limit: number) {
  const { where, params } = whereOf(q);
  const rows = await sql.query<ExceptionRow>(
    `SELECT ${COLUMNS} FROM exception e WHERE ${where} AND e.id > $${params.length + 1} ORDER BY e.id LIMIT ${limit + 1}`,
    [...params, afterId],
  );
  const total = async () => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM exception e WHERE ${where}`, params))[0].n;
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}

export function exceptionsByIds(sql: Sql, ids: readonly number[]): Promise<ExceptionRow[]> {
  return sql.query<ExceptionRow>(`SELECT ${COLUMNS} FROM exception e WHERE e.id = ANY($1::int[])`, [ids]);
}

/**
 * Past RESOLVED cases like exception `id`, best first, among those the caller may see. A case is like it
 * when it is of the same type and shares its material, its cause or some of its words. The score adds:
 * - 4 for the same material: the same part tends to go wrong the same way, so its fix is the likeliest to
 *   apply again (it outweighs everything else);
 * - 2 for the same cause: the same kind of trouble on another part;
 * - up to 2 for the text: ts_rank of the case's words (message, cause text, resolution note) against any of
 *   the exception's words, normalised to 0..1 (rank / (rank + 1)) and doubled;
 * - up to 1 for recency: 1 / (1 + days since it was resolved / 30), so 0.5 a month ago: among equally
 *   similar cases the recent fix is the one that fits today's plant;
 * ties go to the most recently resolved.
 */
export function similarTo(sql: Sql, id: number, visibleWarehouseIds: readonly number[] | null, limit: number) {
  return sql.query<ExceptionRow & { score: number }>(
    `WITH t AS (
       SELECT x.id, x.type, x.material_id, x.cause,
              (SELECT string_agg('''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || '''', ' | ')::tsquery
                 FROM unnest(tsvector_to_array(x.search)) AS l) AS words
         FROM exception x WHERE x.id = $1)
     SELECT ${COLUMNS}, s.score::float8 AS score
       FROM exception e CROSS JOIN t
       CROSS JOIN LATERAL (SELECT
              CASE WHEN e.material_id = t.material_id THEN 4 ELSE 0 END
            + CASE WHEN e.cause = t.cause THEN 2 ELSE 0 END
            + CASE WHEN t.words IS NULL THEN 0 ELSE 2 * ts_rank(e.search, t.words, 32) END
            + 1.0 / (1 + extract(epoch FROM (now() AT TIME ZONE 'UTC') - e.resolved_at) / 86400 / 30) AS score) s
      WHERE e.status = 'RESOLVED' AND e.type = t.type AND e.id <> t.id AND ${visible("$2")}
        AND (e.material_id = t.material_id OR e.cause = t.cause OR e.search @@ t.words)
      ORDER BY s.score DESC, e.resolved_at DESC, e.id DESC
      LIMIT $3`,
    [id, visibleWarehouseIds, limit],
  );
}

export interface ResponseTimeRow {
  type: ExceptionType;
  warehouseId: number | null;
  count: number;
  acknowledged: number;
  resolved: number;
  acknowledgeMedianMinutes: number | null;
  acknowledgeP90Minutes: number | null;
  resolveMedianMinutes: number | null;
  resolveP90Minutes: number | null;
}

/**
 * Per type and warehouse, of the exceptions raised in [from, to): how many, how many were acknowledged and
 * resolved, and the minutes from raised to acknowledged and to resolved (median and 90th percentile,
 * interpolated: percentile_cont; those not acknowledged or resolved yet do not count in them).
 */
export function responseTimes(sql: Sql, q: { from: Date; to: Date; warehouseId: number | null; visibleWarehouseIds: readonly number[] | null }) {
  const minutes = (at: string) => `extract(epoch FROM e.${at} - e.created_at)::float8 / 60`;
  return sql.query<ResponseTimeRow>(
    `SELECT e.type::text AS type, e.warehouse_id AS "warehouseId", count(*)::int AS count,
            count(e.acknowledged_at)::int AS acknowledged, count(e.resolved_at)::int AS resolved,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes("acknowledged_at")}) AS "acknowledgeMedianMinutes",
            percentile_cont(0.9) WITHIN GROUP (ORDER BY ${minutes("acknowledged_at")}) AS "acknowledgeP90Minutes",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes("resolved_at")}) AS "resolveMedianMinutes",
            percentile_cont(0.9) WITHIN GROUP (ORDER BY ${minutes("resolved_at")}) AS "resolveP90Minutes"
       FROM exception e
      WHERE e.created_at >= $1::timestamptz AT TIME ZONE 'UTC' AND e.created_at < $2::timestamptz AT TIME ZONE 'UTC'
        AND ($3::int IS NULL OR e.warehouse_id = $3) AND ${visible("$4")}
      GROUP BY e.type, e.warehouse_id`,
    [q.from.toISOString(), q.to.toISOString(), q.warehouseId, q.visibleWarehouseIds],
  );
}

export interface ResponseRow { warehouseId: number; materialId: number | null; acknowledgedDay: string | null; acknowledgeHours: number | null; resolvedDay: string | null; resolveHours: number | null }

/**
 * Exceptions of a warehouse acknowledged or resolved on days [fromDay, toDay] (UTC): the day of each and the
 * hours it took from being raised (KPIs; a resolution without acknowledgement counts as acknowledged then).
 */
export function responsesOnDays(sql: Sql, fromDay: string, toDay: string): Promise<ResponseRow[]> {
  const inRange = (at: string) => `(e.${at} >= $1::date AND e.${at} < $2::date + 1)`;
  const hours = (at: string) => `CASE WHEN ${inRange(at)} THEN extract(epoch FROM e.${at} - e.created_at)::float8 / 3600 END`;
  const day = (at: string) => `CASE WHEN ${inRange(at)} THEN to_char(e.${at}, 'YYYY-MM-DD') END`;
  return sql.query<ResponseRow>(
    `SELECT e.warehouse_id AS "warehouseId", e.material_id AS "materialId",
            ${day("acknowledged_at")} AS "acknowledgedDay", ${hours("acknowledged_at")} AS "acknowledgeHours",
            ${day("resolved_at")} AS "resolvedDay", ${hours("resolved_at")} AS "resolveHours"
       FROM exception e
      WHERE e.warehouse_id IS NOT NULL AND (${inRange("acknowledged_at")} OR ${inRange("resolved_at")})`,
    [fromDay, toDay],
  );
}

export function actionsOf(sql: Sql, exceptionIds: readonly number[]): Promise<ActionRow[]> {
  return sql.query<ActionRow>(
    `SELECT id, exception_id AS "exceptionId", action, actor, at, result::text AS result, details
       FROM exception_action WHERE exception_id = ANY($1::int[]) ORDER BY id`,
    [exceptionIds],
  );
}

export function linksOf(sql: Sql, exceptionIds: readonly number[]): Promise<LinkRow[]> {
  return sql.query<LinkRow>(
    `SELECT exception_id AS "exceptionId", kind::text AS kind, target_id AS "targetId", ref FROM exception_link WHERE exception_id = ANY($1::int[]) ORDER BY id`,
    [exceptionIds],
  );
}

/** The open EQUIPMENT exception an alarm raised (its details name the alarm), if any. */
export async function openExceptionOfAlarm(tx: Tx, alarmId: number): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>(
    `SELECT id FROM exception WHERE type = 'EQUIPMENT' AND status <> 'RESOLVED' AND details->>'alarmId' = $1 ORDER BY id LIMIT 1 FOR UPDATE`,
    [String(alarmId)],
  );
  return row?.id ?? null;
}

// ───────────────────────────── equipment failures ─────────────────────────────

export interface FailureRow {
  id: number;
  workCenterId: number | null;
  warehouseId: number;
  workOrderId: number | null;
  sequence: number | null;
  description: string;
  exceptionId: number | null;
  alarmId: number | null;
  deviceId: number | null;
  reportedAt: Date;
  reportedBy: string;
  repairedAt: Date | null;
  repairedBy: string | null;
  repairNote: string | null;
}

export type NewFailure = Pick<FailureRow, "workCenterId" | "warehouseId" | "workOrderId" | "sequence" | "description" | "alarmId" | "deviceId" | "reportedBy">;

const FAILURE = `f.id, f.work_center_id AS "workCenterId", f.warehouse_id AS "warehouseId", f.work_order_id AS "workOrderId", f.sequence,
  f.description, f.exception_id AS "exceptionId", f.alarm_id AS "alarmId", f.device_id AS "deviceId", f.reported_at AS "reportedAt",
  f.reported_by AS "reportedBy", f.repaired_at AS "repairedAt", f.repaired_by AS "repairedBy", f.repair_note AS "repairNote"`;

/** Taken first by every report and repair at a work center: they run one at a time there (a second failure joins the first's exception). */
export async function lockWorkCenterFailures(tx: Tx, workCenterId: number): Promise<void> {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(74260050, $1)`, [workCenterId]);
}

/** Records a failure; null when its alarm already reported one (each alarm reports once). */
export async function insertFailure(tx: Tx, f: NewFailure): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO equipment_failure (work_center_id, warehouse_id, work_order_id, sequence, description, alarm_id, device_id, reported_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (alarm_id) DO NOTHING RETURNING id`,
    [f.workCenterId, f.warehouseId, f.workOrderId, f.sequence, f.description, f.alarmId, f.deviceId, f.reportedBy],
  );
  return row?.id ?? null;
}

export async function setFailureException(tx: Tx, failureId: number, exceptionId: number): Promise<void> {
  await tx.query(`UPDATE equipment_failure SET exception_id = $2 WHERE id = $1`, [failureId, exceptionId]);
}

export async function lockFailure(tx: Tx, id: number): Promise<FailureRow | null> {
  const [row] = await tx.query<FailureRow>(`SELECT ${FAILURE} FROM equipment_failure f WHERE f.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/**
 * The oldest other failure of a work center in a warehouse that is not repaired yet, if any: a second
 * failure reported meanwhile joins its exception, and its repair leaves the operations blocked by it.
 */
/** The oldest failure not repaired yet at a work center of a warehouse (one with its exception), if any. */
export async function openFailureAt(tx: Tx, workCenterId: number, warehouseId: number): Promise<FailureRow | null> {
  const [row] = await tx.query<FailureRow>(
    `SELECT ${FAILURE} FROM equipment_failure f
      WHERE f.work_center_id = $1 AND f.warehouse_id = $2 AND f.repaired_at IS NULL AND f.exception_id IS NOT NULL
      ORDER BY f.id LIMIT 1`,
    [workCenterId, warehouseId],
  );
  return row ?? null;
}

export async function otherOpenFailureAt(tx: Tx, workCenterId: number, warehouseId: number, exceptId: number): Promise<FailureRow | null> {
  const [row] = await tx.query<FailureRow>(
    `SELECT ${FAILURE} FROM equipment_failure f
      WHERE f.work_center_id = $1 AND f.warehouse_id = $2 AND f.repaired_at IS NULL AND f.id <> $3 AND f.exception_id IS NOT NULL
      ORDER BY f.id LIMIT 1`,
    [workCenterId, warehouseId, exceptId],
  );
  return row ?? null;
}

export async function markRepaired(tx: Tx, id: number, actor: string, note: string | null): Promise<void> {
  await tx.query(`UPDATE equipment_failure SET repaired_at = $4::timestamp, repaired_by = $2, repair_note = $3 WHERE id = $1`, [id, actor, note, now().toISOString()]);
}

/** How many of an exception's failures are not repaired yet. */
export async function unrepairedFailuresOf(tx: Tx, exceptionId: number): Promise<number> {
  const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM equipment_failure WHERE exception_id = $1 AND repaired_at IS NULL`, [exceptionId]);
  return row.n;
}

export function failuresOfExceptions(sql: Sql, exceptionIds: readonly number[]): Promise<FailureRow[]> {
  return sql.query<FailureRow>(`SELECT ${FAILURE} FROM equipment_failure f WHERE f.exception_id = ANY($1::int[]) ORDER BY f.id`, [exceptionIds]);
}

export async function failureById(sql: Sql, id: number): Promise<FailureRow | null> {
  const [row] = await sql.query<FailureRow>(`SELECT ${FAILURE} FROM equipment_failure f WHERE f.id = $1`, [id]);
  return row ?? null;
}

/** The newest exception of a type about a work order that is not resolved yet (its details as `D`), or null. */
export async function latestOpenOfWorkOrder<D>(tx: Tx, workOrderId: number, type: ExceptionType): Promise<{ id: number; message: string; details: D } | null> {
  const [row] = await tx.query<{ id: number; message: string; details: D }>(
    `SELECT id, message, details FROM exception WHERE work_order_id = $1 AND type = $2::"ExceptionType" AND status <> 'RESOLVED' ORDER BY id DESC LIMIT 1`,
    [workOrderId, type],
  );
  return row ?? null;
}

export type { PlanningException } from "./exception-key";

/**
 * An MRP run's exceptions, one statement for all of them (a run can raise thousands), without an
 * `exception.raised` event each: the run's completion event carries the count.
 */
export async function insertPlanningExceptions(tx: Tx, runId: number, warehouseId: number, ex: readonly PlanningException[]): Promise<void> {
  if (tx.copyFrom) {
    // COPY where there is one (PostgreSQL): as for planned orders, no parameter arrays and no join by position
    const createdAt = now().toISOString();
    const rows = new CopyText();
    for (const e of ex) {
      rows.text(e.type).tab().text(e.severity).tab().text(e.message).tab().text(JSON.stringify(e.details)).tab();
      rows.int(e.materialId).tab().int(warehouseId).tab().int(runId).tab().text(createdAt).tab().text(exceptionKey(e)).endRow();
    }
    return tx.copyFrom(`COPY exception (type, severity, message, details, material_id, warehouse_id, mrp_run_id, created_at, plan_key) FROM STDIN`, rows.take());
  }
  await tx.query(INSERT_PLANNING, planningParams(runId, warehouseId, ex));
}

const INSERT_PLANNING = `INSERT INTO exception (type, severity, message, details, material_id, warehouse_id, mrp_run_id, created_at, plan_key)
     SELECT u.t::"ExceptionType", u.s::"Severity", u.m, d.details, u.mat, $1, $2, $8::timestamp, u.k
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $9::text[]) WITH ORDINALITY AS u(t, s, m, mat, k, i)
       JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS d(details, i) ON d.i = u.i`;

const planningParams = (runId: number, warehouseId: number, ex: readonly PlanningException[]) =>
  [warehouseId, runId, ex.map((e) => e.type), ex.map((e) => e.severity), ex.map((e) => e.message), ex.map((e) => e.materialId), JSON.stringify(ex.map((e) => e.details)), now().toISOString(), ex.map(exceptionKey)];

/** A planning exception of a run as stored: what it says, and whether the system resolved it. */
export interface StoredPlanningException extends PlanningException {
  id: number;
  open: boolean;
  resolvedBySystem: boolean;
}

/**
 * The planning exceptions (any status) an MRP run has recorded about these materials, in id order, and the
 * warehouse's other open ones: a run's switch keeps a still-true exception open and moves it to the run just after
 * (persist-plan.ts), so until then it names the run before.
 */
export function planningExceptionsOf(tx: Tx, runId: number, warehouseId: number, materialIds: readonly number[]): Promise<StoredPlanningException[]> {
  return tx.query<StoredPlanningException>(
    `SELECT id, type::text AS type, severity::text AS severity, message, material_id AS "materialId", details,
            status <> 'RESOLVED' AS open, status = 'RESOLVED' AND resolved_by = 'system' AS "resolvedBySystem"
       FROM exception
      WHERE material_id = ANY($2::int[]) AND (mrp_run_id = $1 OR (warehouse_id = $3 AND mrp_run_id IS NOT NULL AND status <> 'RESOLVED'))
      ORDER BY id`,
    [runId, materialIds, warehouseId],
  );
}

/**
 * Planning exceptions raised for a run after it was made (net-change planning re-planned their materials): as
 * the run's own, plus an `exception.raised` event each, since they come a few at a time.
 */
export async function raisePlanningExceptions(tx: Tx, runId: number, warehouseId: number, ex: readonly PlanningException[]): Promise<void> {
  if (ex.length === 0) return;
  const rows = await tx.query<{ id: number; type: string; severity: string; message: string; materialId: number }>(
    `${INSERT_PLANNING} RETURNING id, type::text AS type, severity::text AS severity, message, material_id AS "materialId"`,
    planningParams(runId, warehouseId, ex),
  );
  await writeEvents(tx, "exception.raised", rows.map((r) => ({ exceptionId: r.id, type: r.type, severity: r.severity, message: r.message, materialId: r.materialId, warehouseId, workOrderId: null })));
}

/** Resolves these exceptions as `system`, each with its action and event (see `resolveAsSystem`). */
export const resolveAllAsSystem = (tx: Tx, ids: readonly number[], note: string) => resolveAsSystem(tx, "id", ids, note);

/** Resolves what is still open of these MRP runs (a newer plan answers it), in the caller's transaction. */
export const resolveOpenOfMrpRuns = (tx: Tx, runIds: readonly number[]) =>
  tx.query(`UPDATE exception SET status = 'RESOLVED', resolved_at = $2::timestamp WHERE status <> 'RESOLVED' AND mrp_run_id = ANY($1::int[])`, [runIds, now().toISOString()]);

/** An open planning exception by its identity (exceptionKey). */
export interface OpenPlanningException {
  id: number;
  materialId: number;
  key: string;
}

/**
 * The warehouse's open planning exceptions (of any of its MRP runs) by their keys: for a new plan to compare its own
 * with. The key is read as stored; a row stored without one (before keys were) is keyed from its fields.
 */
export async function openPlanningExceptionKeys(sql: Sql, warehouseId: number): Promise<OpenPlanningException[]> {
  const rows = await sql.query<{ id: number; materialId: number; key: string | null }>(
    `SELECT id, material_id AS "materialId", plan_key AS key FROM exception WHERE warehouse_id = $1 AND mrp_run_id IS NOT NULL AND status <> 'RESOLVED'`,
    [warehouseId],
  );
  const unkeyed = rows.filter((r) => r.key === null).map((r) => r.id);
  if (unkeyed.length === 0) return rows as OpenPlanningException[];
  const keys = new Map(
    (
      await sql.query<PlanningException & { id: number }>(
        `SELECT id, type::text AS type, severity::text AS severity, message, material_id AS "materialId", details FROM exception WHERE id = ANY($1::int[])`,
        [unkeyed],
      )
    ).map((e) => [e.id, exceptionKey(e)]),
  );
  // one gone from the second read was deleted meanwhile (its run purged): it is open no more
  return rows.flatMap((r) => {
    const key = r.key ?? keys.get(r.id);
    return key === undefined ? [] : [{ ...r, key }];
  });
}

/** Resolves these exceptions, and those of the MRP runs `runIds` raised after `afterId`, if still open (a newer plan answers them). */
export const resolvePlanningExceptions = (tx: Tx, ids: readonly number[], runIds: readonly number[], afterId: number) =>
  tx.query(
    `UPDATE exception SET status = 'RESOLVED', resolved_at = $4::timestamp
      WHERE status <> 'RESOLVED' AND (id = ANY($1::int[]) OR (mrp_run_id = ANY($2::int[]) AND id > $3))`,
    [ids, runIds, afterId, now().toISOString()],
  );

/** Moves these exceptions, if still open, to the MRP run `to` (a newer plan still raises them); the ids moved. */
export async function moveOpenToMrpRun(tx: Tx, ids: readonly number[], to: number): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(`UPDATE exception SET mrp_run_id = $2 WHERE id = ANY($1::int[]) AND status <> 'RESOLVED' RETURNING id`, [ids, to]);
  return rows.map((r) => r.id);
}

/** Exceptions of one type not yet resolved, with their details (what raised them says which case each is). */
export const unresolvedOfType = (tx: Tx, type: ExceptionType) =>
  tx.query<{ id: number; details: Record<string, unknown> }>(`SELECT id, details FROM exception WHERE type = $1::"ExceptionType" AND status <> 'RESOLVED' ORDER BY id`, [type]);

/**
 * Resolves one exception as `system` (what raised it is over), with its action, in the caller's transaction; one
 * already resolved stays as it is.
 */
export async function resolveException(tx: Tx, id: number, note = "the condition that raised it is over"): Promise<void> {
  await resolveAsSystem(tx, "id", [id], note);
}

/** Up to `limit` unresolved exceptions after `afterId` open for at least `minutes` (the rules' aging trigger), in id order. */
export function unresolvedOlderThan(sql: Sql, minutes: number, afterId: number, limit: number): Promise<ExceptionRow[]> {
  return sql.query<ExceptionRow>(
    `SELECT ${COLUMNS} FROM exception e WHERE e.status <> 'RESOLVED' AND e.created_at <= now() - make_interval(mins => $1::int) AND e.id > $2 ORDER BY e.id LIMIT $3`,
    [minutes, afterId, limit],
  );
}
