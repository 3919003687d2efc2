/**
 * Work orders as they change (subscription workOrderChanged): the latest event per order, to lay over what a query
 * read, and a hook that re-reads a query when an event says something it cannot patch (an order it has not seen).
 */
import { useSubscription } from "urql";
import { WorkOrderChangedDocument, type WorkOrderChangedSubscription } from "../../generated/graphql";

export type WorkOrderChange = WorkOrderChangedSubscription["workOrderChanged"];

/** Every change heard since the page opened, newest first, at most `keep`. */
export function useWorkOrderChanges(keep = 200): WorkOrderChange[] {
  const [{ data }] = useSubscription<WorkOrderChangedSubscription, WorkOrderChange[]>({ query: WorkOrderChangedDocument }, (heard = [], event) =>
    [event.workOrderChanged, ...heard].slice(0, keep),
  );
  return data ?? [];
}

/** The latest change of each order (by id). */
export function latestByOrder(changes: readonly WorkOrderChange[]): Map<string, WorkOrderChange> {
  const latest = new Map<string, WorkOrderChange>();
  for (const c of changes) if (!latest.has(c.workOrderId)) latest.set(c.workOrderId, c);
  return latest;
}
