/** What an e-mail webhook sends for a delivery: a subject a person can read at a glance, the event below it. */

const MAX_SUBJECT = 150;

export interface EmailMessage {
  subject: string;
  text: string;
}

/**
 * The e-mail of a delivery's body (`{ id, topic, createdAt, payload }`, as a webhook would POST it): a rule's
 * message (`rule.notified`) is the subject and the first line; any other topic is named with the material and
 * warehouse its payload names. The event follows as indented JSON, for whoever needs the details.
 */
export function emailOf(body: string): EmailMessage {
  const event = JSON.parse(body) as { id: number; topic: string; createdAt: string; payload: Record<string, unknown> };
  const p = event.payload ?? {};
  const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
  const message = text(p.message);
  const about = [text(p.materialCode), text(p.warehouseCode) && `in ${text(p.warehouseCode)}`].filter(Boolean).join(" ");
  const headline = message ?? (about ? `${event.topic}: ${about}` : event.topic);
  const line = headline.replace(/\s+/g, " ");
  return {
    subject: line.length > MAX_SUBJECT ? `${line.slice(0, MAX_SUBJECT - 1)}…` : line,
    text: `${headline}\n\nEvent ${event.id} (${event.topic}) at ${event.createdAt}:\n${JSON.stringify(p, null, 2)}\n`,
  };
}
