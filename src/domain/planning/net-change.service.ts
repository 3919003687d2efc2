import type { Logger } from "pino";
import { lapTimer } from "../shared/laps";
import type { Database, Sql, SqlSession } from "../../db/database";
import { inTransaction } from "../../db/transaction";
import type { EventBus } from "../../events/event-bus";
import { OutboxFollower, type FollowerContext } from "../../events/outbox-follower";
import type { HubEvent, Topics } from "../../events/topics";
import { NetChangePlan, type PlanningBucket } from "../mrp";
import { loadMaterialChanges } from "./load-material-changes";
import { loadPlanningInput } from "./load-planning-input";
import { followMembership } from "./net-change-membership";
import { replanGroup, type KeptGroup } from "./net-change-group";
import { plannedExceptions, syncPlanningExceptions } from "./net-change-exceptions";
import { planTarget, supplyWrites, takesCopy } from "./persist-plan";
import { currentGroupRuns } from "./planned-transfer.store";
import { runWarehouseId } from "./run-warehouse.queries";
import * as store from "./planning.store";

const LEADER_LOCK = 74_260_050;
const TOPICS = ["stock.changed", "workOrder.changed", "planning.inputChanged", "planning.masterChanged", "mrp.progress"] as const;
/**
 * Events a cycle takes at most. Coalescing is what lets the planner catch up: a cycle costs less than its
 * changes re-planned one by one (they share components), and the more it takes the more they share.
 */
const PAGE_SIZE = 5_000;
/**
 * A change committed this long before its warehouse's run started may still be missing from that run (it read
 * in a snapshot taken after the run started; a transaction's events carry its start time).
 */
const RUN_OVERLAP_MS = 60_000;
/** Allowance for the database's clock (events' times) against this process's. */
const CLOCK_MARGIN_MS = 5_000;
/** How long the planner remembers what changed (longer than any run takes). */
const REMEMBER_MS = 30 * 60_000;

interface Kept {
  runId: number;
  startDate: Date;
  /** when the run started */
  startedAt: Date;
  plan: NetChangePlan;
  /** when it was built from the data (this process's clock) */
  builtAt: number;
  /** materials changed between the run's snapshot and the build, written since */
  settled: Set<number>;
  /** events of changes the build may not have seen can no longer come */
  caughtUp: boolean;
}

/**
 * What one re-plan cycle did: the events it covered (of them, changes to what MRP plans from), materials
 * re-planned and written, supply rows inserted, and its time (ms) in all and in its parts.
 */
export interface NetChangeReport {
  events: number;
  changes: number;
  replanned: number;
  /** re-planned by one engine run over the whole plant (more than a share of it changed: NetChangePlan.replan) */
  whole: boolean;
  /** warehouse groups (of a multi-warehouse run) re-planned whole with the multi-warehouse engine */
  groups: number;
  written: number;
  rows: number;
  ms: number;
  /** building the kept plan (the first change after a run), reading the touched materials' data, re-planning, writing */
  buildMs: number;
  readMs: number;
  planMs: number;
  writeMs: number;
  /** planning exceptions raised and resolved */
  exceptions: number;
}

/** The materials touched per warehouse, gathered from a page of events: when each last changed (the database's clock, ms). */
type Touched = Map<number, Map<number, number>>;

/**
 * Where the planner's statements go. On PostgreSQL, its own connection (the follower's session, which holds the
 * leader lock): a cycle's reads and write then never queue for the hub's pool behind the very requests whose
 * changes it follows (at 100 changes a second they fill it). The embedded database has one session: the hub's.
 */
interface Connection {
  sql: Sql;
  held?: SqlSession;
}

/** A session's statements one after the other: node-postgres refuses (from pg 9) one sent while another runs. */
function oneAtATime(session: SqlSession): Sql {
  let last: Promise<unknown> = Promise.resolve();
  return {
    query<T>(text: string, params?: unknown[]) {
      const next = last.then(() => session.query<T>(text, params));
      last = next.catch(() => undefined);
      return next;
    },
  };
}

