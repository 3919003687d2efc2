import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import { firstPositionSince, publishedOfTopicsAfter } from "../../events/event.store";
import type { Topic } from "../../events/topics";
import { runCommand, unkeyed } from "../idempotency/command";
import { materialKeysByCodes } from "../materials/material.store";
import { writeAudit } from "../security/audit";
import { DomainError, notFound } from "../shared/domain-error";
import { assertValid, type FieldError } from "../shared/field-errors";
import { warehousesByCodes } from "../sites/sites.store";
import { namedCodes, readRuleInput, type RuleInput } from "./rule-definition";
import { judge, type JudgedRule } from "./rule-runner";
import type { PlannedAction } from "./rule.types";
import { nameTaken } from "./rules.errors";
import * as store from "./rules.store";
import type { Tx } from "../../db/transaction";

/** Events a dry run reads per statement, and at most in all. */
const DRY_RUN_PAGE = 500;
const DRY_RUN_MAX_EVENTS = 50_000;
const MAX_DRY_RUN_DAYS = 90;

export interface DryRunFiring {
  eventId: number;
  topic: string;
  at: Date;
  warehouseCode: string | null;
  actions: PlannedAction[];
  error: string | null;
}

/**
 * Rules: managed by planners (a planner limited to warehouses manages and sees the rules of those only, and
 * their firings), every change a new version, audited; a dry run judges a rule against past events as the
 * runner would (rule-runner.ts: `judge`), writing nothing.
 */
export class RulesService {
  constructor(private readonly db: Database) {}

  create(input: RuleInput, principal: Principal) {
    const r = readRuleInput(input);
    return runCommand(this.db, unkeyed(principal, "createRule"), async (tx) => {
      const warehouseId = await this.checkCodes(tx, r.warehouseCode, r.definition, principal);
      const id = await store.insertRule(tx, { name: r.name, warehouseId, enabled: r.enabled, by: principal.id });
      if (id === null) throw nameTaken(r.name);
      await store.insertVersion(tx, id, 1, r.enabled, r.definition, principal.id);
      await writeAudit(tx, principal, "Rule", id, "create", { name: r.name, warehouseCode: r.warehouseCode, enabled: r.enabled, version: 1, ...r.definition });
      return { ruleId: id };
    });
  }

  /** A new version of the rule with this definition. */
  update(id: number, input: RuleInput, principal: Principal) {
    const r = readRuleInput(input);
    return runCommand(this.db, unkeyed(principal, "updateRule"), async (tx) => {
      const current = await this.locked(tx, id, principal);
      const warehouseId = await this.checkCodes(tx, r.warehouseCode, r.definition, principal);
      const version = current.version + 1;
      await store.insertVersion(tx, id, version, r.enabled, r.definition, principal.id);
      if (!(await store.setHead(tx, id, { name: r.name, warehouseId, enabled: r.enabled, version, by: principal.id }))) throw nameTaken(r.name);
      await writeAudit(tx, principal, "Rule", id, "update", { name: r.name, warehouseCode: r.warehouseCode, enabled: r.enabled, version, ...r.definition });
      return { ruleId: id };
    });
  }

  /** Enables or disables the rule: a new version with the same definition. */
  setEnabled(id: number, enabled: boolean, principal: Principal) {
    return runCommand(this.db, unkeyed(principal, enabled ? "enableRule" : "disableRule"), async (tx) => {
      const current = await this.locked(tx, id, principal);
      const version = current.version + 1;
      await store.insertVersion(tx, id, version, enabled, current.definition, principal.id);
      await store.setHead(tx, id, { name: current.name, warehouseId: current.warehouseId, enabled, version, by: principal.id });
      await writeAudit(tx, principal, "Rule", id, enabled ? "enable" : "disable", { version });
      return { ruleId: id };
    });
  }

  async byId(id: number, principal: Principal): Promise<store.RuleRow> {
    const rule = await store.ruleById(this.db.sql, id);
    if (!rule || !visible(principal, rule.warehouseCode)) throw notFound("Rule", id);
    return rule;
  }

  async find(filter: { topic?: string | null }, principal: Principal, afterId: number, limit: number) {
    return store.findRules(this.db.sql, { warehouseIds: await this.visibleIds(principal), topic: filter.topic }, afterId, limit);
  }

  versions(ruleIds: readonly number[]) {
    return store.versionsOf(this.db.sql, ruleIds);
  }

