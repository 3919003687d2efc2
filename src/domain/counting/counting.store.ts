import type { Sql } from "../../db/database";
import { now } from "../../runtime/clock";
import type { Tx } from "../../db/transaction";
import type { Ref } from "../shared/ref";
import type { AbcClass, CountStatus } from "./count.rules";

/** The only file whose SQL names the counting area's tables. */

/** The number of the count session `idExpr`, as an SQL subquery (for other areas' statements: the stock ledger's events). */
export const countSessionNumberOf = (idExpr: string) => `(SELECT number FROM count_session WHERE id = ${idExpr})`;

export type CountScope = "WAREHOUSE" | "ZONE" | "LOCATIONS" | "ABC_CLASS";

export interface SessionRow {
  id: number; number: string; warehouseId: number; scope: CountScope; zone: string | null; abcClass: AbcClass | null; blind: boolean;
  status: CountStatus; note: string | null; linesCounted: number | null; linesWithinTolerance: number | null; accuracy: string | null;
  createdAt: Date; createdBy: string; startedAt: Date | null; submittedAt: Date | null; closedAt: Date | null; closedBy: string | null;
}

const S = `id, number, warehouse_id AS "warehouseId", scope::text AS scope, zone, abc_class::text AS "abcClass", blind, status::text AS status, note,
  lines_counted AS "linesCounted", lines_within_tolerance AS "linesWithinTolerance", accuracy::text AS accuracy, created_at AS "createdAt",
  created_by AS "createdBy", started_at AS "startedAt", submitted_at AS "submittedAt", closed_at AS "closedAt", closed_by AS "closedBy"`;

const byRef = (ref: Ref): [string, unknown] => ("id" in ref ? ["id = $1", ref.id] : ["number = $1", ref.code.trim().toUpperCase()]);

export async function insertSession(
  tx: Tx,
  s: { warehouseId: number; scope: CountScope; zone: string | null; abcClass: AbcClass | null; blind: boolean; note: string | null; by: string },
  locationIds: readonly number[],
): Promise<SessionRow> {
  const [row] = await tx.query<SessionRow>(
    `INSERT INTO count_session (id, number, warehouse_id, scope, zone, abc_class, blind, note, created_by)
     SELECT n, 'CS-' || lpad(n::text, 6, '0'), $1, $2::"CountScope", $3, $4::"AbcClass", $5, $6, $7 FROM nextval('count_session_id_seq') AS n
     RETURNING ${S}`,
    [s.warehouseId, s.scope, s.zone, s.abcClass, s.blind, s.note, s.by],
  );
  await tx.query(`INSERT INTO count_location (count_session_id, location_id) SELECT $1, unnest($2::int[])`, [row.id, locationIds]);
  return row;
}

/** The session, locked: FOR UPDATE by state changes, FOR SHARE by counts (which may run side by side). */
export async function lockSession(tx: Tx, ref: Ref, mode: "UPDATE" | "SHARE"): Promise<SessionRow | null> {
  const [where, value] = byRef(ref);
  const [row] = await tx.query<SessionRow>(`SELECT ${S} FROM count_session WHERE ${where} FOR ${mode}`, [value]);
  return row ?? null;
}

export async function sessionBy(sql: Sql, ref: Ref): Promise<SessionRow | null> {
  const [where, value] = byRef(ref);
  const [row] = await sql.query<SessionRow>(`SELECT ${S} FROM count_session WHERE ${where}`, [value]);
  return row ?? null;
}