/**
 * Net-change planning: one hub (a leader lock) follows stock movements, work orders (their receipts and the
 * reservations of their components), demand and supply changes (`planning.inputChanged`) in the outbox, and
 * re-plans just the materials they touched within each warehouse's current plan (NetChangePlan: in
 * low-level-code order, on to components whose dependent demand changed; by one engine run over the plant when
 * a large share of it changed), then replaces those materials' suggested supplies in one short transaction, so readers always see a whole plan. Whatever arrived since the
 * last re-plan (a page of events) is re-planned together.
 *
 * The plan is kept in memory per warehouse, built by a full computation from the current data the first time
 * the warehouse changes after a run (or a start); the materials that changed between the run's snapshot and
 * that build (and their components) are then written whether or not a re-plan finds them changed, since what
 * is stored may predate them. Changes the run already read (well before it started) are not re-planned. The
 * kept plan is used without asking which run is current until a completion event says another one is, or a write
 * finds its run replaced. A full run (MrpRunService) still replaces everything and resets what is kept.
 * The re-planned materials' planning exceptions are kept current in the same transaction (net-change-exceptions.ts).
 * Master data changes (`planning.masterChanged`) are read with the materials' other data; a BOM change builds
 * the kept plan again. The run's counts stay the run's until the next full run.
 * Warehouses whose current runs come from one multi-warehouse run are re-planned together, whole, with the
 * multi-warehouse engine (net-change-group.ts): alone, a destination would buy what its planned transfers bring.
 */
export class NetChangePlanner {
  private readonly follower: OutboxFollower;
  private readonly kept = new Map<number, Kept>();
  /** warehouse groups whose current runs came from one multi-warehouse run, and each grouped warehouse's group id */
  private readonly groups = new Map<number, KeptGroup>();
  private readonly groupOfWarehouse = new Map<number, number>();
  /** recent changes per warehouse: [when (ms), material ids] */
  private readonly recent = new Map<number, [number, number[]][]>();
  /** per warehouse, the materials of this page whose master data changed (read with their other data) */
  private readonly masterChanged = new Map<number, Set<number>>();

  constructor(
    private readonly db: Database,
    bus: EventBus,
    private readonly log: Logger,
    /** hears of every re-plan (the bench measures with it) */
    private readonly onReplanned: (report: NetChangeReport) => void = () => undefined,
  ) {
    this.follower = new OutboxFollower(db, bus, log, { name: "net-change", topics: TOPICS, leaderLock: LEADER_LOCK, pageSize: PAGE_SIZE, handlePage: (events, context) => this.handlePage(events, context) });
  }

  start(): void {
    this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }

  private async handlePage(events: readonly HubEvent[], { held }: FollowerContext): Promise<number> {
    const t0 = performance.now();
    const on: Connection = this.db.kind === "postgres" && held ? { sql: oneAtATime(held), held } : { sql: this.db.sql };
    const touched: Touched = new Map();
    this.masterChanged.clear();
    // a warehouse without a current run is asked about once a page, not once per work-order event
    const plans = new Map<number, Promise<Kept | undefined>>();
    for (const event of events) await this.collect(event, touched, on, plans);
    this.forget(Date.now() - REMEMBER_MS);
    const report: NetChangeReport = {
      events: events.length, changes: events.filter((e) => e.topic !== "mrp.progress").length, replanned: 0, whole: false, groups: 0, written: 0, rows: 0, ms: 0, buildMs: 0, readMs: 0, planMs: 0, writeMs: 0, exceptions: 0,
    };
    const groups = new Set<KeptGroup>();
    for (const [warehouseId, materials] of touched) {
      const group = await this.groupOf(warehouseId, on);
      if (group) groups.add(group);
      else await this.replan(warehouseId, materials, events.at(-1)!.createdAt.getTime(), report, on);
    }
    for (const group of groups) await this.replanGroup(group, report, on);
    report.ms = performance.now() - t0;
    this.log.debug(report, "net change");
    this.onReplanned(report);
    return events.at(-1)!.id;
  }

