import type { Logger } from "pino";
import type { Database } from "../../db/database";
import type { EventBus } from "../../events/event-bus";
import { TOPICS } from "../../events/event-scope";
import { OutboxFollower } from "../../events/outbox-follower";
import { withEventCause, writeEvent } from "../../events/outbox";
import type { HubEvent } from "../../events/topics";
import { unresolvedOlderThan, type ExceptionRow } from "../exceptions/exception.store";
import { runCommand, unkeyed } from "../idempotency/command";
import { DomainError } from "../shared/domain-error";
import { PeriodicJob } from "../shared/periodic-job";
import { SYSTEM } from "../../auth/principal";
import { meets } from "./conditions";
import { execute, planActions, ruleActor, type ActionAreas, type FiringContext } from "./rule-actions";
import { factsOf } from "./rule-facts";
import type { PlannedAction } from "./rule.types";
import { chainTooDeep } from "./rules.errors";
import * as store from "./rules.store";

/** How many rules deep a chain (a rule's action causing an event another rule acts on…) may go. */
export const MAX_CHAIN_DEPTH = 5;
/** The advisory lock of the hub that runs the rules. */
const LEADER_LOCK = 74_260_030;
/** Exceptions read per statement by the aging check. */
const AGING_PAGE = 500;

/** What a rule would do for one event: nothing (null), its planned actions, or why it fails. */
export type Verdict = null | { actions: PlannedAction[]; error: string | null; context: FiringContext | null; warehouseId: number | null };

/** The rule as the runner and the dry run judge it: its current (or proposed) definition. */
export type JudgedRule = Pick<store.RuleRow, "id" | "name" | "warehouseId" | "definition">;

/**
 * Whether and how a rule acts on an event. Shared by the live runner and the dry run, so both decide alike:
 * not on events of another warehouse, not on an event its own action caused, a chain deeper than
 * MAX_CHAIN_DEPTH fails, then the conditions, then the actions' inputs.
 */
export async function judge(db: Database, rule: JudgedRule, event: HubEvent): Promise<Verdict> {
  const d = rule.definition;
  if (d.topic !== event.topic) return null;
  if (event.cause?.ruleId === rule.id) return null;
  const p = event.payload as unknown as Record<string, unknown>;
  if (event.topic === "exception.aging" && p.minutes !== d.triggerMinutes) return null;
  const { subject, facts } = await factsOf(db.sql, event);
  if (rule.warehouseId !== null && subject.warehouse?.id !== rule.warehouseId) return null;
  const warehouseId = subject.warehouse?.id ?? null;
  const depth = (event.cause?.depth ?? 0) + 1;
  if (depth > MAX_CHAIN_DEPTH) return { actions: [], error: chainTooDeep(depth, MAX_CHAIN_DEPTH), context: null, warehouseId };
  if (!meets(d.conditions, facts)) return null;
  const context: FiringContext = { ruleId: rule.id, ruleName: rule.name, event, subject, facts };
  try {
    return { actions: await planActions(db.sql, d.actions, context), error: null, context, warehouseId };
  } catch (err) {
    if (err instanceof DomainError) return { actions: [], error: err.message, context: null, warehouseId };
    throw err;
  }
}

/**
 * Runs the enabled rules on every event of the outbox, at least once and in order (one hub at a time, the
 * one holding the leader lock), and announces aging exceptions. A firing row (unique per rule and event)
 * and the actions are written in ONE command: a rule acts once per event, also when the event is handled
 * again after a crash or by another hub. A firing whose actions fail is recorded FAILED, with nothing done.
 */
export class RuleRunner {
  private readonly follower: OutboxFollower;
  private readonly aging: PeriodicJob;

