import { pushableRun, suggestionLinesAfter } from "./plan-export.queries";
import type { Logger } from "pino";
import type { Principal } from "../../auth/principal";
import { sqlVisible, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import { detached } from "../../runtime/request-deadline";
import { metrics } from "../../runtime/metrics";
import { writeEvent } from "../../events/outbox";
import type { Topics } from "../../events/topics";
import { inTransaction } from "../../db/transaction";
import { namedIn, type Named } from "../shared/ref";
import * as refs from "../stock/stock-refs";
import { DomainError, badInput, notFound } from "../shared/domain-error";
import { diffPlans, MAX_HORIZON_BUCKETS, planMrpInSteps, type MrpInput, type MrpPlan, type MrpStep, type PlanningBucket } from "../mrp";
import { loadPlanningInput } from "./load-planning-input";
import { planWrites, runWrites } from "./persist-plan";
import { applyOverrides, type WhatIfOverrides } from "./what-if";
import { currentSupplies, type SupplyKind } from "./plan.queries";

export interface MrpRunRequest extends Named<"warehouse"> {
  bucket: PlanningBucket;
  horizonBuckets: number;
  /** first day of the plan; default today (UTC) */
  startDate?: Date | null;
}

/** QUEUED → RUNNING → COMPLETED | FAILED; a phase only while RUNNING (the database checks it). */
export type MrpRunStatus = Topics["mrp.progress"]["status"];
export type MrpRunPhase = NonNullable<Topics["mrp.progress"]["phase"]>;

export interface MrpRunRow {
  id: number;
  status: MrpRunStatus;
  whatIf: boolean;
  isCurrent: boolean;
  warehouseId: number | null;
  bucket: PlanningBucket;
  horizonDays: number;
  parameters: Record<string, unknown>;
  phase: MrpRunPhase | null;
  progress: number;
  counts: Record<string, number>;
  timings: Record<string, number>;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdBy: string;
}

const RUN_COLUMNS = `id, status, what_if AS "whatIf", is_current AS "isCurrent", warehouse_id AS "warehouseId", bucket,
  horizon_days AS "horizonDays", parameters, phase, progress, counts, timings, error, started_at AS "startedAt",
  finished_at AS "finishedAt", created_by AS "createdBy"`;

/** A run still QUEUED or RUNNING after this long was interrupted (its process died) and no longer blocks others. */
const STALE_MINUTES = 30;
const RUN_LOCK = 74_260_010;
/** A run's warehouse is in the scope bound to `param`. */
const visibleRun = (param: string) => sqlVisible(`(SELECT code FROM warehouse w WHERE w.id = mrp_run.warehouse_id)`, param);

/** Runs kept per warehouse: the current plan and the ones before it, for comparison and audit. */
const KEEP_RUNS = 3;
/**
 * Connections a run writes its plan on at once: enough to keep the server's cores busy while this
 * process builds the next chunk, few enough to leave the pool to other requests.
 */
const WRITE_CONNECTIONS = 3;
/** A running plan reports its progress at most this often (a small run reports none between its phases). */
const PROGRESS_EVERY_MS = 250;

/**
 * Plans step by step (planMrpInSteps: about 15 steps a run), letting the process's other requests in
 * between steps, so that a large run does not hold the event loop for its whole computation.
 */
async function planInSteps(input: MrpInput, onStep: (step: MrpStep) => Promise<void> = async () => undefined): Promise<MrpPlan> {
  const steps = planMrpInSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
    await onStep(step.value);
  }
}

/**
 * MRP runs: load one warehouse's data, plan with the pure engine (src/domain/mrp), write the plan, then
 * make it current in one short transaction, so readers see the previous complete plan until the new one
 * is complete. Progress goes to the outbox (`mrp.progress`) as the run passes its phases. What-if runs plan
 * with overrides, commit nothing and return the differences.
 */
