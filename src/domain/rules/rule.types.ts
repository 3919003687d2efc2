/**
 * A rule's definition: WHEN an event topic, IF conditions on the event's fields and on facts about its
 * material, warehouse and supplier, THEN actions. Plain data, stored as JSON in rule_version.
 */

/** Comparison operators (the names json-rules-engine uses, so definitions read the same). */
export const OPERATORS = ["equal", "notEqual", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive", "in", "notIn"] as const;
export type Operator = (typeof OPERATORS)[number];

/** A fact's value: text, a number, a truth, null (unknown), or a list of them (for in / notIn). */
export type FactValue = string | number | boolean | null;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: string; operator: Operator; value: FactValue | FactValue[] };

/**
 * How much to order:
 * - TO_MAX: up to `maxLevel` (default: twice the safety stock): maxLevel − available;
 * - EOQ: the economic order quantity √(2·D·S / H), D = demand of the last 365 days, S = `orderCost` per order,
 *   H = standard cost × `holdingRatePct` / 100 per unit and year;
 * - FIXED: `quantity`.
 * Then at least the supplier's minimum and lot-size minimum, rounded up to the order multiple.
 */
export type QuantityRule =
  | { policy: "TO_MAX"; maxLevel?: string | null }
  | { policy: "EOQ"; orderCost: string; holdingRatePct: string }
  | { policy: "FIXED"; quantity: string };

export type RuleAction =
  /** a purchase suggestion in the warehouse's current plan; `release`: turned into a purchase order at once */
  | { type: "PURCHASE_SUGGESTION"; quantity: QuantityRule; release: boolean }
  /** a purchase requisition for the ERP (event purchase.requisitioned) */
  | { type: "PURCHASE_REQUISITION"; quantity: QuantityRule }
  /** a transfer order from another warehouse to the event's */
  | { type: "TRANSFER"; fromWarehouseCode: string; quantity: QuantityRule }
  /** the event's exception given to someone; ESCALATE records it as an escalation */
  | { type: "ASSIGN_EXCEPTION" | "ESCALATE_EXCEPTION"; assignee: string }
  /** the event's lot held in quarantine */
  | { type: "QUARANTINE_LOT"; reason: string }
  /** an MRP run of the event's warehouse */
  | { type: "START_MRP" }
  /** a rule.notified event; `{fact}` in the message is replaced by the fact's value */
  | { type: "NOTIFY"; message: string };

export type ActionType = RuleAction["type"];
export const ACTION_TYPES: readonly ActionType[] = [
  "PURCHASE_SUGGESTION", "PURCHASE_REQUISITION", "TRANSFER", "ASSIGN_EXCEPTION", "ESCALATE_EXCEPTION", "QUARANTINE_LOT", "START_MRP", "NOTIFY",
];

export interface RuleDefinition {
  topic: string;
  /** exception.aging only: minutes an exception has been open */
  triggerMinutes: number | null;
  conditions: Condition;
  actions: RuleAction[];
}

/** An action with its inputs decided: what a firing does (and a dry run reports). */
export interface PlannedAction {
  type: ActionType;
  inputs: Record<string, string | number | boolean | null>;
}

/** The facts a rule's conditions see: `event.<field>`, `material.*`, `warehouse.*`, `supplier.*`. */
export type Facts = Record<string, FactValue | undefined>;
