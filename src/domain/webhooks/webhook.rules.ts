import { TOPICS } from "../../events/event-scope";
import type { Topic } from "../../events/topics";
import { badInput } from "../shared/domain-error";

/** What a client sends to create or change a webhook. */
export interface WebhookInput {
  name: string;
  url: string;
  topics: readonly string[];
  /** required when creating one that POSTs; left out when changing: the secret stays. None for e-mail (not signed). */
  secret?: string | null;
  warehouseCode?: string | null;
  materialCode?: string | null;
  buyer?: string | null;
  supplierCode?: string | null;
  active?: boolean | null;
}

/** A webhook's fields as checked, before the codes are looked up. */
export interface WebhookValues {
  name: string;
  url: string;
  topics: Topic[];
  secret: string | null;
  warehouseCode: string | null;
  materialCode: string | null;
  buyer: string | null;
  supplierCode: string | null;
  active: boolean;
}

/** Shorter secrets are refused: HMAC-SHA256 keys should carry at least 128 bits. */
export const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 200;
const MAX_URL_LENGTH = 2000;

const code = (v: string | null | undefined) => (v == null || v.trim() === "" ? null : v.trim().toUpperCase());

/**
 * Checks a webhook's input, field by field (BAD_USER_INPUT naming the first bad field): an http(s) URL without
 * credentials or a `mailto:` of one address (sent as e-mail through SMTP_URL), one or more known topics, a secret
 * of 16 to 200 characters (when given; none for e-mail), a buyer or a supplier but not both.
 */
export function readWebhook(input: WebhookInput, creating: boolean): WebhookValues {
  const name = input.name.trim();
  if (name === "" || name.length > 100) throw badInput("name must be 1 to 100 characters", { field: "name" });
  const url = input.url.trim();
  const email = isEmailUrl(url);
  if (!email && !isHttpUrl(url)) {
    throw badInput("url must be an http:// or https:// URL without credentials, or mailto: one e-mail address, up to 2000 characters", { field: "url" });
  }
  if (input.topics.length === 0) throw badInput("topics must name at least one topic", { field: "topics" });
  const unknown = input.topics.find((t) => !(TOPICS as readonly string[]).includes(t));
  if (unknown !== undefined) throw badInput(`unknown topic ${JSON.stringify(unknown)}; known: ${TOPICS.join(", ")}`, { field: "topics", topic: unknown });
  const secret = input.secret ?? null;
  if (email && secret !== null) throw badInput("an e-mail webhook is not signed: leave secret out", { field: "secret" });
  if (!email && secret === null && creating) throw badInput("secret is required", { field: "secret" });
  if (secret !== null && (secret.length < MIN_SECRET_LENGTH || secret.length > MAX_SECRET_LENGTH)) {
    throw badInput(`secret must be ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters`, { field: "secret" });
  }
  const buyer = code(input.buyer);
  const supplierCode = code(input.supplierCode);
  if (buyer !== null && supplierCode !== null) throw badInput("a webhook belongs to a buyer or to a supplier, not both", { field: "supplierCode" });
  return {
    name,
    url,
    topics: [...new Set(input.topics as Topic[])],
    secret,
    warehouseCode: code(input.warehouseCode),
    materialCode: code(input.materialCode),
    buyer,
    supplierCode,
    active: input.active ?? true,
  };
}

/** `mailto:` and one address (no list, no query): the webhook is delivered as e-mail. */
export function isEmailUrl(text: string): boolean {
  return text.length <= MAX_URL_LENGTH && /^mailto:[^\s@,;?]+@[^\s@,;?]+\.[^\s@,;?]+$/i.test(text);
}

/** The address of an e-mail webhook's URL. */
export const emailAddressOf = (url: string) => url.slice("mailto:".length);

function isHttpUrl(text: string): boolean {
  if (text.length > MAX_URL_LENGTH) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "" && url.hostname !== "";
  } catch {
    return false;
  }
}

/** What the graph shows of a secret: its first characters only. */
export const secretPrefix = (secret: string | null) => (secret === null ? null : `${secret.slice(0, 4)}…`);
