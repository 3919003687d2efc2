import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { DeviceKind, DeviceValues, Judged, Severity } from "./device.rules";
import type { QueuedReadings, SensorReading } from "./sensor-reading";

/** The only file whose SQL names device, sensor_threshold, sensor_reading, device_message_minute and reading_announcement. */
export interface DeviceRow {
  id: number;
  code: string;
  name: string;
  kind: DeviceKind;
  warehouseId: number | null;
  locationId: number | null;
  materialId: number | null;
  lastSeenAt: Date | null;
  battery: number | null;
  expectedIntervalSeconds: number | null;
  /** a DEVICE_SILENT alarm is open */
  silent: boolean;
  weightTolerance: string | null;
  weightTolerancePct: string | null;
  /** a STOCK_MISMATCH exception of its shelf is open */
  stockMismatch: boolean;
  countOnMismatch: boolean;
}

export interface ThresholdRow {
  id: number;
  deviceId: number;
  metric: string;
  low: number | null;
  high: number | null;
  severity: Severity;
  updatedAt: Date;
  updatedBy: string;
}

/** How far back the message rate looks. */
export const RATE_MINUTES = 5;

const COLUMNS = `d.id, d.code, d.name, d.kind::text AS kind, d.warehouse_id AS "warehouseId", d.location_id AS "locationId", d.material_id AS "materialId",
  d.last_seen_at AS "lastSeenAt", d.battery, d.expected_interval_seconds AS "expectedIntervalSeconds", d.silent_alarm_id IS NOT NULL AS silent,
  d.weight_tolerance::text AS "weightTolerance", d.weight_tolerance_pct::text AS "weightTolerancePct", d.mismatch_exception_id IS NOT NULL AS "stockMismatch",
  d.count_on_mismatch AS "countOnMismatch"`;
const THRESHOLD = `id, device_id AS "deviceId", metric, low, high, severity::text AS severity, updated_at AS "updatedAt", updated_by AS "updatedBy"`;

/** How many of these codes are registered devices. */
export async function countDevicesWithCodes(sql: Sql, codes: readonly string[]): Promise<number> {
  const [{ count }] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM device d WHERE d.code = ANY($1::text[])`, [codes]);
  return count;
}

/** Devices by code, optionally of some warehouses (null: all) and of one kind. */
export function devicesIn(sql: Sql, warehouseIds: readonly number[] | null, kind: DeviceKind | null): Promise<DeviceRow[]> {
  return sql.query<DeviceRow>(
    `SELECT ${COLUMNS} FROM device d WHERE ($1::int[] IS NULL OR d.warehouse_id = ANY($1::int[])) AND ($2::text IS NULL OR d.kind::text = $2) ORDER BY d.code`,
    [warehouseIds, kind],
  );
}

export async function deviceByCode(tx: Tx, code: string, lock = false): Promise<DeviceRow | null> {
  const [row] = await tx.query<DeviceRow>(`SELECT ${COLUMNS} FROM device d WHERE d.code = $1${lock ? " FOR UPDATE" : ""}`, [code]);
  return row ?? null;
}

type Place = { warehouseId: number; locationId: number | null; materialId: number | null };
const DESCRIPTION = (v: DeviceValues, at: Place) => [
  v.name, v.kind, at.warehouseId, at.locationId, at.materialId, v.expectedIntervalSeconds, v.weightTolerance, v.weightTolerancePct, v.countOnMismatch,
];

/** A new device; null when the code is taken. */
export async function insertDevice(tx: Tx, v: DeviceValues, at: Place): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO device (code, name, kind, warehouse_id, location_id, material_id, expected_interval_seconds, weight_tolerance, weight_tolerance_pct, count_on_mismatch)
     VALUES ($1, $2, $3::"DeviceKind", $4, $5, $6, $7, $8::numeric, $9::numeric, $10) ON CONFLICT (code) DO NOTHING RETURNING id`,
    [v.code, ...DESCRIPTION(v, at)],
  );
  return row?.id ?? null;
}

/** Replaces a device's description (its code stays). */
export async function updateDevice(tx: Tx, id: number, v: DeviceValues, at: Place): Promise<void> {
  await tx.query(
    `UPDATE device SET name = $2, kind = $3::"DeviceKind", warehouse_id = $4, location_id = $5, material_id = $6, expected_interval_seconds = $7,
       weight_tolerance = $8::numeric, weight_tolerance_pct = $9::numeric, count_on_mismatch = $10 WHERE id = $1`,
    [id, ...DESCRIPTION(v, at)],
  );
}

/** Messages per device over the last RATE_MINUTES minutes (this one and those before it). */
export function recentMessages(sql: Sql, deviceIds: readonly number[]): Promise<{ deviceId: number; messages: number }[]> {
  return sql.query<{ deviceId: number; messages: number }>(
    `SELECT device_id AS "deviceId", sum(messages)::int AS messages FROM device_message_minute
      WHERE device_id = ANY($1::int[]) AND minute > date_trunc('minute', now()) - make_interval(mins => ${RATE_MINUTES}) GROUP BY device_id`,
    [deviceIds],
  );
}

