import type { ThresholdBounds } from "../devices/device.validation";

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
