import type { PlanningException } from "../exceptions/exception.store";

/**
 * What makes a plan's exception and a stored one the same exception, for a full run's switch and for net change
 * alike: type, severity, material, message and details, whatever the order of the details' keys (jsonb keeps its own).
 */
export function exceptionKey(e: PlanningException): string {
  const details = (e.details ?? {}) as Record<string, unknown>;
  return JSON.stringify([e.type, e.severity, e.materialId, e.message, Object.keys(details).sort().map((k) => [k, details[k]])]);
}
