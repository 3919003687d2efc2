/** A metric's range: at least one bound (null = open on that side). */
export interface ThresholdBounds {
  low: number | null;
  high: number | null;
}

export interface Breach {
  side: "above" | "below";
  /** the bound the value crossed */
  bound: number;
}

/** Where a value stands against a threshold: null inside the range (bounds included), else the bound it crossed. */
export function breachOf(threshold: ThresholdBounds, value: number): Breach | null {
  if (threshold.high !== null && value > threshold.high) return { side: "above", bound: threshold.high };
  if (threshold.low !== null && value < threshold.low) return { side: "below", bound: threshold.low };
  return null;
}

/** e.g. "T-1: temperature 85 C is above the high limit 80" */
export function breachMessage(deviceCode: string, reading: { metric: string; value: number; unit: string | null }, breach: Breach): string {
  const limit = breach.side === "above" ? "high" : "low";
  return `${deviceCode}: ${reading.metric} ${reading.value}${reading.unit ? ` ${reading.unit}` : ""} is ${breach.side} the ${limit} limit ${breach.bound}`;
}

/** e.g. "T-1: silent for 95 s (expected a message every 30 s)" */
export const silenceMessage = (deviceCode: string, silentSeconds: number, expectedIntervalSeconds: number) =>
  `${deviceCode}: silent for ${Math.round(silentSeconds)} s (expected a message every ${expectedIntervalSeconds} s)`;
