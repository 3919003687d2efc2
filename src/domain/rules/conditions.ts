import type { FieldError } from "../shared/field-errors";
import { OPERATORS, type Condition, type FactValue, type Facts, type Operator } from "./rule.types";

/** Facts a condition may name besides `event.<field>` (see rule-facts.ts). */
export const KNOWN_FACTS = [
  "event.ageMinutes",
  "material.code", "material.type", "material.abcClass", "material.safetyStock", "material.leadTimeDays", "material.unitCost",
  "warehouse.code", "warehouse.kind",
  "supplier.code", "supplier.leadTimeDays",
  "stock.available", "stock.value",
] as const;

const MAX_DEPTH = 8;
const MAX_NODES = 100;

/** Reads a condition tree from untrusted JSON; problems name their path (`conditions.all[1].operator`). No eval: data only. */
export function readCondition(raw: unknown, field = "conditions"): { value?: Condition; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let nodes = 0;
  const read = (node: unknown, path: string, depth: number): Condition | undefined => {
    if (++nodes > MAX_NODES) return void errors.push({ field: path, message: `at most ${MAX_NODES} conditions` });
    if (depth > MAX_DEPTH) return void errors.push({ field: path, message: `conditions nest at most ${MAX_DEPTH} deep` });
    if (node === null || typeof node !== "object" || Array.isArray(node)) return void errors.push({ field: path, message: `${path} must be an object` });
    const o = node as Record<string, unknown>;
    const keys = Object.keys(o);
    for (const group of ["all", "any"] as const) {
      if (group in o) {
        if (keys.length !== 1) return void errors.push({ field: path, message: `${path}: "${group}" stands alone` });
        const list = o[group];
        if (!Array.isArray(list)) return void errors.push({ field: `${path}.${group}`, message: `${path}.${group} must be a list` });
        const items = list.map((c, i) => read(c, `${path}.${group}[${i}]`, depth + 1));
        return items.every((c): c is Condition => c !== undefined) ? ({ [group]: items } as Condition) : undefined;
      }
    }
    if ("not" in o) {
      if (keys.length !== 1) return void errors.push({ field: path, message: `${path}: "not" stands alone` });
      const inner = read(o.not, `${path}.not`, depth + 1);
      return inner && { not: inner };
    }
    const unknownKey = keys.find((k) => !["fact", "operator", "value"].includes(k));
    if (unknownKey) return void errors.push({ field: `${path}.${unknownKey}`, message: `${path} has an unknown key "${unknownKey}"` });
    const fact = o.fact;
    if (typeof fact !== "string" || !(/^event\.[A-Za-z][A-Za-z0-9]*$/.test(fact) || (KNOWN_FACTS as readonly string[]).includes(fact))) {
      return void errors.push({ field: `${path}.fact`, message: `${path}.fact must be event.<field> or one of ${KNOWN_FACTS.join(", ")}` });
    }
    const operator = o.operator;
    if (typeof operator !== "string" || !(OPERATORS as readonly string[]).includes(operator)) {
      return void errors.push({ field: `${path}.operator`, message: `${path}.operator must be one of ${OPERATORS.join(", ")}` });
    }
    const value = o.value;
    const listOp = operator === "in" || operator === "notIn";
    if (listOp ? !Array.isArray(value) || !value.every(isScalar) : !isScalar(value)) {
      return void errors.push({ field: `${path}.value`, message: `${path}.value must be ${listOp ? "a list of " : ""}text, a number, true/false or null` });
    }
    return { fact, operator: operator as Operator, value: value as FactValue | FactValue[] };
  };
  const value = read(raw, field, 0);
  return errors.length ? { errors } : { value, errors };
}

function isScalar(v: unknown): v is FactValue {
  return v === null || ["string", "number", "boolean"].includes(typeof v);
}

/** Whether the facts meet the condition. A fact that is unknown (undefined) meets no comparison but notEqual / notIn. */
export function meets(c: Condition, facts: Facts): boolean {
  if ("all" in c) return c.all.every((x) => meets(x, facts));
  if ("any" in c) return c.any.some((x) => meets(x, facts));
  if ("not" in c) return !meets(c.not, facts);
  const actual = facts[c.fact];
  switch (c.operator) {
    case "equal": return same(actual, c.value as FactValue);
    case "notEqual": return !same(actual, c.value as FactValue);
    case "in": return (c.value as FactValue[]).some((v) => same(actual, v));
    case "notIn": return !(c.value as FactValue[]).some((v) => same(actual, v));
    default: return compare(actual, c.value as FactValue, c.operator);
  }
}

/** Numbers compare as numbers whether given as text ("12.5", as quantities are) or as numbers. */
function same(a: FactValue | undefined, b: FactValue): boolean {
  if (a === undefined) return false;
  const x = numeric(a), y = numeric(b);
  return x !== null && y !== null ? x === y : a === b;
}

function compare(a: FactValue | undefined, b: FactValue, op: Operator): boolean {
  const x = a === undefined ? null : numeric(a), y = numeric(b);
  if (x === null || y === null) return false;
  if (op === "lessThan") return x < y;
  if (op === "lessThanInclusive") return x <= y;
  if (op === "greaterThan") return x > y;
  return x >= y;
}

function numeric(v: FactValue): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
}
