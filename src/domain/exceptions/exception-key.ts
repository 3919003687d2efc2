/** A planning exception of an MRP run (one row of a bulk insert). */
export interface PlanningException {
  type: string;
  severity: string;
  message: string;
  materialId: number;
  details: unknown;
}

/**
 * What makes a plan's exception and a stored one the same exception, for a full run's switch and for net change
 * alike: type, severity, material, message and details, whatever the order of the details' keys (jsonb keeps its own).
 * Planning exceptions are stored with it (`plan_key`), so that a new plan compares its keys with the stored ones
 * without reading and keying every open exception's details again. A change to this format makes every stored key
 * differ once: the next run resolves the open exceptions and raises them anew.
 */
export function exceptionKey(e: PlanningException): string {
  const details = (e.details ?? {}) as Record<string, unknown>;
  return JSON.stringify([e.type, e.severity, e.materialId, e.message, Object.keys(details).sort().map((k) => [k, details[k]])]);
}
