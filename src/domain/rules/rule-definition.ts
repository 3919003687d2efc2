import { TOPICS } from "../../events/event-scope";
import { assertValid, FieldChecks } from "../shared/field-errors";
import { Decimal } from "../shared/quantity";
import { readCondition } from "./conditions";
import { ACTION_TYPES, type Condition, type QuantityRule, type RuleAction, type RuleDefinition } from "./rule.types";

/** A rule as the graph sends it: conditions as JSON text, actions as flat records of the fields their type uses. */
export interface RuleInput {
  name: string;
  /** the warehouse whose events the rule acts on; null = every warehouse */
  warehouseCode?: string | null;
  topic: string;
  triggerMinutes?: number | null;
  conditions?: string | null;
  actions: ActionInput[];
  enabled?: boolean | null;
}

export interface ActionInput {
  type: string;
  quantityPolicy?: string | null;
  maxLevel?: string | null;
  orderCost?: string | null;
  holdingRatePct?: string | null;
  quantity?: string | null;
  release?: boolean | null;
  fromWarehouseCode?: string | null;
  assignee?: string | null;
  reason?: string | null;
  message?: string | null;
}

const NEEDS_QUANTITY = new Set(["PURCHASE_SUGGESTION", "PURCHASE_REQUISITION", "TRANSFER"]);
const MAX_ACTIONS = 10;

/** The checked definition and name, or BAD_USER_INPUT naming every bad field (`topic`, `conditions.any[0].fact`, `actions[1].type`…). */
export function readRuleInput(input: RuleInput): { name: string; warehouseCode: string | null; enabled: boolean; definition: RuleDefinition } {
  const c = new FieldChecks();
  const name = c.text(input.name, "name", 100);
  const warehouseCode = input.warehouseCode == null || input.warehouseCode.trim() === "" ? null : c.code(input.warehouseCode, "warehouseCode");
  const topic = (input.topic ?? "").trim();
  if (!(TOPICS as string[]).includes(topic)) c.fail("topic", `topic must be one of ${TOPICS.join(", ")}`);
  let triggerMinutes: number | null = null;
  if (topic === "exception.aging") triggerMinutes = c.int(input.triggerMinutes, "triggerMinutes", 1, 525_600) ?? null;
  else if (input.triggerMinutes != null) c.fail("triggerMinutes", "triggerMinutes is for the exception.aging topic only");
  const conditions = readConditionsText(input.conditions, c);
  if (!Array.isArray(input.actions) || input.actions.length === 0 || input.actions.length > MAX_ACTIONS) c.fail("actions", `give 1 to ${MAX_ACTIONS} actions`);
  const actions = (input.actions ?? []).map((a, i) => readAction(a, `actions[${i}]`, c));
  assertValid(c.errors);
  return {
    name: name!, warehouseCode: warehouseCode ?? null, enabled: input.enabled ?? true,
    definition: { topic, triggerMinutes, conditions: conditions!, actions: actions as RuleAction[] },
  };
}

function readConditionsText(text: string | null | undefined, c: FieldChecks): Condition | undefined {
  if (text == null || text.trim() === "") return { all: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return c.fail("conditions", "conditions must be JSON");
  }
  const read = readCondition(raw);
  for (const e of read.errors) c.fail(e.field, e.message);
  return read.value;
}

function readAction(a: ActionInput, path: string, c: FieldChecks): RuleAction | undefined {
  const type = (a?.type ?? "").trim() as RuleAction["type"];
  if (!ACTION_TYPES.includes(type)) return c.fail(`${path}.type`, `${path}.type must be one of ${ACTION_TYPES.join(", ")}`);
  const quantity = NEEDS_QUANTITY.has(type) ? readQuantityRule(a, path, c) : undefined;
  switch (type) {
    case "PURCHASE_SUGGESTION":
      return quantity && { type, quantity, release: a.release ?? false };
    case "PURCHASE_REQUISITION":
      return quantity && { type, quantity };
    case "TRANSFER": {
      const from = c.code(a.fromWarehouseCode, `${path}.fromWarehouseCode`);
      return quantity && from ? { type, fromWarehouseCode: from, quantity } : undefined;
    }
    case "ASSIGN_EXCEPTION":
    case "ESCALATE_EXCEPTION": {
      const assignee = c.text(a.assignee, `${path}.assignee`, 100);
      return assignee ? { type, assignee } : undefined;
    }
    case "QUARANTINE_LOT": {
      const reason = c.text(a.reason, `${path}.reason`, 500);
      return reason ? { type, reason } : undefined;
    }
    case "START_MRP":
      return { type };
    case "NOTIFY": {
      const message = c.text(a.message, `${path}.message`, 1000);
      return message ? { type, message } : undefined;
    }
  }
}

function readQuantityRule(a: ActionInput, path: string, c: FieldChecks): QuantityRule | undefined {
  const positive = (v: string | null | undefined, field: string, optional = false): string | null | undefined => {
    if (v == null && optional) return null;
    const d = safeDecimal(v);
    return d && d.gt(0) ? d.toFixed() : c.fail(`${path}.${field}`, `${path}.${field} must be a number greater than 0`);
  };
  switch (a.quantityPolicy) {
    case "FIXED": {
      const quantity = positive(a.quantity, "quantity");
      return quantity ? { policy: "FIXED", quantity } : undefined;
    }
    case "TO_MAX": {
      const maxLevel = positive(a.maxLevel, "maxLevel", true);
      return maxLevel === undefined ? undefined : { policy: "TO_MAX", maxLevel };
    }
    case "EOQ": {
      const orderCost = positive(a.orderCost, "orderCost");
      const holdingRatePct = positive(a.holdingRatePct, "holdingRatePct");
      return orderCost && holdingRatePct ? { policy: "EOQ", orderCost, holdingRatePct } : undefined;
    }
    default:
      return c.fail(`${path}.quantityPolicy`, `${path}.quantityPolicy must be FIXED, TO_MAX or EOQ`);
  }
}

function safeDecimal(v: string | null | undefined): Decimal | null {
  if (v == null || !/^\s*-?\d+(\.\d+)?\s*$/.test(v)) return null;
  return new Decimal(v.trim());
}

/** The codes a definition names that must exist: the rule's warehouse, transfer sources, and material/warehouse codes its conditions compare with. */
export function namedCodes(warehouseCode: string | null, d: RuleDefinition): { materials: Map<string, string>; warehouses: Map<string, string> } {
  const materials = new Map<string, string>();
  const warehouses = new Map<string, string>();
  if (warehouseCode) warehouses.set(warehouseCode, "warehouseCode");
  d.actions.forEach((a, i) => a.type === "TRANSFER" && warehouses.set(a.fromWarehouseCode, `actions[${i}].fromWarehouseCode`));
  const walk = (c: Condition, path: string) => {
    if ("all" in c) c.all.forEach((x, i) => walk(x, `${path}.all[${i}]`));
    else if ("any" in c) c.any.forEach((x, i) => walk(x, `${path}.any[${i}]`));
    else if ("not" in c) walk(c.not, `${path}.not`);
    else if ((c.fact === "material.code" || c.fact === "warehouse.code") && ["equal", "in"].includes(c.operator)) {
      const target = c.fact === "material.code" ? materials : warehouses;
      for (const v of [c.value].flat()) if (typeof v === "string" && !target.has(v)) target.set(v, `${path}.value`);
    }
  };
  walk(d.conditions, "conditions");
  return { materials, warehouses };
}
