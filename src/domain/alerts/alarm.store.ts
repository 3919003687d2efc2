import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";

/** The only file whose SQL names alarm. */
export type AlarmKind = "THRESHOLD" | "DEVICE_SILENT";
export type Severity = "INFO" | "WARNING" | "CRITICAL";

export interface AlarmRow {
  id: number;
  kind: AlarmKind;
  deviceCode: string;
  warehouseCode: string | null;
  metric: string;
  severity: Severity;
  message: string;
  value: number;
  threshold: number;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  clearedAt: Date | null;
}

export interface NewAlarm {
  deviceId: number;
  deviceCode: string;
  warehouseCode: string;
  kind: AlarmKind;
  metric: string;
  severity: Severity;
  message: string;
  value: number;
  /** the bound crossed (THRESHOLD) or the silence allowed in seconds (DEVICE_SILENT) */
  threshold: number;
}

const COLUMNS = `id, kind::text AS kind, device_code AS "deviceCode", warehouse_code AS "warehouseCode", metric, severity::text AS severity,
  message, value, threshold, raised_at AS "raisedAt", acknowledged_at AS "acknowledgedAt", cleared_at AS "clearedAt"`;

export async function insertAlarm(tx: Tx, a: NewAlarm): Promise<number> {
  const [{ id }] = await tx.query<{ id: number }>(
    `INSERT INTO alarm (device_id, device_code, warehouse_code, kind, metric, severity, message, value, threshold)
     VALUES ($1, $2, $3, $4::"AlarmKind", $5, $6::"Severity", $7, $8, $9) RETURNING id`,
    [a.deviceId, a.deviceCode, a.warehouseCode, a.kind, a.metric, a.severity, a.message, a.value, a.threshold],
  );
  return id;
}

export async function clearAlarm(tx: Tx, id: number): Promise<void> {
  await tx.query(`UPDATE alarm SET cleared_at = now() WHERE id = $1 AND cleared_at IS NULL`, [id]);
}

/** A device's open alarms of one kind for these metrics. */
export function openAlarmsOf(tx: Tx, deviceId: number, kind: AlarmKind, metrics: readonly string[]): Promise<{ id: number; metric: string }[]> {
  return tx.query<{ id: number; metric: string }>(
    `SELECT id, metric FROM alarm WHERE device_id = $1 AND kind = $2::"AlarmKind" AND metric = ANY($3::text[]) AND cleared_at IS NULL`,
    [deviceId, kind, metrics],
  );
}

export async function lockAlarm(tx: Tx, id: number): Promise<AlarmRow | null> {
  const [row] = await tx.query<AlarmRow>(`SELECT ${COLUMNS} FROM alarm WHERE id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

export async function acknowledgeAlarm(tx: Tx, id: number): Promise<AlarmRow> {
  const [row] = await tx.query<AlarmRow>(`UPDATE alarm SET acknowledged_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  return row;
}

export interface AlarmPageFilter {
  /** true: not cleared yet; false: cleared; null: all */
  open: boolean | null;
  /** the warehouses to list (null: all) */
  warehouseCodes: readonly string[] | null;
}

/** Newest first, before `beforeId` (0: from the newest), with the filtered total. */
export async function alarmPage(sql: Sql, f: AlarmPageFilter, beforeId: number, limit: number) {
  const where = `($1::boolean IS NULL OR (cleared_at IS NULL) = $1) AND ($2::text[] IS NULL OR warehouse_code = ANY($2::text[]))`;
  const params = [f.open, f.warehouseCodes];
  const [rows, [{ total }]] = await Promise.all([
    sql.query<AlarmRow>(`SELECT ${COLUMNS} FROM alarm WHERE ${where} AND ($3 = 0 OR id < $3) ORDER BY id DESC LIMIT $4`, [...params, beforeId, limit + 1]),
    sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM alarm WHERE ${where}`, params),
  ]);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}