/**
 * A message was heard from the device: its last-seen time, its battery when it says, one more message this
 * minute. Locks the device row (the first lock of every device transaction). Returns the open DEVICE_SILENT
 * alarm, if any, and how long the device had been silent.
 */
export async function heard(tx: Tx, deviceId: number, battery: number | null): Promise<{ silentAlarmId: number | null; silentSeconds: number }> {
  const [row] = await tx.query<{ silentAlarmId: number | null; silentSeconds: number }>(
    `WITH counted AS (
       INSERT INTO device_message_minute (device_id, minute, messages) VALUES ($1, date_trunc('minute', now()), 1)
       ON CONFLICT (device_id, minute) DO UPDATE SET messages = device_message_minute.messages + 1)
     UPDATE device d SET last_seen_at = now(), battery = COALESCE($2, d.battery) FROM device before
      WHERE d.id = $1 AND before.id = d.id
     RETURNING d.silent_alarm_id AS "silentAlarmId", extract(epoch FROM now() - COALESCE(before.last_seen_at, before.created_at))::float8 AS "silentSeconds"`,
    [deviceId, battery],
  );
  return row;
}

export async function setSilentAlarm(tx: Tx, deviceId: number, alarmId: number | null): Promise<void> {
  await tx.query(`UPDATE device SET silent_alarm_id = $2 WHERE id = $1`, [deviceId, alarmId]);
}

export interface SilentDevice {
  id: number;
  code: string;
  warehouseId: number;
  expectedIntervalSeconds: number;
  silentSeconds: number;
}

/**
 * Devices with an expected interval, silent for longer than it × `grace` since they were last heard (or
 * registered) and without an open DEVICE_SILENT alarm: locked, skipping those another hub is handling.
 */
export function lockSilentDevices(tx: Tx, grace: number): Promise<SilentDevice[]> {
  return tx.query<SilentDevice>(
    `SELECT id, code, warehouse_id AS "warehouseId", expected_interval_seconds AS "expectedIntervalSeconds",
            extract(epoch FROM now() - COALESCE(last_seen_at, created_at))::float8 AS "silentSeconds"
       FROM device
      WHERE expected_interval_seconds IS NOT NULL AND warehouse_id IS NOT NULL AND silent_alarm_id IS NULL
        AND COALESCE(last_seen_at, created_at) < now() - make_interval(secs => expected_interval_seconds * $1::float8)
      ORDER BY id FOR UPDATE SKIP LOCKED`,
    [grace],
  );
}

/** Message counts too old to count in the rate. */
export async function pruneMessageMinutes(tx: Tx): Promise<void> {
  await tx.query(`DELETE FROM device_message_minute WHERE minute <= date_trunc('minute', now()) - make_interval(mins => ${RATE_MINUTES})`);
}

export function thresholdsOf(sql: Sql, deviceIds: readonly number[]): Promise<ThresholdRow[]> {
  return sql.query<ThresholdRow>(`SELECT ${THRESHOLD} FROM sensor_threshold WHERE device_id = ANY($1::int[]) ORDER BY device_id, metric`, [deviceIds]);
}

export async function upsertThreshold(tx: Tx, deviceId: number, t: { metric: string; low: number | null; high: number | null; severity: Severity }, by: string): Promise<ThresholdRow> {
  const [row] = await tx.query<ThresholdRow>(
    `INSERT INTO sensor_threshold (device_id, metric, low, high, severity, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5::"Severity", $6, now())
     ON CONFLICT (device_id, metric) DO UPDATE SET low = EXCLUDED.low, high = EXCLUDED.high, severity = EXCLUDED.severity,
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
     RETURNING ${THRESHOLD}`,
    [deviceId, t.metric, t.low, t.high, t.severity, by],
  );
  return row;
}

/** The device's thresholds of these metrics, locked: concurrent readings of one metric are judged one after the other. */
export async function lockThresholds(tx: Tx, deviceId: number, metrics: readonly string[]): Promise<Judged[]> {
  const rows = await tx.query<Omit<Judged, "judgedUntil"> & { judgedUntil: string | null }>(
    `SELECT metric, low, high, severity::text AS severity, to_char(judged_until, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "judgedUntil"
       FROM sensor_threshold WHERE device_id = $1 AND metric = ANY($2::text[]) ORDER BY metric FOR UPDATE`,
    [deviceId, metrics],
  );
  return rows.map((r) => ({ ...r, judgedUntil: r.judgedUntil ? Date.parse(r.judgedUntil) : null }));
}

export async function setJudgedUntil(tx: Tx, deviceId: number, metric: string, until: Date): Promise<void> {
  await tx.query(`UPDATE sensor_threshold SET judged_until = $3::timestamptz AT TIME ZONE 'UTC' WHERE device_id = $1 AND metric = $2`, [deviceId, metric, until.toISOString()]);
}