/** A page of sessions in id order, of these warehouses (null: all), optionally of one status. */
export async function pageOfSessions(sql: Sql, f: { warehouseIds: readonly number[] | null; status: CountStatus | null }, afterId: number, limit: number) {
  const where = `($1::int[] IS NULL OR warehouse_id = ANY($1::int[])) AND ($2::text IS NULL OR status::text = $2)`;
  const rows = await sql.query<SessionRow>(`SELECT ${S} FROM count_session WHERE ${where} AND id > $3 ORDER BY id LIMIT ${limit + 1}`, [f.warehouseIds, f.status, afterId]);
  const total = async () => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM count_session WHERE ${where}`, [f.warehouseIds, f.status]))[0].n;
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}

export async function setStatus(
  tx: Tx,
  id: number,
  status: CountStatus,
  stamp: { started?: boolean; submitted?: boolean; closedBy?: string; accuracy?: { lines: number; within: number; share: string } } = {},
): Promise<SessionRow> {
  const [row] = await tx.query<SessionRow>(
    `UPDATE count_session SET status = $2::"CountSessionStatus",
            started_at = CASE WHEN $3 THEN $9::timestamp ELSE started_at END, submitted_at = CASE WHEN $4 THEN $9::timestamp ELSE submitted_at END,
            closed_at = CASE WHEN $5::text IS NULL THEN closed_at ELSE $9::timestamp END, closed_by = COALESCE($5, closed_by),
            lines_counted = COALESCE($6, lines_counted), lines_within_tolerance = COALESCE($7, lines_within_tolerance), accuracy = COALESCE($8::numeric, accuracy)
      WHERE id = $1 RETURNING ${S}`,
    [id, status, stamp.started ?? false, stamp.submitted ?? false, stamp.closedBy ?? null, stamp.accuracy?.lines ?? null, stamp.accuracy?.within ?? null, stamp.accuracy?.share ?? null, now().toISOString()],
  );
  return row;
}

export async function locationIdsOf(tx: Tx | Sql, sessionId: number): Promise<number[]> {
  return (await tx.query<{ id: number }>(`SELECT location_id AS id FROM count_location WHERE count_session_id = $1 ORDER BY location_id`, [sessionId])).map((r) => r.id);
}

export async function hasLocation(tx: Tx, sessionId: number, locationId: number): Promise<boolean> {
  return (await tx.query(`SELECT 1 FROM count_location WHERE count_session_id = $1 AND location_id = $2`, [sessionId, locationId])).length > 0;
}

/** The session counting a location now (COUNTING), if any: at most one, as a location is blocked by one count. */
export async function sessionCounting(tx: Tx, locationId: number): Promise<{ id: number } | null> {
  const [row] = await tx.query<{ id: number }>(
    `SELECT s.id FROM count_session s JOIN count_location l ON l.count_session_id = s.id WHERE l.location_id = $1 AND s.status = 'COUNTING' LIMIT 1`,
    [locationId],
  );
  return row ?? null;
}

/**
 * The oldest session not closed yet (OPEN, COUNTING or REVIEW) that counts a location, if any; first waits for
 * the location's turn (a transaction-scoped advisory lock), so that two callers deciding at once whether to open
 * a session for it see each other's.
 */
export async function unclosedSessionCounting(tx: Tx, locationId: number): Promise<{ id: number; number: string } | null> {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('count_location'), $1)`, [locationId]);
  const [row] = await tx.query<{ id: number; number: string }>(
    `SELECT s.id, s.number FROM count_session s JOIN count_location l ON l.count_session_id = s.id
      WHERE l.location_id = $1 AND s.status IN ('OPEN', 'COUNTING', 'REVIEW') ORDER BY s.id LIMIT 1`,
    [locationId],
  );
  return row ?? null;
}

/** A location this session counts that another session is counting or reviewing now, if any (with that session's number). */
export async function heldElsewhere(tx: Tx, sessionId: number): Promise<{ locationId: number; number: string } | null> {
  const [row] = await tx.query<{ locationId: number; number: string }>(
    `SELECT mine.location_id AS "locationId", s.number FROM count_location mine
       JOIN count_location theirs ON theirs.location_id = mine.location_id AND theirs.count_session_id <> mine.count_session_id
       JOIN count_session s ON s.id = theirs.count_session_id AND s.status IN ('COUNTING', 'REVIEW')
      WHERE mine.count_session_id = $1 ORDER BY mine.location_id LIMIT 1`,
    [sessionId],
  );
  return row ?? null;
}

/** When each location was last counted (its latest approved session), for those ever counted. */
export function lastCounted(tx: Tx, locationIds: readonly number[]): Promise<{ locationId: number; at: Date }[]> {
  return tx.query<{ locationId: number; at: Date }>(
    `SELECT l.location_id AS "locationId", max(s.closed_at) AS at FROM count_location l JOIN count_session s ON s.id = l.count_session_id
      WHERE l.location_id = ANY($1::int[]) AND s.status = 'APPROVED' GROUP BY l.location_id`,
    [locationIds],
  );
}

