import { badInput } from "../shared/domain-error";

export type DeviceKind = "SENSOR" | "RFID_READER" | "BARCODE_SCANNER";
export type Severity = "INFO" | "WARNING" | "CRITICAL";

/** A registered device as a message handler needs it. */
export interface DeviceRef {
  id: number;
  code: string;
  kind: DeviceKind;
  warehouseId: number;
  warehouseCode: string;
  locationCode: string | null;
}

/** Devices name themselves in MQTT topics, so a code is one topic level: no `/`, `+` or `#`. */
const DEVICE_CODE = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;

export function normalizeDeviceCode(code: string, field = "code"): string {
  const c = code.trim().toUpperCase();
  if (!DEVICE_CODE.test(c)) throw badInput(`${field} must be 1-40 characters: letters, digits, . _ -`, { field });
  return c;
}

export function validateDeviceName(name: string): string {
  const n = name.trim();
  if (!n || n.length > 200) throw badInput("name must be 1 to 200 characters", { field: "name" });
  return n;
}

/** `where` prefixes the error, e.g. "reading 3: " in a batch. */
export function validateMetric(metric: unknown, where = ""): string {
  const m = typeof metric === "string" ? metric.trim() : "";
  if (!m || m.length > 100) throw badInput(`${where}metric must be text of 1 to 100 characters`, { field: "metric" });
  return m;
}

export interface ThresholdBounds {
  low: number | null;
  high: number | null;
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