  constructor(
    private readonly db: Database,
    bus: EventBus,
    private readonly areas: ActionAreas & { startMrp(warehouseCode: string, ruleId: number): Promise<unknown> },
    private readonly log: Logger,
    agingCheckMs = 60_000,
  ) {
    this.follower = new OutboxFollower(db, bus, log, { name: "rules", topics: TOPICS, leaderLock: LEADER_LOCK, handlePage: (events) => this.handlePage(events) });
    this.aging = new PeriodicJob({ name: "exception aging check", everyMs: agingCheckMs, runAtStart: false }, () => this.announceAging(), log);
  }

  start(): void {
    this.follower.start();
    this.aging.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.aging.stop(), this.follower.stop()]);
  }

  /**
   * A page of events in order, with the enabled rules of its topics read once (not once per event: a busy floor
   * writes hundreds of events a second). A page handled again after a failure acts once per rule and event: a
   * firing is unique per rule and event.
   */
  private async handlePage(events: readonly HubEvent[]): Promise<number> {
    const rules = await store.enabledRulesOf(this.db.sql, [...new Set(events.map((e) => e.topic))]);
    for (const event of events) {
      for (const rule of rules) if (rule.definition.topic === event.topic) await this.fire(rule, event);
    }
    return events.at(-1)!.id;
  }

  private async fire(rule: store.RuleRow, event: HubEvent): Promise<void> {
    const verdict = await judge(this.db, rule, event);
    if (!verdict) return;
    const firing = { ruleId: rule.id, ruleVersion: rule.version, eventPosition: event.id, topic: event.topic, warehouseId: verdict.warehouseId };
    const depth = (event.cause?.depth ?? 0) + 1;
    let error = verdict.error;
    if (error === null) {
      try {
        const { fired } = await runCommand(this.db, unkeyed(ruleActor(rule.id), "fireRule"), async (tx) => {
          if (!(await store.insertFiring(tx, { ...firing, status: "DONE", actions: verdict.actions, error: null }))) return { fired: false };
          await withEventCause(tx, { ruleId: rule.id, sourceEventId: event.id, depth });
          for (const a of verdict.actions) await execute(tx, a, verdict.context!, this.areas);
          return { fired: true };
        });
        if (fired) await this.afterCommit(rule.id, verdict.actions);
        return;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        error = err.message;
      }
    }
    await store.insertFiring(this.db.sql, { ...firing, status: "FAILED", actions: verdict.actions, error });
  }

  /** An MRP run plans in the background, outside the firing's transaction: started once the firing is committed. */
  private async afterCommit(ruleId: number, actions: PlannedAction[]): Promise<void> {
    for (const a of actions) {
      if (a.type !== "START_MRP") continue;
      await this.areas.startMrp(String(a.inputs.warehouseCode), ruleId).catch((err) => this.log.warn({ err, ruleId }, "a rule's MRP run did not start"));
    }
  }

  /** Writes an `exception.aging` event for each unresolved exception past an aging rule's threshold, once per exception and threshold. */
  async announceAging(): Promise<number> {
    let announced = 0;
    for (const minutes of await store.agingThresholds(this.db.sql)) {
      let page: ExceptionRow[];
      let after = 0;
      do {
        page = await unresolvedOlderThan(this.db.sql, minutes, after, AGING_PAGE);
        for (const e of page) if (await this.announce(e, minutes)) announced++;
        after = page.at(-1)?.id ?? after;
      } while (page.length === AGING_PAGE);
    }
    return announced;
  }

  /** One exception.aging event per exception and threshold (the mark and the event in one command). */
  private async announce(e: ExceptionRow, minutes: number): Promise<boolean> {
    const { marked } = await runCommand(this.db, unkeyed(SYSTEM, "announceExceptionAging"), async (tx) => {
      if (!(await store.markAging(tx, e.id, minutes))) return { marked: false };
      await writeEvent(tx, "exception.aging", {
        exceptionId: e.id, type: e.type, severity: e.severity, status: e.status, materialId: e.materialId, warehouseId: e.warehouseId, openedAt: e.createdAt.toISOString(), minutes,
      });
      return { marked: true };
    });
    return marked;
  }
}