/**
 * Stores a device's readings; one already stored (same metric, time and value: delivered again) is skipped. Those
 * stored now are queued for their `device.readings` event in the same statement (see takeAnnouncements). Returns
 * the positions (0-based) of those stored now.
 */
export async function insertReadings(tx: Tx, device: { id: number; code: string; warehouseCode: string }, readings: readonly SensorReading[]): Promise<number[]> {
  const stored = await tx.query<{ i: string }>(
    `WITH r AS (SELECT metric, value, unit, at::timestamptz AT TIME ZONE 'UTC' AS at, i
                  FROM unnest($2::text[], $3::float8[], $4::text[], $5::text[]) WITH ORDINALITY AS u(metric, value, unit, at, i)),
          stored AS (INSERT INTO sensor_reading (device_id, metric, value, unit, recorded_at) SELECT $1, metric, value, unit, at FROM r
                     ON CONFLICT (device_id, metric, recorded_at, value) DO NOTHING RETURNING metric, value, recorded_at),
          fresh AS (SELECT r.* FROM r JOIN stored s ON s.metric = r.metric AND s.value = r.value AND s.recorded_at = r.at),
          queued AS (INSERT INTO reading_announcement (payload)
                     SELECT jsonb_build_object('deviceCode', $6::text, 'warehouseCode', $7::text, 'readings', jsonb_agg(jsonb_build_object(
                              'metric', metric, 'value', value, 'unit', unit, 'recordedAt', to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY i))
                       FROM fresh HAVING count(*) > 0)
     SELECT i FROM fresh`,
    [device.id, readings.map((r) => r.metric), readings.map((r) => r.value), readings.map((r) => r.unit), readings.map((r) => r.recordedAt.toISOString()), device.code, device.warehouseCode],
  );
  return stored.map((s) => Number(s.i) - 1);
}

/** Held by the transaction that announces queued readings: one hub at a time, so a device's events keep their readings' order. */
const ANNOUNCE_LOCK = 74_260_060;

/**
 * Takes (deletes) up to `limit` queued announcements, oldest first, for the caller's transaction to write as events;
 * null when another hub's transaction is announcing. A device's readings are queued under its row lock, so in
 * the order they were stored.
 */
export async function takeAnnouncements(tx: Tx, limit: number): Promise<QueuedReadings[] | null> {
  const [{ free }] = await tx.query<{ free: boolean }>(`SELECT pg_try_advisory_xact_lock(${ANNOUNCE_LOCK}) AS free`);
  if (!free) return null;
  const rows = await tx.query<{ payload: QueuedReadings }>(
    `WITH taken AS (DELETE FROM reading_announcement WHERE id IN (SELECT id FROM reading_announcement ORDER BY id LIMIT $1) RETURNING id, payload)
     SELECT payload FROM taken ORDER BY id`,
    [limit],
  );
  return rows.map((r) => r.payload);
}

/** A device's latest `last` readings (of one metric if named, at or after `from` if given), oldest first. */
export function latestReadings(sql: Sql, deviceId: number, metric: string | null, from: Date | null, last: number): Promise<SensorReading[]> {
  return sql.query<SensorReading>(
    `SELECT metric, value, unit, "recordedAt" FROM (
       SELECT id, metric, value, unit, recorded_at AT TIME ZONE 'UTC' AS "recordedAt" FROM sensor_reading
        WHERE device_id = $1 AND ($2::text IS NULL OR metric = $2) AND ($3::timestamptz IS NULL OR recorded_at >= $3::timestamptz AT TIME ZONE 'UTC')
        ORDER BY recorded_at DESC, id DESC LIMIT $4) r
     ORDER BY "recordedAt", id`,
    [deviceId, metric, from?.toISOString() ?? null, last],
  );
}

/** A weight sensor's shelf and what was last judged of it (read under the row lock `heard` took). */
export async function shelfOf(tx: Tx, deviceId: number) {
  const [row] = await tx.query<{
    materialId: number | null; locationId: number | null; weightTolerance: string | null; weightTolerancePct: string | null;
    mismatchExceptionId: number | null; judgedUntil: string | null; countOnMismatch: boolean;
  }>(
    `SELECT material_id AS "materialId", location_id AS "locationId", weight_tolerance::text AS "weightTolerance", weight_tolerance_pct::text AS "weightTolerancePct",
            mismatch_exception_id AS "mismatchExceptionId", count_on_mismatch AS "countOnMismatch", to_char(weight_judged_until, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "judgedUntil"
       FROM device WHERE id = $1`,
    [deviceId],
  );
  return { ...row, judgedUntil: row.judgedUntil ? Date.parse(row.judgedUntil) : null };
}

export async function setShelfJudged(tx: Tx, deviceId: number, until: Date, mismatchExceptionId: number | null): Promise<void> {
  await tx.query(`UPDATE device SET weight_judged_until = $2::timestamptz AT TIME ZONE 'UTC', mismatch_exception_id = $3 WHERE id = $1`, [
    deviceId,
    until.toISOString(),
    mismatchExceptionId,
  ]);
}
