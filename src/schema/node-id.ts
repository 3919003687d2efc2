/**
 * Node ids: base64 of "<kind>:<row id>" (src/schema/node.ts has the interface). Free of decorators, so that
 * clients of the encoding (tests, scripts) need not load the schema.
 */
import { badInput } from "../domain/shared/domain-error";
import { MAX_ROW_ID } from "../domain/shared/ref";

/**
 * What a node id names: its GraphQL type, except that planned orders and purchase suggestions (two tables
 * with ids of their own) are both of the type PlannedSupply.
 */
export const NODE_KINDS = [
  "Material", "Warehouse", "Location", "Lot", "Supplier", "WorkCenter", "WorkOrder", "TransferOrder", "PurchaseOrder", "MpsLine", "MrpRun",
  "PlannedOrder", "PurchaseSuggestion", "Exception", "Device", "Alarm",
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Most ids one `nodes` call takes. */
export const MAX_NODES = 100;

/** The GraphQL type of each kind. */
export const typeOfKind = (kind: NodeKind): string => (kind === "PlannedOrder" || kind === "PurchaseSuggestion" ? "PlannedSupply" : kind);

export function toNodeId(kind: NodeKind, id: number | string): string {
  return Buffer.from(`${kind}:${id}`, "utf8").toString("base64");
}

/** The kind and row id a node id names; anything else (not one the hub made) is BAD_USER_INPUT naming `field`. */
export function fromNodeId(nodeId: string, field: string): { kind: NodeKind; id: number } {
  const [kind, id, ...rest] = Buffer.from(nodeId, "base64").toString("utf8").split(":");
  const n = Number(id);
  const known = (NODE_KINDS as readonly string[]).includes(kind);
  if (!known || rest.length || !/^[1-9]\d*$/.test(id ?? "") || n > MAX_ROW_ID || toNodeId(kind as NodeKind, n) !== nodeId) {
    throw badInput(`${field} is not a node id of this graph`, { field });
  }
  return { kind: kind as NodeKind, id: n };
}
