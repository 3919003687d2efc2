import type { Logger } from "pino";
import type { Principal } from "../../auth/principal";
import type { WarehouseScope } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import { inTransaction } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { detached } from "../../runtime/request-deadline";
import { metrics } from "../../runtime/metrics";
import { runCommand, unkeyed } from "../idempotency/command";
import { diffPlans, MAX_HORIZON_BUCKETS, planMrpInSteps, type MrpInput, type MrpPlan, type MrpStep, type PlanningBucket } from "../mrp";
import { DomainError, badInput, notFound } from "../shared/domain-error";
import { namedIn, type Named } from "../shared/ref";
import * as refs from "../stock/stock-refs";
import { loadPlanningInput } from "./load-planning-input";
import { exceptionsAgainst, moveKeptExceptions, planTarget, PlanWriter, switchExceptions } from "./persist-plan";
import { pushableRun, suggestionLinesAfter, transferLinesAfter } from "./plan-export.queries";
import { purgeSupersededRuns } from "./purge-runs";
import { currentSupplies, runById, runsPage } from "./plan.queries";
import * as store from "./planning.store";
import type { MrpRunPhase, MrpRunRow, SupplyKind } from "./planning.types";
import { stepThrough } from "./plan-steps";
import { groupRuns, transfersPage, type TransferFilter } from "./planned-transfer.store";
import { applyOverrides, type WhatIfOverrides } from "./what-if";
import { WarehousesRun } from "./warehouses-run";

export interface MrpRunRequest extends Named<"warehouse"> {
  /** several warehouses planned together, with transfers between them (instead of one warehouse) */
  warehouseCodes?: string[] | null;
  bucket: PlanningBucket;
  horizonBuckets: number;
  /** first day of the plan; default today (UTC) */
  startDate?: Date | null;
}

/** A run still QUEUED or RUNNING after this long was interrupted (its process died) and no longer blocks others. */
const STALE_MINUTES = 30;

/**
 * Connections a run writes its plan on at once: enough to keep the server's cores busy while this
 * process builds the next chunk, few enough to leave the pool to other requests.
 */
const WRITE_CONNECTIONS = 3;
/** A running plan reports its progress at most this often (a small run reports none between its phases). */
const PROGRESS_EVERY_MS = 250;

/** Plans with the pure engine, step by step (see stepThrough). */
const planInSteps = (input: MrpInput, onStep?: (step: MrpStep) => Promise<void>): Promise<MrpPlan> => stepThrough(planMrpInSteps(input), onStep);

/**
 * MRP runs: load one warehouse's data, plan with the pure engine (src/domain/mrp), write the plan, then
 * make it current in one short transaction, so readers see the previous complete plan until the new one
 * is complete. Progress goes to the outbox (`mrp.progress`) as the run passes its phases. What-if runs plan
 * with overrides, commit nothing and return the differences.
 */
