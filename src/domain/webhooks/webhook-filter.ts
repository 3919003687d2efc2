import type { Topic } from "../../events/topics";

/** What a webhook listens to (see WebhookRow). */
export interface WebhookFilter {
  topics: readonly string[];
  warehouseCode: string | null;
  materialCode: string | null;
  buyer: string | null;
  supplierCode: string | null;
}

/** What an event is about, as far as filters look: found once per event, only when some webhook needs it. */
export interface EventFacts {
  /** the warehouse the event belongs to (null: none) */
  warehouseCode: string | null;
  /** the material it names (payload `materialId` or `materialCode`), with its buyer and the codes of its suppliers */
  material: { code: string; buyer: string | null; supplierCodes: readonly string[] } | null;
  /** a supplier it names itself (payload `supplierCode`) */
  supplierCode: string | null;
}

/**
 * The material and supplier an event's payload names, by the field names every topic uses (`materialId`,
 * `materialCode`, `supplierCode`), so that topics added later are filtered without a change here.
 */
export function payloadRefs(payload: unknown): { materialId: number | null; materialCode: string | null; supplierCode: string | null } {
  const p = (payload ?? {}) as Record<string, unknown>;
  return {
    materialId: typeof p.materialId === "number" ? p.materialId : null,
    materialCode: typeof p.materialCode === "string" ? p.materialCode : null,
    supplierCode: typeof p.supplierCode === "string" ? p.supplierCode : null,
  };
}

/** Whether filters beyond the topic need the event's facts. */
export const needsFacts = (w: WebhookFilter) => w.warehouseCode !== null || w.materialCode !== null || w.buyer !== null || w.supplierCode !== null;

/**
 * Whether a webhook hears of an event: its topic is one of the webhook's, and every filter set matches — the
 * warehouse the event belongs to, the material it names, that material's buyer, and a supplier (named by the
 * event, or supplying its material). An event that names no material reaches no material, buyer or supplier filter.
 */
export function webhookWants(w: WebhookFilter, topic: Topic, facts: EventFacts | null): boolean {
  if (!w.topics.includes(topic)) return false;
  if (!needsFacts(w)) return true;
  if (!facts) return false;
  if (w.warehouseCode !== null && facts.warehouseCode !== w.warehouseCode) return false;
  if (w.materialCode !== null && facts.material?.code !== w.materialCode) return false;
  if (w.buyer !== null && facts.material?.buyer !== w.buyer) return false;
  if (w.supplierCode !== null && facts.supplierCode !== w.supplierCode && !facts.material?.supplierCodes.includes(w.supplierCode)) return false;
  return true;
}
