/** Pure rules of the devices area: what a registration, a threshold and a reading may be, and what readings decide. */
import type { Breach, Severity, ThresholdBounds } from "../alerts";
import { breachOf } from "../alerts";
import { badInput } from "../shared/domain-error";
import { FieldChecks } from "../shared/field-errors";
import { Decimal } from "../shared/quantity";

export type DeviceKind = "SENSOR" | "RFID_READER" | "BARCODE_SCANNER" | "WEIGHT_SENSOR";
export type { Severity, ThresholdBounds };

/** A registered device as a message handler needs it. */
export interface DeviceRef {
  id: number;
  code: string;
  kind: DeviceKind;
  warehouseId: number;
  warehouseCode: string;
  locationId: number | null;
}

/** Devices name themselves in MQTT topics, so a code is one topic level: no `/`, `+` or `#`. */
const DEVICE_CODE = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;
/** The longest interval a device may be expected to keep silent: a week. */
export const MAX_EXPECTED_INTERVAL_SECONDS = 7 * 86_400;
/** The metric a weight sensor reports, in kilograms. */
export const WEIGHT_METRIC = "weight";

export function normalizeDeviceCode(code: string, field = "code"): string {
  const c = code.trim().toUpperCase();
  if (!DEVICE_CODE.test(c)) throw badInput(`${field} must be 1-40 characters: letters, digits, . _ -`, { field });
  return c;
}

/** A device as a caller describes it (its warehouse, location and material are named apart). */
export interface DeviceInput {
  code: string;
  name: string;
  kind: DeviceKind;
  expectedIntervalSeconds?: number | null;
  weightTolerance?: string | null;
  weightTolerancePct?: string | null;
  countOnMismatch?: boolean | null;
}

export interface DeviceFields extends DeviceInput {
  /** whether the input names a location / a material (their lookup is the service's) */
  hasLocation: boolean;
  hasMaterial: boolean;
}

export interface DeviceValues {
  code: string;
  name: string;
  kind: DeviceKind;
  expectedIntervalSeconds: number | null;
  weightTolerance: string | null;
  weightTolerancePct: string | null;
  /** a weight sensor's STOCK_MISMATCH opens a count session of its location */
  countOnMismatch: boolean;
}

/** A registration as given: every problem with its field. A weight sensor sits at a location and weighs one material; nothing else has a material. */
export function readDevice(input: DeviceFields): { value: DeviceValues | null; errors: FieldChecks["errors"] } {
  const c = new FieldChecks();
  const code = input.code.trim().toUpperCase();
  if (!DEVICE_CODE.test(code)) c.fail("code", "code must be 1-40 characters: letters, digits, . _ -");
  const name = c.text(input.name, "name");
  const interval = input.expectedIntervalSeconds == null ? null : c.int(input.expectedIntervalSeconds, "expectedIntervalSeconds", 1, MAX_EXPECTED_INTERVAL_SECONDS);
  const weighs = input.kind === "WEIGHT_SENSOR";
  if (weighs && !input.hasLocation) c.fail("locationCode", "a weight sensor needs the location of its shelf (locationId or locationCode)");
  if (weighs && !input.hasMaterial) c.fail("materialCode", "a weight sensor needs the material on its shelf (materialId or materialCode)");
  if (!weighs && input.hasMaterial) c.fail("materialCode", `only a weight sensor has a material, not a ${input.kind}`);
  const tolerance = (v: string | null | undefined, field: string, max?: number): string | null => {
    if (v == null) return null;
    if (!weighs) return c.fail(field, `only a weight sensor has a ${field}`) ?? null;
    const d = c.decimal(v, field, { precision: 3, allowZero: true });
    if (d && max !== undefined && d.greaterThan(max)) return c.fail(field, `${field} must be at most ${max}`) ?? null;
    return d?.toFixed() ?? null;
  };
  const weightTolerance = tolerance(input.weightTolerance, "weightTolerance");
  const weightTolerancePct = tolerance(input.weightTolerancePct, "weightTolerancePct", 100);
  if (input.countOnMismatch && !weighs) c.fail("countOnMismatch", `only a weight sensor opens a count on a mismatch, not a ${input.kind}`);
  if (c.errors.length) return { value: null, errors: c.errors };
  const countOnMismatch = input.countOnMismatch ?? false;
  return { value: { code, name: name!, kind: input.kind, expectedIntervalSeconds: interval ?? null, weightTolerance, weightTolerancePct, countOnMismatch }, errors: c.errors };
}