  async firings(filter: Omit<store.FiringFilter, "warehouseIds">, principal: Principal, beforeId: string | null, limit: number) {
    return store.findFirings(this.db.sql, { ...filter, warehouseIds: await this.visibleIds(principal) }, beforeId, limit);
  }

  /**
   * What a rule (stored, by id, or a proposed definition) would have done over the last `days` days of
   * events: per event it acts on, the actions with their inputs, or why it would fail. Writes nothing.
   * Only events of the caller's warehouses are judged.
   */
  async dryRun(rule: { id: number } | RuleInput, days: number, principal: Principal): Promise<DryRunFiring[]> {
    assertValid(days >= 1 && days <= MAX_DRY_RUN_DAYS && Number.isInteger(days) ? [] : [{ field: "days", message: `days must be a whole number from 1 to ${MAX_DRY_RUN_DAYS}` }]);
    let judged: JudgedRule;
    if ("id" in rule) judged = await this.byId(rule.id, principal);
    else {
      const r = readRuleInput(rule);
      const warehouseId = await this.checkCodes(this.db.sql, r.warehouseCode, r.definition, principal);
      judged = { id: 0, name: r.name, warehouseId, definition: r.definition };
    }
    const out: DryRunFiring[] = [];
    let after = (await firstPositionSince(this.db.sql, new Date(Date.now() - days * 86_400_000))) - 1;
    for (let read = 0; read < DRY_RUN_MAX_EVENTS; read += DRY_RUN_PAGE) {
      const page = await publishedOfTopicsAfter(this.db.sql, [judged.definition.topic as Topic], after, DRY_RUN_PAGE);
      for (const event of page) {
        const verdict = await judge(this.db, judged, event);
        const warehouseCode = verdict?.context?.subject.warehouse?.code ?? null;
        if (verdict && visible(principal, warehouseCode)) out.push({ eventId: event.id, topic: event.topic, at: event.createdAt, warehouseCode, actions: verdict.actions, error: verdict.error });
      }
      if (page.length < DRY_RUN_PAGE) break;
      after = page[page.length - 1].id;
    }
    return out;
  }

  /** The rule, locked; NOT_FOUND when missing or outside the caller's warehouses. */
  private async locked(tx: Tx, id: number, principal: Principal): Promise<store.RuleRow> {
    const rule = await store.lockRule(tx, id);
    if (!rule || !visible(principal, rule.warehouseCode)) throw notFound("Rule", id);
    return rule;
  }

  /**
   * The rule's warehouse id. An identity limited to warehouses manages rules of its own warehouses only (others'
   * look missing, as elsewhere); every material and warehouse the definition names must exist.
   */
  private async checkCodes(tx: Tx, warehouseCode: string | null, d: store.RuleRow["definition"], principal: Principal): Promise<number | null> {
    if (principal.warehouses !== null && warehouseCode === null) throw new DomainError("FORBIDDEN", "a rule of every warehouse needs an identity limited to none: give one of your warehouses");
    if (warehouseCode !== null && !visible(principal, warehouseCode)) throw notFound("Warehouse", warehouseCode);
    const { materials, warehouses } = namedCodes(warehouseCode, d);
    const errors: FieldError[] = [];
    const foundW = new Map((await warehousesByCodes(tx, [...warehouses.keys()])).map((w) => [w.code, w.id]));
    for (const [code, field] of warehouses) {
      if (!foundW.has(code)) errors.push({ field, message: `no warehouse ${code}` });
      else if (field.endsWith("fromWarehouseCode") && !visible(principal, code)) throw notFound("Warehouse", code);
    }
    const foundM = new Set((await materialKeysByCodes(tx, [...materials.keys()])).map((m) => m.code));
    for (const [code, field] of materials) if (!foundM.has(code)) errors.push({ field, message: `no material ${code}` });
    assertValid(errors);
    return warehouseCode === null ? null : foundW.get(warehouseCode)!;
  }

  private async visibleIds(principal: Principal): Promise<number[] | null> {
    return principal.warehouses === null ? null : (await warehousesByCodes(this.db.sql, principal.warehouses)).map((w) => w.id);
  }
}

/** A limited identity sees the rules and firings of its warehouses only (not those of every warehouse). */
function visible(principal: Principal, warehouseCode: string | null): boolean {
  return principal.warehouses === null || (warehouseCode !== null && principal.warehouses.includes(warehouseCode));
}