export interface LineRow {
  id: number; locationId: number; materialId: number; lotId: number | null; enteredQuantity: string | null; tagsRead: number;
  countedQuantity: string | null; bookQuantity: string | null; recountRequested: boolean; recounts: number;
}

const L = `id, location_id AS "locationId", material_id AS "materialId", lot_id AS "lotId", entered_quantity::text AS "enteredQuantity",
  tags_read AS "tagsRead", counted_quantity::text AS "countedQuantity", book_quantity::text AS "bookQuantity",
  recount_requested AS "recountRequested", recounts`;

export function linesOf(tx: Tx | Sql, sessionId: number): Promise<LineRow[]> {
  return tx.query<LineRow>(`SELECT ${L} FROM count_line WHERE count_session_id = $1 ORDER BY location_id, material_id, lot_key`, [sessionId]);
}

const LINE_KEY = `(count_session_id, location_id, material_id, lot_key)`;

/** What a barcode scan or a counter entered for a line: it replaces what was entered before. */
export async function enterCount(tx: Tx, sessionId: number, at: { locationId: number; materialId: number; lotId: number | null }, quantity: string, by: string): Promise<void> {
  await tx.query(
    `INSERT INTO count_line (count_session_id, location_id, material_id, lot_id, lot_key, entered_quantity, updated_by)
     VALUES ($1, $2, $3, $4, COALESCE($4, 0), $5::numeric, $6)
     ON CONFLICT ${LINE_KEY} DO UPDATE SET entered_quantity = EXCLUDED.entered_quantity, recount_requested = false, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [sessionId, at.locationId, at.materialId, at.lotId, quantity, by],
  );
}

export interface TagRead { epc: string; locationId: number; materialId: number; lotId: number | null }

/**
 * Records tags read, each at its location: each EPC once per session (a tag read before, here or elsewhere, is
 * skipped), and adds the new ones to their lines — one statement for a whole batch. Reads and lines are
 * written in key order, so that readers sending overlapping tags at once wait for each other instead of
 * deadlocking. Returns how many were new.
 */
export async function recordTags(tx: Tx, sessionId: number, reads: readonly TagRead[], by: string): Promise<number> {
  if (reads.length === 0) return 0;
  const sorted = [...reads].sort((a, b) => (a.epc < b.epc ? -1 : a.epc > b.epc ? 1 : 0));
  const [{ added }] = await tx.query<{ added: number }>(
    `WITH fresh AS (INSERT INTO count_read (count_session_id, epc, location_id, material_id, lot_id)
                    SELECT $1, e, l, m, lot FROM unnest($2::text[], $3::int[], $4::int[], $5::int[]) WITH ORDINALITY AS u(e, l, m, lot, i) ORDER BY i
                    ON CONFLICT (count_session_id, epc) DO NOTHING RETURNING location_id, material_id, lot_id),
          lines AS (INSERT INTO count_line (count_session_id, location_id, material_id, lot_id, lot_key, tags_read, updated_by)
                    SELECT $1, location_id, material_id, lot_id, COALESCE(lot_id, 0), count(*), $6 FROM fresh
                     GROUP BY location_id, material_id, lot_id ORDER BY location_id, material_id, COALESCE(lot_id, 0)
                    ON CONFLICT ${LINE_KEY} DO UPDATE SET tags_read = count_line.tags_read + EXCLUDED.tags_read, recount_requested = false,
                       updated_at = now(), updated_by = EXCLUDED.updated_by)
     SELECT count(*)::int AS added FROM fresh`,
    [sessionId, sorted.map((r) => r.epc), sorted.map((r) => r.locationId), sorted.map((r) => r.materialId), sorted.map((r) => r.lotId), by],
  );
  return added;
}

/** Lines for stock on the books that nobody counted (counted: nothing). */
export async function addUncountedLines(tx: Tx, sessionId: number, rows: readonly { locationId: number; materialId: number; lotId: number | null }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO count_line (count_session_id, location_id, material_id, lot_id, lot_key)
     SELECT $1, l, m, lot, COALESCE(lot, 0) FROM unnest($2::int[], $3::int[], $4::int[]) AS u(l, m, lot) ON CONFLICT ${LINE_KEY} DO NOTHING`,
    [sessionId, rows.map((r) => r.locationId), rows.map((r) => r.materialId), rows.map((r) => r.lotId)],
  );
}

