/**
 * The exception inbox and knowledge base: list and search, similar past cases, response times, and the
 * commands people use on one exception (acknowledge, assign, set its cause, resolve). Exceptions are raised
 * by the rules of other areas through `raise` (exception.store.ts), which also records what they did.
 */
import { hasAnyRole, type Principal } from "../../auth/principal";
import { Role } from "../../auth/roles";
import { assertVisible, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Database, Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { runCommand } from "../idempotency/command";
import { writeAudit } from "../security/audit";
import { notFound } from "../shared/domain-error";
import type { Ref } from "../shared/ref";
import { warehousesByCodes, warehousesByIds, type SiteService } from "../sites";
import * as rules from "./exception.rules";
import * as store from "./exception.store";
import { notAWarehouseException } from "./exceptions.errors";

export interface ExceptionPolicy {
  /** EXCEPTION_RESOLUTION_NOTE_REQUIRED: a person resolving an exception says what was done */
  resolutionNoteRequired: boolean;
  idempotencyTtlHours: number;
}

export interface ExceptionFilter {
  types?: readonly string[] | null;
  statuses?: readonly string[] | null;
  causes?: readonly string[] | null;
  materialId?: number | null;
  warehouse?: Ref;
  workOrderId?: number | null;
  assignee?: string | null;
  from?: Date | null;
  to?: Date | null;
  text?: string | null;
}

/** An exception as its reader may see it (a shortage's suggestions in other warehouses left out). */
export type ExceptionView = store.ExceptionRow;

export interface ResponseTimes extends Omit<store.ResponseTimeRow, "warehouseId"> {
  warehouseCode: string | null;
}

export class ExceptionService {
  constructor(
    private readonly db: Database,
    private readonly sites: SiteService,
    private readonly policy: ExceptionPolicy,
  ) {}

  // ───────────────────────────── reads ─────────────────────────────

  /** Oldest first: those of the caller's warehouses and of none, filtered and searched. */
  async page(filter: ExceptionFilter, principal: Principal, afterId: number, limit: number) {
    const { from, to } = rules.readWindow(filter.from, filter.to);
    const query: store.ExceptionQuery = {
      ...filter,
      from,
      to,
      text: rules.readSearchText(filter.text),
      warehouseId: await this.warehouseFilter(filter.warehouse, principal),
      visibleWarehouseIds: await this.visibleWarehouseIds(principal.warehouses),
    };
    const page = await store.findExceptions(this.db.sql, query, afterId, limit);
    return { ...page, rows: page.rows.map((r) => this.view(r, principal.warehouses)) };
  }

  /** One exception; another warehouse's is NOT_FOUND, as a missing one. */
  async byId(id: number, principal: Principal): Promise<ExceptionView> {
    const [row] = await store.exceptionsByIds(this.db.sql, [id]);
    if (!row) throw notFound("Exception", id);
    assertVisible(principal, await this.codeOf(this.db.sql, row.warehouseId), "Exception", id);
    return this.view(row, principal.warehouses);
  }

  /** Past resolved cases like exception `id`, best first (the ranking: `similarTo` in exception.store.ts). */
  async similar(id: number, principal: Principal, limit: number) {
    await this.byId(id, principal);
    const rows = await store.similarTo(this.db.sql, id, await this.visibleWarehouseIds(principal.warehouses), limit);
    return rows.map(({ score, ...row }) => ({ exception: this.view(row, principal.warehouses), score }));
  }

  /** Counts and minutes to acknowledge and to resolve, per type and warehouse, of exceptions raised in [from, to). */
  async responseTimes(window: { from: Date; to: Date }, warehouse: Ref | undefined, principal: Principal): Promise<ResponseTimes[]> {
    const { from, to } = rules.readWindow(window.from, window.to);
    const rows = await store.responseTimes(this.db.sql, {
      from: from!, to: to!, warehouseId: await this.warehouseFilter(warehouse, principal), visibleWarehouseIds: await this.visibleWarehouseIds(principal.warehouses),
    });
    const codes = await this.codesOf(rows.map((r) => r.warehouseId));
    // the rows come in type order; within a type, by warehouse code (those of no warehouse first)
    return rows
      .map(({ warehouseId, ...r }) => ({ ...r, warehouseCode: warehouseId === null ? null : codes.get(warehouseId)! }))
      .sort((a, b) => rules.EXCEPTION_TYPES.indexOf(a.type) - rules.EXCEPTION_TYPES.indexOf(b.type) || (a.warehouseCode ?? "").localeCompare(b.warehouseCode ?? ""));
  }

  // ───────────────────────────── commands ─────────────────────────────

  /**
   * Someone has seen it: OPEN → ACKNOWLEDGED. Planners acknowledge any exception they may see; a storekeeper
   * those of a warehouse (its own: others are NOT_FOUND), not those of no warehouse (FORBIDDEN).
   */
  acknowledge(id: number, principal: Principal, key?: string | null) {
    return this.command("acknowledgeException", { id }, principal, key, async (tx) => {
      const e = await this.locked(tx, id, principal);
      if (e.warehouseId === null && !hasAnyRole(principal, [Role.PLANNER])) throw notAWarehouseException(id);
      rules.assertMayAcknowledge(e);
      await store.markAcknowledged(tx, id, principal.id);
      return { action: "ACKNOWLEDGED", details: {} };
    });
  }

  /** Gives it to someone (again); not once it is resolved. */
  assign(id: number, assignee: string, principal: Principal, key?: string | null) {
    const who = rules.readAssignee(assignee);
    return this.command("assignException", { id, assignee: who }, principal, key, async (tx) => {
      const e = await this.locked(tx, id, principal);
      rules.assertNotResolved(e);
      await store.markAssigned(tx, id, who);
      return { action: "ASSIGNED", details: { assignee: who, previous: e.assignee } };
    });
  }

  /** Names why it happened, in any status: the knowledge base is kept up after the fact too. */
  setCause(id: number, cause: string, causeText: string | null | undefined, principal: Principal, key?: string | null) {
    const v = rules.readCause(cause, causeText);
    return this.command("setExceptionCause", { id, ...v }, principal, key, async (tx) => {
      await this.locked(tx, id, principal);
      await store.markCause(tx, id, v.cause, v.causeText);
      return { action: "CAUSE_SET", details: v };
    });
  }

  /** Closes the case with what was done (the note, required by EXCEPTION_RESOLUTION_NOTE_REQUIRED). */
  resolve(id: number, note: string | null | undefined, principal: Principal, key?: string | null) {
    const text = rules.readResolutionNote(note, this.policy.resolutionNoteRequired);
    return this.command("resolveException", { id, note: text }, principal, key, async (tx) => {
      const e = await this.locked(tx, id, principal);
      rules.assertMayResolve(e, await store.unrepairedFailuresOf(tx, id));
      await store.markResolved(tx, id, principal.id, text);
      return { action: "RESOLVED", details: { note: text } };
    });
  }

  /** One command on one exception: its change, then its action (and event) and audit record, in one transaction. */
  private async command(
    operation: string,
    payload: { id: number } & Record<string, unknown>,
    principal: Principal,
    key: string | null | undefined,
    change: (tx: Tx) => Promise<{ action: string; details: Record<string, unknown> }>,
  ): Promise<ExceptionView> {
    await runCommand(this.db, { principal, operation, idempotencyKey: key, payload, ttlHours: this.policy.idempotencyTtlHours }, async (tx) => {
      const { action, details } = await change(tx);
      await store.recordAction(tx, payload.id, { action, actor: principal.id, details });
      await writeAudit(tx, principal, "Exception", payload.id, action.toLowerCase(), details);
      return { exceptionId: payload.id };
    });
    return this.byId(payload.id, principal);
  }

  /** The exception, locked; NOT_FOUND when missing or of a warehouse out of the caller's scope. */
  private async locked(tx: Tx, id: number, principal: Principal): Promise<store.ExceptionRow> {
    const e = await store.lockException(tx, id);
    if (!e) throw notFound("Exception", id);
    assertVisible(principal, await this.codeOf(tx, e.warehouseId), "Exception", id);
    return e;
  }

  // ───────────────────────────── scope ─────────────────────────────

  private view(row: store.ExceptionRow, scope: WarehouseScope): ExceptionView {
    return { ...row, details: rules.visibleDetails(row.details, scope) };
  }

  /** The ids of the warehouses a scope names (null = all). */
  private async visibleWarehouseIds(scope: WarehouseScope): Promise<number[] | null> {
    return scope === null ? null : (await warehousesByCodes(this.db.sql, scope)).map((w) => w.id);
  }

  /**
   * The warehouse a list is narrowed to: named by id, NOT_FOUND when missing or out of scope; by code, as
   * given (an unknown code or one out of scope lists nothing, as other lists do). 0 names no warehouse.
   */
  private async warehouseFilter(ref: Ref | undefined, principal: Principal): Promise<number | null> {
    const code = await this.sites.codeToFilter(ref, principal);
    if (code === undefined) return null;
    return (await warehousesByCodes(this.db.sql, [code]))[0]?.id ?? 0;
  }

  private async codeOf(sql: Sql | Tx, warehouseId: number | null): Promise<string | null> {
    return warehouseId === null ? null : ((await warehousesByIds(sql, [warehouseId]))[0]?.code ?? null);
  }

  private async codesOf(ids: readonly (number | null)[]): Promise<Map<number, string>> {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    return new Map((await warehousesByIds(this.db.sql, wanted)).map((w) => [w.id, w.code]));
  }
}