  /** `plans`: what planOf said of each warehouse during this page (forgotten when a run completes in it or its BOM changes). */
  private async collect(event: HubEvent, touched: Touched, on: Connection, plans: Map<number, Promise<Kept | undefined>>): Promise<void> {
    const at = event.createdAt.getTime();
    const mark = (warehouseId: number, materialIds: readonly number[]) => {
      let materials = touched.get(warehouseId);
      if (!materials) touched.set(warehouseId, (materials = new Map()));
      for (const id of materialIds) materials.set(id, Math.max(at, materials.get(id) ?? at));
      this.remember(warehouseId, event.createdAt, materialIds);
    };
    switch (event.topic) {
      case "stock.changed": {
        const p = event.payload as Topics["stock.changed"];
        return mark(p.warehouseId, [p.materialId]);
      }
      case "planning.inputChanged": {
        const p = event.payload as Topics["planning.inputChanged"];
        return mark(p.warehouseId, p.materialIds);
      }
      case "workOrder.changed": {
        // its product's scheduled receipt, and its components' reservations
        const p = event.payload as Topics["workOrder.changed"];
        if (!plans.has(p.warehouseId)) plans.set(p.warehouseId, this.planOf(p.warehouseId, on));
        const plan = await plans.get(p.warehouseId);
        const product = plan?.plan.materialIdOf(p.materialCode);
        return mark(p.warehouseId, product === undefined ? [] : [product, ...plan!.plan.componentsOf(product)]);
      }
      case "planning.masterChanged": {
        const p = event.payload as Topics["planning.masterChanged"];
        for (const warehouseId of p.warehouseId === null ? await store.warehousesWithCurrentRun(on.sql) : [p.warehouseId]) {
          // a BOM alters the kept plan's structure: it is built again, and the materials are then written whole
          if (p.cause === "BOM") {
            this.kept.delete(warehouseId);
            plans.delete(warehouseId);
          }
          else for (const id of p.materialIds) addTo(this.masterChanged, warehouseId, id);
          mark(warehouseId, p.materialIds);
        }
        return;
      }
      case "mrp.progress": {
        const p = event.payload as Topics["mrp.progress"];
        if (p.status !== "COMPLETED") return;
        // a new current plan: the changes its run may have missed are written into it
        const warehouseId = await runWarehouseId(on.sql, p.runId);
        if (warehouseId === null) return;
        if ((this.kept.get(warehouseId)?.runId ?? p.runId) < p.runId) this.kept.delete(warehouseId);
        // a run replaced one of a group's: the others are re-planned without it (or with the run's new group)
        const group = this.groups.get(this.groupOfWarehouse.get(warehouseId)!);
        if (group && (group.runs.get(warehouseId) ?? p.runId) < p.runId) {
          this.forgetGroup(group);
          for (const id of group.runs.keys()) mark(id, []);
        }
        plans.delete(warehouseId);
        mark(warehouseId, []);
      }
    }
  }

  private remember(warehouseId: number, at: Date, materialIds: readonly number[]): void {
    if (materialIds.length === 0) return;
    let list = this.recent.get(warehouseId);
    if (!list) this.recent.set(warehouseId, (list = []));
    list.push([at.getTime(), [...materialIds]]);
  }

  private forget(before: number): void {
    for (const [warehouseId, list] of this.recent) {
      const keep = list.findIndex(([when]) => when >= before);
      if (keep === -1) this.recent.delete(warehouseId);
      else list.splice(0, keep);
    }
  }

