import type { Topics } from "../../events/topics";
import { badInput } from "../shared/domain-error";
import { validateMetric } from "./device.rules";

export interface SensorReading {
  metric: string;
  value: number;
  unit: string | null;
  recordedAt: Date;
}

/** Device clocks drift; a reading stamped further ahead than this is refused as a broken clock. */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;
/** Readings one message may carry. */
export const MAX_READINGS_PER_MESSAGE = 1000;
/** A time without a zone would depend on the hub's own. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A reading as a device sends it, `{ metric, value, unit?, at? }`, checked and with its time (`now` when
 * the device does not say). `index` names the reading of a batch in the error.
 */
function validateReading(raw: unknown, now: Date, index?: number): SensorReading {
  const where = index === undefined ? "" : `reading ${index}: `;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw badInput(`${where}a reading is an object { metric, value, unit?, at? }`);
  const r = raw as Record<string, unknown>;
  const metric = validateMetric(r.metric, where);
  if (typeof r.value !== "number" || !Number.isFinite(r.value)) throw badInput(`${where}value must be a finite number`, { field: "value" });
  if (r.unit !== undefined && r.unit !== null && (typeof r.unit !== "string" || r.unit.length > 20)) {
    throw badInput(`${where}unit must be text of at most 20 characters`, { field: "unit" });
  }
  let recordedAt = now;
  if (r.at !== undefined && r.at !== null) {
    recordedAt = typeof r.at === "string" && ISO_WITH_ZONE.test(r.at) ? new Date(r.at) : new Date(NaN);
    if (Number.isNaN(recordedAt.getTime())) throw badInput(`${where}at must be an ISO date-time with a zone (Z or ±hh:mm)`, { field: "at" });
    if (recordedAt.getTime() > now.getTime() + MAX_CLOCK_AHEAD_MS) {
      throw badInput(`${where}at ${r.at} is in the future (the device clock is wrong?)`, { field: "at" });
    }
  }
  return { metric, value: r.value, unit: typeof r.unit === "string" && r.unit.trim() ? r.unit.trim() : null, recordedAt };
}

/** One reading or an array of them. */
export function validateReadings(raw: unknown, now: Date): SensorReading[] {
  if (!Array.isArray(raw)) return [validateReading(raw, now)];
  if (raw.length === 0 || raw.length > MAX_READINGS_PER_MESSAGE) throw badInput(`a message carries 1 to ${MAX_READINGS_PER_MESSAGE} readings`);
  return raw.map((r, i) => validateReading(r, now, i));
}

/**
 * The battery charge a message reports, in percent (`"battery": 0–100` on a reading, the latest of a batch
 * that has one, or on a scan); null when it says nothing.
 */
export function batteryOf(raw: unknown): number | null {
  const items = Array.isArray(raw) ? raw : [raw];
  const said = items.filter((r): r is { battery: unknown } => typeof r === "object" && r !== null && (r as { battery?: unknown }).battery != null);
  if (said.length === 0) return null;
  const battery = said[said.length - 1].battery;
  if (typeof battery !== "number" || !Number.isFinite(battery) || battery < 0 || battery > 100) throw badInput("battery must be a number from 0 to 100 (percent)", { field: "battery" });
  return battery;
}

/** A message's new readings as queued for a `device.readings` event, and as the event carries them (times as ISO text). */
export type QueuedReadings = Topics["device.readings"];

/** The most readings one `device.readings` event carries: a backlog becomes several events of a size a subscriber takes in. */
export const MAX_READINGS_PER_EVENT = MAX_READINGS_PER_MESSAGE;

/**
 * Queued messages' readings as events: one per device (and warehouse) in the order first queued, with the readings
 * in the order they were queued; a device's readings beyond `max` start another event.
 */
export function coalesceReadings(queued: readonly QueuedReadings[], max = MAX_READINGS_PER_EVENT): QueuedReadings[] {
  const open = new Map<string, QueuedReadings>();
  const events: QueuedReadings[] = [];
  for (const q of queued) {
    const key = `${q.warehouseCode}/${q.deviceCode}`;
    const event = open.get(key);
    if (event && event.readings.length + q.readings.length <= max) {
      event.readings.push(...q.readings);
      continue;
    }
    const next = { ...q, readings: [...q.readings] };
    open.set(key, next);
    events.push(next);
  }
  return events;
}
