/**
 * What the ERP is told of besides purchase suggestions (see the README's ERP section): the kinds, the line
 * fields each sends under the hub's names, and the reading of their variables (ERP_SEND, ERP_PATHS,
 * ERP_FIELD_MAPS). Pure: config validation and the connector use it.
 */
import { checkFieldMap, type FieldMap } from "./erp-field-map";

const COMMON = ["idempotencyKey", "materialCode", "warehouseCode", "quantity", "uom"] as const;
const AT = ["entryId", "locationCode", "lotCode", "postedAt"] as const;

export const ERP_KINDS = {
  "goods-receipts": [...COMMON, ...AT, "purchaseOrderNumber"],
  "production-receipts": [...COMMON, ...AT, "workOrderNumber"],
  "work-order-confirmations": [...COMMON, "workOrderId", "workOrderNumber", "completedQuantity", "scrappedQuantity"],
  scrap: [...COMMON, ...AT, "reasonCode"],
  "count-adjustments": [...COMMON, ...AT, "countSessionNumber"],
  "purchase-requisitions": [...COMMON, "requisitionId", "neededBy", "reason", "ruleId", "sourceEventId"],
} as const;

export type ErpKind = keyof typeof ERP_KINDS;
export const ERP_KIND_NAMES = Object.keys(ERP_KINDS) as ErpKind[];

export interface ErpKindConfig {
  kind: ErpKind;
  /** path below ERP_URL, starting with / */
  path: string;
  fieldMap: FieldMap;
}

const isKind = (name: string): name is ErpKind => (ERP_KIND_NAMES as string[]).includes(name);
const unknownKind = (name: string) => `unknown kind ${JSON.stringify(name)}; the kinds are ${ERP_KIND_NAMES.join(", ")}`;
/** A URL path: segments of unreserved characters, no empty, "." or ".." segment, no query or fragment. */
const isPath = (path: string) => /^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$/.test(path) && !path.split("/").some((s) => s === "." || s === "..");

/**
 * The kinds to send, each with its path and field map. `send`: comma-separated kinds, "all" or "none";
 * `paths` and `fieldMaps`: JSON objects by kind. Problems are pushed one line per variable.
 */
export function parseErpKinds(send: string, paths: string, fieldMaps: string, problems: string[]): ErpKindConfig[] {
  const names = send === "all" ? ERP_KIND_NAMES : send === "none" ? [] : send.split(",").map((s) => s.trim()).filter(Boolean);
  const badName = names.find((n) => !isKind(n));
  if (badName !== undefined) problems.push(`ERP_SEND: ${unknownKind(badName)} (or "all", "none")`);
  const pathOf = byKind("ERP_PATHS", paths, problems, (kind, value) => {
    if (typeof value !== "string" || !isPath(value)) throw new Error(`${kind}: expected a path such as "/goods-receipts" (segments of URL characters, no query)`);
    return value;
  });
  const mapOf = byKind("ERP_FIELD_MAPS", fieldMaps, problems, (kind, value) => checkFieldMap(value, ERP_KINDS[kind], `${kind}: `));
  return names.filter(isKind).map((kind) => ({ kind, path: pathOf[kind] ?? `/${kind}`, fieldMap: mapOf[kind] ?? {} }));
}

/** A JSON object whose keys are kinds, each value read by `read` (which throws what is wrong). */
function byKind<T>(variable: string, text: string, problems: string[], read: (kind: ErpKind, value: unknown) => T): Partial<Record<ErpKind, T>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(`${variable}: expected a JSON object by kind, such as {"goods-receipts": …}`);
    return {};
  }
  const out: Partial<Record<ErpKind, T>> = {};
  for (const [name, v] of Object.entries(value)) {
    try {
      if (!isKind(name)) throw new Error(unknownKind(name));
      out[name] = read(name, v);
    } catch (e) {
      problems.push(`${variable}: ${(e as Error).message}`);
    }
  }
  return out;
}
