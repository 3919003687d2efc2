import type { Tx } from "../../db/transaction";
import { planningExceptionsOf, raisePlanningExceptions, resolveAllAsSystem, type PlanningException, type StoredPlanningException } from "../exceptions/exception.store";
import type { MrpException } from "../mrp";
import { exceptionKey } from "../exceptions/exception-key";

const NOTE = "net change: the current plan no longer has it";

/** The plan's exceptions of these materials now, by material (a material without any maps to none). */
export function plannedExceptions(plan: { exceptions(materialId: number): readonly MrpException[] }, materialIds: Iterable<number>): Map<number, readonly MrpException[]> {
  return new Map([...new Set(materialIds)].map((id) => [id, plan.exceptions(id)]));
}

/**
 * Brings a run's stored planning exceptions of these materials to what the plan says of them now, in the
 * caller's transaction: raises what the plan has and the run has not recorded, resolves what is open and the
 * plan no longer has (see `exceptionChanges`). Returns how many it raised and resolved.
 */
export async function syncPlanningExceptions(tx: Tx, runId: number, warehouseId: number, planned: ReadonlyMap<number, readonly MrpException[]>): Promise<number> {
  if (planned.size === 0) return 0;
  const { raise, resolve } = exceptionChanges(await planningExceptionsOf(tx, runId, warehouseId, [...planned.keys()]), [...planned.values()].flat());
  await resolveAllAsSystem(tx, resolve, NOTE);
  await raisePlanningExceptions(tx, runId, warehouseId, raise);
  return raise.length + resolve.length;
}

/**
 * Which planned exceptions to raise and which stored ones (ids) to resolve. Two are the same exception when
 * their `exceptionKey`s are. One still true stays as it is (acknowledged or assigned, its
 * actions kept); one a person resolved is not raised again while it stays true; one the system resolved is
 * raised again when it comes back.
 */
export function exceptionChanges(stored: readonly StoredPlanningException[], planned: readonly PlanningException[]): { raise: PlanningException[]; resolve: number[] } {
  const recorded = new Map<string, StoredPlanningException[]>();
  for (const e of stored) {
    if (!e.open && e.resolvedBySystem) continue;
    const same = recorded.get(exceptionKey(e));
    if (same) same.push(e);
    else recorded.set(exceptionKey(e), [e]);
  }
  const raise = planned.filter((e) => !recorded.get(exceptionKey(e))?.shift());
  const resolve = [...recorded.values()].flat().flatMap((e) => (e.open ? [e.id] : []));
  return { raise, resolve };
}