  /** What is kept for the warehouse's current run, built when there is none; undefined without a current run. */
  private async planOf(warehouseId: number, on: Connection): Promise<Kept | undefined> {
    const kept = this.kept.get(warehouseId);
    if (kept) return kept;
    const run = await store.currentRunOf(on.sql, warehouseId);
    // a warehouse planned with others is re-planned with them (replanGroup)
    if (!run || run.groupId !== null) return undefined;
    const parameters = { startDate: new Date(String(run.parameters.startDate)), bucket: run.parameters.bucket as PlanningBucket, horizonBuckets: Number(run.parameters.horizonBuckets) };
    const builtAt = Date.now();
    const input = await inTransaction(this.db, async (tx) => {
      await tx.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`);
      return { ...(await loadPlanningInput(tx, warehouseId, parameters.startDate)), parameters };
    }, on.held);
    const built: Kept = { runId: run.id, startDate: parameters.startDate, startedAt: run.startedAt, plan: NetChangePlan.build(input), builtAt, settled: new Set(), caughtUp: false };
    this.kept.set(warehouseId, built);
    return built;
  }

  /**
   * The group of warehouses the warehouse's current run was planned with (a multi-warehouse run), if it was: the
   * current runs sharing its group id, looked up once and kept until a run replaces one of them.
   */
  private async groupOf(warehouseId: number, on: Connection): Promise<KeptGroup | undefined> {
    if (this.kept.has(warehouseId)) return undefined;
    const known = this.groupOfWarehouse.get(warehouseId);
    if (known !== undefined) return this.groups.get(known);
    const run = await store.currentRunOf(on.sql, warehouseId);
    if (run?.groupId == null) return undefined;
    const runs = await currentGroupRuns(on.sql, run.groupId);
    const group: KeptGroup = {
      groupId: run.groupId,
      runs: new Map(runs.map((r) => [r.warehouseId, r.id])),
      parameters: { startDate: new Date(String(run.parameters.startDate)), bucket: run.parameters.bucket as PlanningBucket, horizonBuckets: Number(run.parameters.horizonBuckets) },
      stored: undefined,
    };
    this.groups.set(group.groupId, group);
    for (const id of group.runs.keys()) this.groupOfWarehouse.set(id, group.groupId);
    return group;
  }

  private forgetGroup(group: KeptGroup): void {
    this.groups.delete(group.groupId);
    for (const id of group.runs.keys()) if (this.groupOfWarehouse.get(id) === group.groupId) this.groupOfWarehouse.delete(id);
  }

  /**
   * Re-plans a group whole (replanGroup: a transfer carries a change from one warehouse to the others, and a
   * change to a component of a transferred material back), whatever of it changed; adds what it did to the report.
   */
  private async replanGroup(group: KeptGroup, report: NetChangeReport, on: Connection): Promise<void> {
    try {
      const done = await replanGroup(on.sql, (fn) => inTransaction(this.db, fn, on.held), group, takesCopy(this.db));
      if (!done.current) {
        // a run replaced one of the group's: its completion event brings its warehouses here again
        this.forgetGroup(group);
        this.log.debug({ groupId: group.groupId }, "net change skipped: a run of the group is no longer current");
        return;
      }
      report.groups++;
      report.replanned += done.materials;
      report.written += done.written;
      report.rows += done.rows;
      report.exceptions += done.exceptions;
      report.readMs += done.readMs;
      report.planMs += done.planMs;
      report.writeMs += done.writeMs;
    } catch (err) {
      // what is stored is read again on the retry
      this.forgetGroup(group);
      throw err;
    }
  }

  /** Re-plans the materials in the warehouse's current plan and stores the ones that changed; adds what it did to the report. */
  private async replan(warehouseId: number, materials: Map<number, number>, lastEventAt: number, report: NetChangeReport, on: Connection): Promise<void> {
    const lap = lapTimer();
    const found = await this.planOf(warehouseId, on);
    report.buildMs += lap();
    if (!found) return;
    // changes committed before the run started are in its plan and in what was built from the data after it
    const seenByRun = found.startedAt.getTime() - RUN_OVERLAP_MS - CLOCK_MARGIN_MS;
    const recent = [...materials].flatMap(([id, at]) => (at >= seenByRun ? [id] : []));
    const master = this.masterChanged.get(warehouseId);
    try {
      const { kept, left } = await this.withMembers(warehouseId, found, recent, master, on);
      const { plan } = kept;
      const known = recent.filter((id) => plan.has(id));
      // read outside a transaction (READ COMMITTED statements, as inside one)
      if (known.length) plan.apply(await loadMaterialChanges(on.sql, warehouseId, kept.startDate, known, master ? known.filter((id) => master.has(id)) : []));
      report.readMs += lap();
      const { changed, changedDue, replanned, exceptionsChanged, whole: wholeRun } = plan.replan();
      report.replanned += replanned;
      report.whole ||= wholeRun;
      // what is stored may predate the unsettled materials' changes: they are written whole; the rest, only
      // the supplies due in the buckets whose supplies changed
      const unsettled = this.changedBeforeBuild(warehouseId, kept);
      const whole = new Set(unsettled);
      const due = changed.flatMap((id, k) => (whole.has(id) ? [] : changedDue[k].map((bucket) => ({ id, bucket }))));
      // the rows are built before the transaction, which holds the run's row lock only for its statements
      const supplies = [...unsettled.flatMap((id) => plan.supplies(id)), ...changed.flatMap((id, k) => (whole.has(id) ? [] : plan.supplies(id, changedDue[k])))];
      const inserts = [...supplyWrites(supplies, planTarget(this.db, kept.runId, warehouseId))];
      const doomed = { materialIds: due.map((d) => d.id), dueDates: due.map((d) => plan.dueDate(d.bucket)) };
      const write = new Set([...unsettled, ...changed, ...left]);
      // planning exceptions: of the materials whose exceptions changed, and of the unsettled (what is stored may predate them); none of those that left
      const exceptions = plannedExceptions(plan, [...unsettled, ...exceptionsChanged]);
      for (const id of left) exceptions.set(id, []);
      report.planMs += lap();
      if (write.size || exceptions.size) {
        let synced = 0;
        const current = await inTransaction(this.db, async (tx) => {
          if (!(await store.markNetChangeIfCurrent(tx, kept.runId))) return false;
          await store.deleteSuggestedSupplies(tx, kept.runId, [...unsettled, ...left], doomed);
          for (const insert of inserts) await insert(tx);
          synced = await syncPlanningExceptions(tx, kept.runId, warehouseId, exceptions);
          return true;
        }, on.held);
        report.writeMs += lap();
        if (!current) {
          // a full run became current meanwhile: its completion event brings the warehouse here again
          this.kept.delete(warehouseId);
          this.log.debug({ warehouseId, runId: kept.runId }, "net change skipped: the run is no longer current");
          return;
        }
        for (const id of unsettled) kept.settled.add(id);
        report.exceptions += synced;
        report.written += write.size;
        report.rows += supplies.length;
      }
      // no transaction still open can have begun before the build: nothing more can have been missed
      if (lastEventAt > kept.builtAt + CLOCK_MARGIN_MS + RUN_OVERLAP_MS) kept.caughtUp = true;
    } catch (err) {
      // the kept plan may be ahead of what is stored: the retry starts afresh
      this.kept.delete(warehouseId);
      throw err;
    }
  }

  /**
   * The kept plan with the materials created or archived since its build entering or leaving it
   * (net-change-membership.ts), built again when an archived one was in its BOMs; and the touched materials not planned.
   */
  private async withMembers(warehouseId: number, kept: Kept, touched: number[], master: Set<number> | undefined, on: Connection): Promise<{ kept: Kept; left: number[] }> {
    const { left, rebuild } = await followMembership(on.sql, warehouseId, kept.plan, touched, master);
    if (!rebuild) return { kept, left };
    this.kept.delete(warehouseId);
    const built = await this.planOf(warehouseId, on);
    // the run stopped being current meanwhile: the page is handled again
    if (!built) throw new Error(`net change: warehouse ${warehouseId} has no current run`);
    return { kept: built, left: (await followMembership(on.sql, warehouseId, built.plan, touched, master)).left };
  }

  /**
   * The materials that changed after the run read its data and before the plan kept here was built from it, with
   * their components: the kept plan has them (a re-plan finds nothing new) but what is stored may not.
   */
  private changedBeforeBuild(warehouseId: number, kept: Kept): number[] {
    if (kept.caughtUp) return [];
    const from = kept.startedAt.getTime() - RUN_OVERLAP_MS;
    const to = kept.builtAt + CLOCK_MARGIN_MS;
    const ids = (this.recent.get(warehouseId) ?? []).filter(([when]) => when >= from && when <= to).flatMap(([, materialIds]) => materialIds);
    return kept.plan.withComponents(ids.filter((id) => !kept.settled.has(id)));
  }
}

function addTo(sets: Map<number, Set<number>>, key: number, value: number): void {
  const set = sets.get(key);
  if (set) set.add(value);
  else sets.set(key, new Set([value]));
}