export class MrpRunService {
  private readonly running = new Set<Promise<unknown>>();
  private readonly warehouses: WarehousesRun;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    /** completed runs kept whole per warehouse besides the current one (MRP_KEEP_RUNS); older ones are purged after a run */
    private readonly keepRuns: number,
    /** what follows every completed run (the capacity check); its failure is logged, the run stays completed */
    private readonly afterCompleted: () => Promise<unknown> = async () => undefined,
  ) {
    const settings = { staleMinutes: STALE_MINUTES, keepRuns, writeConnections: WRITE_CONNECTIONS, progressEveryMs: PROGRESS_EVERY_MS };
    this.warehouses = new WarehousesRun(db, log, afterCompleted, settings);
  }

  /** A run as the ERP push sees it (undefined: no such run). */
  pushableRun(runId: number) {
    return pushableRun(this.db.sql, runId);
  }

  /** The run's purchase suggestions after `afterId`, in id order, as lines for the ERP. */
  suggestionLinesAfter(runId: number, afterId: number, limit: number) {
    return suggestionLinesAfter(this.db.sql, runId, afterId, limit);
  }

  /** The run's planned transfers after `afterId`, in id order, as lines for the ERP. */
  transferLinesAfter(runId: number, afterId: number, limit: number) {
    return transferLinesAfter(this.db.sql, runId, afterId, limit);
  }

  /** A page of the current plan's planned orders or purchase suggestions of one warehouse. */
  currentSupplies(kind: SupplyKind, filter: { warehouseId: number; materialId?: number }, afterId: number, limit: number) {
    return currentSupplies(this.db.sql, kind, filter, afterId, limit);
  }

  /** Validates, records the run as QUEUED and plans in the background; follow it with `mrpRunProgress`. */
  async start(request: MrpRunRequest, principal: Principal): Promise<MrpRunRow> {
    const params = validRequest(request);
    if (request.warehouseCodes) return this.startWarehouses(request, params, principal);
    const run = await runCommand(this.db, unkeyed(principal, "startMrpRun"), async (tx) => {
      const warehouse = await refs.warehouse(tx, namedIn("Warehouse", request, "warehouse"), principal);
      await store.lockRunsOf(tx, warehouse.id);
      const busy = await store.busyRunOf(tx, warehouse.id, STALE_MINUTES);
      if (busy) throw new DomainError("CONFLICT", `MRP run ${busy.id} is still running for ${warehouse.code}`, { runId: busy.id });
      const row = await store.insertQueuedRun(tx, {
        warehouseId: warehouse.id, bucket: params.bucket, horizonDays: horizonDays(params), parameters: { ...params, warehouseCode: warehouse.code }, by: principal.id,
      });
      await writeEvent(tx, "mrp.progress", { runId: row.id, status: "QUEUED", phase: null, percent: 0 });
      return row;
    });
    // the run outlives the request that started it, and so its deadline
    const work = detached(() => this.execute(run.id, run.warehouseId!, params)).finally(() => this.running.delete(work));
    this.running.add(work);
    return run;
  }

  /** A run of several warehouses (WarehousesRun): returns its first run; the others share its groupId. */
  private async startWarehouses(request: MrpRunRequest, params: ValidRequest, principal: Principal): Promise<MrpRunRow> {
    if (request.warehouseId != null || request.warehouseCode != null) throw badInput("name one warehouse or warehouseCodes, not both", { field: "warehouseCodes" });
    const { runs, work } = await this.warehouses.start(request.warehouseCodes!, params, horizonDays(params), principal);
    const running = detached(work).finally(() => this.running.delete(running));
    this.running.add(running);
    return runs[0];
  }

  /** Waits for background runs (graceful shutdown, tests). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private async execute(runId: number, warehouseId: number, params: ValidRequest): Promise<void> {
    const timings: Record<string, number> = {};
    const timed = async <T>(phase: string, fn: () => Promise<T> | T): Promise<T> => {
      const t0 = performance.now();
      const result = await fn();
      timings[`${phase}Ms`] = Math.round(performance.now() - t0);
      return result;
    };
    try {
      await this.progress(runId, "LOADING", 5);
      const input = await timed("load", () => this.load(warehouseId, params));
      await this.progress(runId, "PLANNING", 20);
      // Readers only see the current run's rows, so the new rows need not share one transaction: they are written
      // in chunks on several connections, then one short transaction makes the run current. A run that fails
      // half-way is never current and is purged later. Each netting step's supplies are written while the next
      // step is planned: the server stores them while this process plans (docs/benchmarks.md, "Persist, seventh
      // round").
      const writer = new PlanWriter(planTarget(this.db, runId, warehouseId), WRITE_CONNECTIONS, (fn) => inTransaction(this.db, fn));
      let reported = performance.now();
      const plan = await timed("compute", () =>
        planInSteps(input, async ({ percent, supplies }) => {
          if (supplies) await writer.add(supplies);
          if (performance.now() - reported < PROGRESS_EVERY_MS) return;
          reported = performance.now();
          await this.progress(runId, "PLANNING", 20 + Math.floor((percent * 40) / 100));
        }),
      ).catch(async (err) => {
        await writer.abandon();
        throw err;
      });
      await this.progress(runId, "PERSISTING", 60);
      const persisting = performance.now();
      // The exceptions' comparison runs beside the last writes, and the new exceptions it finds go ahead of them.
      const comparing = exceptionsAgainst(this.db.sql, warehouseId, plan.exceptions).then((change) => {
        timings.persistCompareMs = Math.round(performance.now() - persisting);
        return change;
      });
      writer.raise(comparing.then((c) => c.raise));
      const spent = await writer.finish();
      const exceptions = await comparing;
      // where persist went: each part's connection time (they overlap), then the switch
      for (const [part, ms] of Object.entries(spent)) timings[`persist${part[0].toUpperCase()}${part.slice(1)}Ms`] = Math.round(ms);
      timings.persistWritesMs = Math.round(performance.now() - persisting);
      const analysing = performance.now();
      await inTransaction(this.db, (tx) => store.refreshPlanStatistics(tx));
      timings.persistAnalyseMs = Math.round(performance.now() - analysing);
      await inTransaction(this.db, async (tx) => {
        const switching = performance.now();
        // the superseded plan's exceptions the new plan answers are resolved; those still true stay open
        await switchExceptions(tx, await store.retireCurrentRun(tx, warehouseId), exceptions);
        timings.persistSwitchMs = Math.round(performance.now() - switching);
        // timings are recorded with the completion, so that whoever hears of it finds them (the switch's commit is left out)
        timings.persistMs = Math.round(performance.now() - persisting);
        timings.totalMs = timings.loadMs + timings.computeMs + timings.persistMs;
        const exceptionRows = { exceptionsRaised: exceptions.raise.length, exceptionsKept: exceptions.keep.size };
        await store.completeRun(tx, runId, { ...plan.counts, demands: input.demands.length, ...exceptionRows }, timings);
        await writeEvent(tx, "mrp.progress", { runId, status: "COMPLETED", phase: null, percent: 100 });
      });
      await inTransaction(this.db, (tx) => moveKeptExceptions(tx, runId, warehouseId, exceptions));
      metrics.mrpRunSeconds.observe(timings.totalMs / 1000);
      await this.afterCompleted().catch((err) => this.log.error({ err, runId }, "what follows the MRP run failed"));
      await purgeSupersededRuns(this.db, [warehouseId], { keep: this.keepRuns, staleMinutes: STALE_MINUTES }).catch((err) => this.log.error({ err, runId }, "purging superseded MRP runs failed"));
    } catch (err) {
      const expected = err instanceof DomainError;
      if (!expected) this.log.error({ err, runId }, "MRP run failed");
      const message = expected ? err.message : "internal error (see the hub's log)";
      await inTransaction(this.db, async (tx) => {
        await store.failRun(tx, runId, message);
        await writeEvent(tx, "mrp.progress", { runId, status: "FAILED", phase: null, percent: 100 });
      }).catch((e) => this.log.error({ err: e, runId }, "could not record the failed MRP run"));
    }
  }

  /** The first phase starts the run: QUEUED → RUNNING. */
  private progress(runId: number, phase: MrpRunPhase, percent: number) {
    return inTransaction(this.db, async (tx) => {
      await store.markRunPhase(tx, runId, phase, percent);
      await writeEvent(tx, "mrp.progress", { runId, status: "RUNNING", phase, percent });
    });
  }

  private load(warehouseId: number, params: ValidRequest): Promise<MrpInput> {
    return inTransaction(this.db, async (tx) => {
      // one snapshot for all the reads
      await tx.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`);
      const data = await loadPlanningInput(tx, warehouseId, params.startDate);
      return { ...data, parameters: { startDate: params.startDate, bucket: params.bucket, horizonBuckets: params.horizonBuckets } };
    });
  }

  /**
   * Plans with the overrides and commits nothing. Returns that plan and its differences from the plan a
   * run would make now without them — both from the same data, so the differences are the overrides' alone.
   */
  async whatIf(request: MrpRunRequest, overrides: WhatIfOverrides, principal: Principal) {
    const params = validRequest(request);
    const warehouse = await refs.warehouse(this.db.sql, namedIn("Warehouse", request, "warehouse"), principal);
    const input = await this.load(warehouse.id, params);
    const changed = applyOverrides(input, overrides);
    const baseline = await planInSteps(input);
    const plan = await planInSteps(changed);
    return { warehouse, plan, diff: diffPlans(baseline, plan) };
  }

  /** A run by id; one of a warehouse out of `scope` is NOT_FOUND. */
  async run(id: number, scope: WarehouseScope): Promise<MrpRunRow> {
    const row = await runById(this.db.sql, id, scope);
    if (!row) throw notFound("MrpRun", id);
    return row;
  }

  /** Newest first, in the warehouses of `scope`. */
  runs(scope: WarehouseScope, afterId: number, limit: number) {
    return runsPage(this.db.sql, scope, afterId, limit);
  }

  /** The runs planned together in one multi-warehouse run, in the warehouses of `scope`. */
  groupRuns(groupId: number, scope: WarehouseScope) {
    return groupRuns(this.db.sql, groupId, scope);
  }

  /** A page of planned transfers (both ends in `scope`): the current plans' into or out of a warehouse, or a run's. */
  plannedTransfers(filter: TransferFilter, scope: WarehouseScope, afterId: number, limit: number) {
    return transfersPage(this.db.sql, filter, scope, afterId, limit);
  }
}

interface ValidRequest {
  bucket: PlanningBucket;
  horizonBuckets: number;
  startDate: Date;
}

function validRequest(r: MrpRunRequest): ValidRequest {
  if (r.bucket !== "DAY" && r.bucket !== "WEEK") throw badInput("bucket must be DAY or WEEK", { field: "bucket" });
  const max = MAX_HORIZON_BUCKETS[r.bucket];
  if (!Number.isInteger(r.horizonBuckets) || r.horizonBuckets < 1 || r.horizonBuckets > max) {
    throw badInput(`horizonBuckets must be a whole number from 1 to ${max} for ${r.bucket} buckets`, { field: "horizonBuckets", max });
  }
  const start = r.startDate ?? new Date();
  if (Number.isNaN(start.getTime())) throw badInput("startDate is not a date", { field: "startDate" });
  return { bucket: r.bucket, horizonBuckets: r.horizonBuckets, startDate: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate())) };
}

const horizonDays = (p: ValidRequest) => p.horizonBuckets * (p.bucket === "WEEK" ? 7 : 1);