/** The counted and book quantities each line is reviewed with. */
export async function saveReview(tx: Tx, lines: readonly { id: number; counted: string; book: string }[]): Promise<void> {
  await tx.query(
    `UPDATE count_line c SET counted_quantity = u.c, book_quantity = u.b FROM unnest($1::int[], $2::numeric[], $3::numeric[]) AS u(id, c, b) WHERE c.id = u.id`,
    [lines.map((l) => l.id), lines.map((l) => l.counted), lines.map((l) => l.book)],
  );
}

/** Lines to count again: what was entered and the tags read of them are forgotten (the tags may be read again). */
export async function requestRecount(tx: Tx, sessionId: number, lineIds: readonly number[]): Promise<void> {
  await tx.query(
    `DELETE FROM count_read r USING count_line c
      WHERE c.id = ANY($2::int[]) AND r.count_session_id = $1 AND r.location_id = c.location_id AND r.material_id = c.material_id
        AND r.lot_id IS NOT DISTINCT FROM c.lot_id`,
    [sessionId, lineIds],
  );
  await tx.query(
    `UPDATE count_line SET recount_requested = true, recounts = recounts + 1, entered_quantity = NULL, tags_read = 0, counted_quantity = NULL,
            book_quantity = NULL, updated_at = now() WHERE id = ANY($1::int[])`,
    [lineIds],
  );
}

/** The material (and lot) mapped to each of these EPCs, by EPC. */
export async function epcMappings(tx: Tx, epcs: readonly string[]): Promise<Map<string, { materialId: number; lotId: number | null }>> {
  const rows = await tx.query<{ epc: string; materialId: number; lotId: number | null }>(
    `SELECT epc, material_id AS "materialId", lot_id AS "lotId" FROM epc_mapping WHERE epc = ANY($1::text[])`,
    [epcs],
  );
  return new Map(rows.map((r) => [r.epc, { materialId: r.materialId, lotId: r.lotId }]));
}

/** The material of each of these GTIN-14s, by GTIN. */
export async function gtinMappings(tx: Tx, gtins: readonly string[]): Promise<Map<string, number>> {
  const rows = await tx.query<{ gtin: string; materialId: number }>(`SELECT gtin, material_id AS "materialId" FROM gtin_mapping WHERE gtin = ANY($1::text[])`, [gtins]);
  return new Map(rows.map((r) => [r.gtin, r.materialId]));
}

export async function saveEpcMapping(tx: Tx, epc: string, materialId: number, lotId: number | null, by: string): Promise<void> {
  await tx.query(
    `INSERT INTO epc_mapping (epc, material_id, lot_id, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (epc) DO UPDATE SET material_id = EXCLUDED.material_id, lot_id = EXCLUDED.lot_id, created_by = EXCLUDED.created_by, created_at = now()`,
    [epc, materialId, lotId, by],
  );
}

export async function saveGtinMapping(tx: Tx, gtin: string, materialId: number, by: string): Promise<void> {
  await tx.query(
    `INSERT INTO gtin_mapping (gtin, material_id, created_by) VALUES ($1, $2, $3)
     ON CONFLICT (gtin) DO UPDATE SET material_id = EXCLUDED.material_id, created_by = EXCLUDED.created_by, created_at = now()`,
    [gtin, materialId, by],
  );
}

export interface ApprovedLineRow { warehouseId: number; materialId: number; day: string; countedQuantity: string; bookQuantity: string }

/** The lines of sessions approved on days [fromDay, toDay] (UTC), with the day of approval (count accuracy KPIs). */
export function approvedLines(sql: Sql, fromDay: string, toDay: string): Promise<ApprovedLineRow[]> {
  return sql.query<ApprovedLineRow>(
    `SELECT s.warehouse_id AS "warehouseId", l.material_id AS "materialId", to_char(s.closed_at, 'YYYY-MM-DD') AS day,
            l.counted_quantity::text AS "countedQuantity", l.book_quantity::text AS "bookQuantity"
       FROM count_session s JOIN count_line l ON l.count_session_id = s.id
      WHERE s.status = 'APPROVED' AND s.closed_at >= $1::date AND s.closed_at < $2::date + 1
        AND l.counted_quantity IS NOT NULL AND l.book_quantity IS NOT NULL`,
    [fromDay, toDay],
  );
}
