import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import * as store from "./work-order.store";

/**
 * Every change of a work order's status or quantities goes through here, so that each writes its
 * `workOrder.changed` event in the same transaction (a status set to what it was writes none). A new order's
 * event is written by the statement that inserts it (store.insertWorkOrder).
 */

export async function changeStatus(tx: Tx, id: number, status: string): Promise<void> {
  const change = await store.setStatus(tx, id, status);
  if (change.from !== change.to) await writeEvent(tx, "workOrder.changed", change);
}

/** Books what an operation made (see store.addCompleted): the quantities change, so the event is written even when the status stays. */
export async function bookCompleted(tx: Tx, id: number, status: string, scrap: string, good: string): Promise<void> {
  await writeEvent(tx, "workOrder.changed", await store.addCompleted(tx, id, status, scrap, good));
}