export class MrpRunService {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
  ) {}

  /** A run as the ERP push sees it (undefined: no such run). */
  pushableRun(runId: number) {
    return pushableRun(this.db.sql, runId);
  }

  /** The run's purchase suggestions after `afterId`, in id order, as lines for the ERP. */
  suggestionLinesAfter(runId: number, afterId: number, limit: number) {
    return suggestionLinesAfter(this.db.sql, runId, afterId, limit);
  }

  /** A page of the current plan's planned orders or purchase suggestions of one warehouse. */
  currentSupplies(kind: SupplyKind, filter: { warehouseId: number; materialId?: number }, afterId: number, limit: number) {
    return currentSupplies(this.db.sql, kind, filter, afterId, limit);
  }

  /** Validates, records the run as QUEUED and plans in the background; follow it with `mrpRunProgress`. */
  async start(request: MrpRunRequest, principal: Principal): Promise<MrpRunRow> {
    const params = validRequest(request);
    const run = await inTransaction(this.db, async (tx) => {
      const warehouse = await refs.warehouse(tx, namedIn("Warehouse", request, "warehouse"), principal);
      await tx.query(`SELECT pg_advisory_xact_lock(${RUN_LOCK}, $1::int)::text`, [warehouse.id]);
      const [busy] = await tx.query<{ id: number }>(
        `SELECT id FROM mrp_run WHERE warehouse_id = $1 AND status IN ('QUEUED', 'RUNNING') AND NOT what_if
            AND coalesce(started_at, created_at) > now() - interval '${STALE_MINUTES} minutes'`,
        [warehouse.id],
      );
      if (busy) throw new DomainError("CONFLICT", `MRP run ${busy.id} is still running for ${warehouse.code}`, { runId: busy.id });
      const [row] = await tx.query<MrpRunRow>(
        `INSERT INTO mrp_run (status, warehouse_id, bucket, horizon_days, parameters, created_by)
         VALUES ('QUEUED', $1, $2::"PlanningBucket", $3, $4::jsonb, $5) RETURNING ${RUN_COLUMNS}`,
        [warehouse.id, params.bucket, horizonDays(params), JSON.stringify({ ...params, warehouseCode: warehouse.code }), principal.id],
      );
      await writeEvent(tx, "mrp.progress", { runId: row.id, status: "QUEUED", phase: null, percent: 0 });
      return row;
    });
    // the run outlives the request that started it, and so its deadline
    const work = detached(() => this.execute(run.id, run.warehouseId!, params)).finally(() => this.running.delete(work));
    this.running.add(work);
    return run;
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
      let reported = performance.now();
      const plan = await timed("compute", () =>
        planInSteps(input, async ({ percent }) => {
          if (performance.now() - reported < PROGRESS_EVERY_MS) return;
          reported = performance.now();
          await this.progress(runId, "PLANNING", 20 + Math.floor((percent * 40) / 100));
        }),
      );
      await this.progress(runId, "PERSISTING", 60);
      const persisting = performance.now();
      // Readers only see the current run's rows, so the new rows need not share one transaction: they
      // are written in chunks on several connections, then one short transaction makes the run
      // current. A run that fails half-way is never current and is pruned later.
      await runWrites(planWrites(plan), WRITE_CONNECTIONS, (write) => inTransaction(this.db, (tx) => write(tx, runId, warehouseId)));
      await inTransaction(this.db, async (tx) => {
        // the superseded plan's exceptions are answered by the new plan
        await tx.query(
          `UPDATE exception SET status = 'RESOLVED', resolved_at = now()
            WHERE status <> 'RESOLVED' AND mrp_run_id IN (SELECT id FROM mrp_run WHERE warehouse_id = $1 AND is_current)`,
          [warehouseId],
        );
        await tx.query(`UPDATE mrp_run SET is_current = false WHERE warehouse_id = $1 AND is_current`, [warehouseId]);
        // timings are recorded with the completion, so that whoever hears of it finds them (the switch itself is left out)
        timings.persistMs = Math.round(performance.now() - persisting);
        timings.totalMs = timings.loadMs + timings.computeMs + timings.persistMs;
        await tx.query(
          `UPDATE mrp_run SET status = 'COMPLETED', is_current = true, phase = NULL, progress = 100, finished_at = now(),
                  counts = $2::jsonb, timings = $3::jsonb WHERE id = $1`,
          [runId, JSON.stringify({ ...plan.counts, demands: input.demands.length }), JSON.stringify(timings)],
        );
        await writeEvent(tx, "mrp.progress", { runId, status: "COMPLETED", phase: null, percent: 100 });
      });
      metrics.mrpRunSeconds.observe(timings.totalMs / 1000);
      await this.prune(warehouseId);
    } catch (err) {
      const expected = err instanceof DomainError;
      if (!expected) this.log.error({ err, runId }, "MRP run failed");
      const message = expected ? err.message : "internal error (see the hub's log)";
      await inTransaction(this.db, async (tx) => {
        await tx.query(`UPDATE mrp_run SET status = 'FAILED', phase = NULL, error = $2, finished_at = now() WHERE id = $1`, [runId, message]);
        await writeEvent(tx, "mrp.progress", { runId, status: "FAILED", phase: null, percent: 100 });
      }).catch((e) => this.log.error({ err: e, runId }, "could not record the failed MRP run"));
    }
  }

  /** Keeps the newest KEEP_RUNS runs of a warehouse; older ones go with their plans and exceptions. */
  private async prune(warehouseId: number) {
    await this.db.sql.query(
      `DELETE FROM mrp_run WHERE warehouse_id = $1 AND NOT is_current AND status IN ('COMPLETED', 'FAILED')
          AND id < (SELECT min(id) FROM (SELECT id FROM mrp_run WHERE warehouse_id = $1 ORDER BY id DESC LIMIT ${KEEP_RUNS}) newest)`,
      [warehouseId],
    );
  }

  /** The first phase starts the run: QUEUED → RUNNING. */
  private progress(runId: number, phase: MrpRunPhase, percent: number) {
    return inTransaction(this.db, async (tx) => {
      await tx.query(
        `UPDATE mrp_run SET status = 'RUNNING', started_at = coalesce(started_at, now()), phase = $2::"MrpRunPhase", progress = $3 WHERE id = $1`,
        [runId, phase, percent],
      );
      await writeEvent(tx, "mrp.progress", { runId, status: "RUNNING", phase, percent });
    });
  }

  private load(warehouseId: number, params: ValidRequest): Promise<MrpInput> {
    return inTransaction(this.db, async (tx) => {
      // one snapshot for all four reads
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
    const [row] = await this.db.sql.query<MrpRunRow>(`SELECT ${RUN_COLUMNS} FROM mrp_run WHERE id = $1 AND ${visibleRun("$2")}`, [id, scope]);
    if (!row) throw notFound("MrpRun", id);
    return row;
  }

  /** Newest first, in the warehouses of `scope`. */
  async runs(scope: WarehouseScope, afterId: number, limit: number) {
    const rows = await this.db.sql.query<MrpRunRow>(
      `SELECT ${RUN_COLUMNS} FROM mrp_run WHERE ${visibleRun("$2")} AND ($1::int = 0 OR id < $1) ORDER BY id DESC LIMIT $3`,
      [afterId, scope, limit + 1],
    );
    const [{ total }] = await this.db.sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM mrp_run WHERE ${visibleRun("$1")}`, [scope]);
    return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
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
