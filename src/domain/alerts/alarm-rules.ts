import { writeEvent } from "../../events/outbox";
import type { DeviceRef, Severity } from "../devices/device.validation";
import type { SensorReading } from "../devices/sensor-reading";
import { raiseException } from "../exceptions";
import type { Tx } from "../../db/transaction";
import { breachOf, type Breach } from "./threshold";

interface ThresholdRow {
  metric: string;
  low: number | null;
  high: number | null;
  severity: Severity;
  /** ISO time of the latest reading judged, if any */
  judgedUntil: string | null;
}

/**
 * Raises an alarm when a reading leaves its metric's range and clears it when a reading is back inside,
 * each with its event, in the caller's transaction. At most one alarm per device and metric is open:
 * the thresholds are locked before the open alarms are read, so concurrent readings of one metric are
 * judged one transaction after the other. Within a batch the latest reading decides. A reading stamped
 * before the latest one judged (a device uploading what it buffered while offline) is history: it is
 * stored, but it neither raises nor clears an alarm.
 */
export async function applyThresholds(tx: Tx, device: DeviceRef, readings: readonly SensorReading[]): Promise<void> {
  const metrics = [...new Set(readings.map((r) => r.metric))];
  const thresholds = await tx.query<ThresholdRow>(
    `SELECT metric, low, high, severity::text AS severity, to_char(judged_until, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "judgedUntil"
       FROM sensor_threshold WHERE device_id = $1 AND metric = ANY($2::text[]) ORDER BY metric FOR UPDATE`,
    [device.id, metrics],
  );
  if (thresholds.length === 0) return;
  const byMetric = new Map(thresholds.map((t) => [t.metric, t]));
  const openAlarms = await tx.query<{ id: number; metric: string }>(
    `SELECT id, metric FROM alarm WHERE device_id = $1 AND metric = ANY($2::text[]) AND cleared_at IS NULL`,
    [device.id, [...byMetric.keys()]],
  );
  const open = new Map(openAlarms.map((a) => [a.metric, a.id]));
  const judgedUntil = new Map(thresholds.map((t) => [t.metric, t.judgedUntil ? Date.parse(t.judgedUntil) : -Infinity]));
  const inTimeOrder = [...readings].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  for (const reading of inTimeOrder) {
    const threshold = byMetric.get(reading.metric);
    if (!threshold || reading.recordedAt.getTime() <= judgedUntil.get(reading.metric)!) continue;
    judgedUntil.set(reading.metric, reading.recordedAt.getTime());
    const breach = breachOf(threshold, reading.value);
    const alarmId = open.get(reading.metric);
    if (breach && alarmId === undefined) {
      open.set(reading.metric, await raiseAlarm(tx, device, threshold.severity, reading, breach));
    } else if (!breach && alarmId !== undefined) {
      await clearAlarm(tx, device, alarmId, reading);
      open.delete(reading.metric);
    }
  }
  for (const t of thresholds) {
    const until = judgedUntil.get(t.metric)!;
    if (until !== (t.judgedUntil ? Date.parse(t.judgedUntil) : -Infinity)) {
      await tx.query(`UPDATE sensor_threshold SET judged_until = $3::timestamptz AT TIME ZONE 'UTC' WHERE device_id = $1 AND metric = $2`, [
        device.id,
        t.metric,
        new Date(until).toISOString(),
      ]);
    }
  }
}

async function raiseAlarm(tx: Tx, device: DeviceRef, severity: Severity, reading: SensorReading, breach: Breach): Promise<number> {
  const limit = breach.side === "above" ? "high" : "low";
  const message = `${device.code}: ${reading.metric} ${reading.value}${reading.unit ? ` ${reading.unit}` : ""} is ${breach.side} the ${limit} limit ${breach.bound}`;
  const [{ id }] = await tx.query<{ id: number }>(
    `INSERT INTO alarm (device_id, metric, severity, message, value, threshold) VALUES ($1, $2, $3::"Severity", $4, $5, $6) RETURNING id`,
    [device.id, reading.metric, severity, message, reading.value, breach.bound],
  );
  await writeEvent(tx, "alarm.raised", {
    alarmId: id,
    deviceCode: device.code,
    warehouseCode: device.warehouseCode,
    metric: reading.metric,
    severity,
    message,
    value: reading.value,
    threshold: breach.bound,
  });
  if (severity === "CRITICAL") {
    await raiseException(tx, {
      type: "EQUIPMENT",
      severity,
      message,
      details: { alarmId: id, deviceCode: device.code, metric: reading.metric, value: reading.value, threshold: breach.bound },
      warehouseId: device.warehouseId,
    });
  }
  return id;
}

async function clearAlarm(tx: Tx, device: DeviceRef, alarmId: number, reading: SensorReading): Promise<void> {
  await tx.query(`UPDATE alarm SET cleared_at = now() WHERE id = $1`, [alarmId]);
  await writeEvent(tx, "alarm.cleared", { alarmId, deviceCode: device.code, warehouseCode: device.warehouseCode, metric: reading.metric, value: reading.value });
}