/** `where` prefixes the error, e.g. "reading 3: " in a batch. */
export function validateMetric(metric: unknown, where = ""): string {
  const m = typeof metric === "string" ? metric.trim() : "";
  if (!m || m.length > 100) throw badInput(`${where}metric must be text of 1 to 100 characters`, { field: "metric" });
  return m;
}

/** At least one bound, finite, and low below high. */
export function validateBounds({ low, high }: ThresholdBounds): ThresholdBounds {
  if (low === null && high === null) throw badInput("a threshold needs low, high or both", { field: "low" });
  for (const [field, v] of [["low", low], ["high", high]] as const) {
    if (v !== null && !Number.isFinite(v)) throw badInput(`${field} must be a finite number`, { field });
  }
  if (low !== null && high !== null && !(low < high)) throw badInput(`low (${low}) must be below high (${high})`, { field: "low" });
  return { low, high };
}

export interface Judged extends ThresholdBounds {
  metric: string;
  severity: Severity;
  /** epoch ms of the latest reading judged against this range, null before the first */
  judgedUntil: number | null;
}

export interface TimedReading {
  metric: string;
  value: number;
  unit: string | null;
  recordedAt: Date;
}

export type Transition<R extends TimedReading> = { raise: R; threshold: Judged; breach: Breach } | { clear: R };

/**
 * What a batch of readings does to a device's alarms, in time order: leaving a range raises (unless an alarm
 * of that metric is open), coming back clears the open one. A reading stamped at or before the latest one
 * judged for its metric (a device uploading what it buffered) is history and decides nothing. Returns the
 * transitions and each metric's new `judgedUntil` (only those that moved).
 */
export function judgeReadings<R extends TimedReading>(thresholds: readonly Judged[], openMetrics: ReadonlySet<string>, readings: readonly R[]) {
  const byMetric = new Map(thresholds.map((t) => [t.metric, t]));
  const until = new Map(thresholds.map((t) => [t.metric, t.judgedUntil ?? -Infinity]));
  const open = new Set(openMetrics);
  const transitions: Transition<R>[] = [];
  for (const reading of [...readings].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime())) {
    const threshold = byMetric.get(reading.metric);
    const at = reading.recordedAt.getTime();
    if (!threshold || at <= until.get(reading.metric)!) continue;
    until.set(reading.metric, at);
    const breach = breachOf(threshold, reading.value);
    if (breach && !open.has(reading.metric)) {
      transitions.push({ raise: reading, threshold, breach });
      open.add(reading.metric);
    } else if (!breach && open.has(reading.metric)) {
      transitions.push({ clear: reading });
      open.delete(reading.metric);
    }
  }
  const moved = thresholds.filter((t) => until.get(t.metric) !== (t.judgedUntil ?? -Infinity)).map((t) => ({ metric: t.metric, judgedUntil: new Date(until.get(t.metric)!) }));
  return { transitions, moved };
}

export interface ShelfTolerance {
  /** base units of the material */
  quantity: number;
  /** percent of the booked quantity */
  pct: number;
}

/**
 * A shelf's weight against its booked stock: the weight (kg) divided by the material's unit weight is what lies
 * there; it disagrees with the booking when the difference exceeds the tolerance (an absolute quantity plus a
 * percentage of the booked quantity). In decimals, so that 2.709 kg of 9 g parts is 301 of them, not 301.0000000004.
 */
export function shelfComparison(weightKg: number, unitWeightKg: string, booked: string, tolerance: ShelfTolerance) {
  const measured = new Decimal(weightKg).div(unitWeightKg);
  const allowed = new Decimal(tolerance.quantity).plus(new Decimal(tolerance.pct).div(100).times(new Decimal(booked).abs()));
  return { measured, allowed, mismatch: measured.minus(booked).abs().greaterThan(allowed) };
}
