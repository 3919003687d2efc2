import { setImmediate as nextTurn } from "node:timers/promises";
import type { Logger } from "pino";
import type { Principal } from "../../auth/principal";
import type { WarehouseScope } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import { inTransaction } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { detached } from "../../runtime/request-deadline";
import { runCommand, unkeyed } from "../idempotency/command";
import { materialKeysByCodes } from "../materials/material.store";
import { badInput, DomainError, notFound } from "../shared/domain-error";
import { demandHistory } from "../stock/demand-history.queries";
import { demandSeries, nextBucket, type DemandBucket } from "../stock/demand-series";
import * as refs from "../stock/stock-refs";
import { checkBuckets, forecastSeries, MIN_TRAINING_BUCKETS, validMethods, type ForecastMethod } from "./forecast-series";
import { runById } from "./forecast.queries";
import * as store from "./forecast.store";
import type { ForecastRunRow } from "./forecasting.types";
import { historyWindow, SEASON_LENGTH, withoutLeadingZeros } from "./history-window";

export interface ForecastRunRequest {
  warehouseCodes: readonly string[];
  /** default: every material with demand in the warehouse's history */
  materialCodes?: readonly string[] | null;
  bucket: DemandBucket;
  historyBuckets: number;
  horizonBuckets: number;
  holdOutBuckets: number;
  /** default: all */
  methods?: readonly string[] | null;
  /** the history ends with the bucket before the one holding it; default now */
  asOf?: Date | null;
}

interface ValidRequest {
  bucket: DemandBucket;
  historyBuckets: number;
  horizonBuckets: number;
  holdOutBuckets: number;
  methods: ForecastMethod[];
  asOf: Date;
}

const MAX_BUCKETS: Record<DemandBucket, number> = { DAY: 3660, WEEK: 520, MONTH: 120 };
/** Materials a chunk of results is written in (one transaction each). */
const CHUNK = 500;
/** A run reports its progress at most this often, and lets other requests in between materials as often. */
const PROGRESS_EVERY_MS = 250;

/**
 * Forecast runs: one per warehouse asked for, queued by the mutation and computed in the background. A run
 * reads the warehouse's demand history (stock/demand-history), forecasts each material with the best
 * method on the hold-out (forecast-series.ts), and replaces that material's forecast and scores, chunk by
 * chunk; overrides are never touched. Progress goes to the outbox (`forecast.progress`).
 */
export class ForecastRunService {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
  ) {}

  /** Validates everything (nothing is written on bad input), records one QUEUED run per warehouse and computes them in the background. */
  async start(request: ForecastRunRequest, principal: Principal): Promise<ForecastRunRow[]> {
    const params = validRequest(request);
    if (!request.warehouseCodes.length) throw badInput("warehouseCodes must name at least one warehouse", { field: "warehouseCodes" });
    const warehouses: refs.WarehouseRef[] = [];
    for (const code of new Set(request.warehouseCodes.map((c) => c.trim().toUpperCase()))) warehouses.push(await refs.warehouse(this.db.sql, { code }, principal));
    const materialIds = request.materialCodes ? await this.namedMaterials(request.materialCodes, warehouses, params) : undefined;
    const runs = await runCommand(this.db, unkeyed(principal, "startForecastRun"), async (tx) => {
      const rows: ForecastRunRow[] = [];
      for (const w of warehouses) {
        const row = await store.insertQueuedRun(tx, {
          warehouseId: w.id, bucket: params.bucket, by: principal.id,
          parameters: { ...params, warehouseCode: w.code, materialCodes: request.materialCodes ?? null },
        });
        await writeEvent(tx, "forecast.progress", { runId: row.id, warehouseCode: w.code, status: "QUEUED", percent: 0 });
        rows.push(row);
      }
      return { rows };
    });
    const work = detached(async () => {
      for (const [i, run] of runs.rows.entries()) await this.execute(run.id, warehouses[i], materialIds, params);
    }).finally(() => this.running.delete(work));
    this.running.add(work);
    return runs.rows;
  }

  /** Waits for background runs (graceful shutdown, tests). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /** A run by id; one of a warehouse out of `scope` is NOT_FOUND. */
  async run(id: number, scope: WarehouseScope): Promise<ForecastRunRow> {
    const row = await runById(this.db.sql, id, scope);
    if (!row) throw notFound("ForecastRun", id);
    return row;
  }

  /** The named materials' ids; each must have enough demand history in every warehouse asked for (typed errors naming `materialCodes`). */
  private async namedMaterials(codes: readonly string[], warehouses: { id: number; code: string }[], p: ValidRequest): Promise<number[]> {
    const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
    if (!wanted.length) throw badInput("materialCodes must name at least one material (or be left out)", { field: "materialCodes" });
    const keys = await materialKeysByCodes(this.db.sql, wanted);
    const missing = wanted.find((c) => !keys.some((k) => k.code === c));
    if (missing) throw notFound("Material", missing);
    const series = await this.history(warehouses.map((w) => w.id), keys.map((k) => k.id), p);
    for (const w of warehouses) {
      for (const k of keys) {
        const history = withoutLeadingZeros(series.get(`${k.id}:${w.id}`) ?? []);
        if (!history.length) throw badInput(`materialCodes: ${k.code} has no demand history in ${w.code} in the ${p.historyBuckets} ${p.bucket} buckets before ${p.asOf.toISOString()}`, { field: "materialCodes", material: k.code });
        if (history.length < p.holdOutBuckets + MIN_TRAINING_BUCKETS) {
          throw badInput(`materialCodes: ${k.code}'s history in ${w.code} is too short (${history.length} buckets since its first demand, ${p.holdOutBuckets + MIN_TRAINING_BUCKETS} needed)`, { field: "materialCodes", material: k.code });
        }
      }
    }
    return keys.map((k) => k.id);
  }

  /** Dense demand series by "material:warehouse" over the request's history window. */
  private async history(warehouseIds: number[], materialIds: number[] | undefined, p: ValidRequest): Promise<Map<string, number[]>> {
    const { from, to } = historyWindow(p.asOf, p.historyBuckets, p.bucket);
    const points = await demandHistory(this.db.sql, { bucket: p.bucket, from, to, warehouseIds, materialIds });
    return demandSeries(points, (d) => `${d.materialId}:${d.warehouseId}`, from, to, p.bucket);
  }

  private async execute(runId: number, warehouse: { id: number; code: string }, materialIds: number[] | undefined, p: ValidRequest): Promise<void> {
    try {
      await this.progress(runId, warehouse.code, 5);
      const series = await this.history([warehouse.id], materialIds, p);
      await this.progress(runId, warehouse.code, 20);
      const { to } = historyWindow(p.asOf, p.historyBuckets, p.bucket);
      const starts = [to];
      while (starts.length < p.horizonBuckets) starts.push(nextBucket(starts[starts.length - 1], p.bucket));
      // skipped: too short a history since the first demand, or one none of the methods asked for can fit
      const counts: Record<string, number> = { materials: 0, skipped: 0 };
      const run = { id: runId, warehouseId: warehouse.id, warehouseCode: warehouse.code, bucket: p.bucket };
      let chunk = new ChunkColumns();
      let reported = performance.now();
      let done = 0;
      for (const [key, values] of series) {
        done++;
        const history = withoutLeadingZeros(values);
        if (history.length < p.holdOutBuckets + MIN_TRAINING_BUCKETS) {
          counts.skipped++;
          continue;
        }
        const result = fitted(history, p);
        if (!result) {
          counts.skipped++;
          continue;
        }
        chunk.add(Number(key.split(":")[0]), starts, result);
        counts.materials++;
        counts[result.method] = (counts[result.method] ?? 0) + 1;
        if (chunk.size >= CHUNK) {
          await chunk.write(this.db, run);
          chunk = new ChunkColumns();
        }
        if (performance.now() - reported >= PROGRESS_EVERY_MS) {
          reported = performance.now();
          await this.progress(runId, warehouse.code, 20 + Math.floor((done * 75) / series.size));
        }
      }
      if (chunk.size) await chunk.write(this.db, run);
      await inTransaction(this.db, async (tx) => {
        await store.completeRun(tx, runId, counts);
        await writeEvent(tx, "forecast.progress", { runId, warehouseCode: warehouse.code, status: "COMPLETED", percent: 100 });
      });
    } catch (err) {
      const expected = err instanceof DomainError;
      if (!expected) this.log.error({ err, runId }, "forecast run failed");
      const message = expected ? err.message : "internal error (see the hub's log)";
      await inTransaction(this.db, async (tx) => {
        await store.failRun(tx, runId, message);
        await writeEvent(tx, "forecast.progress", { runId, warehouseCode: warehouse.code, status: "FAILED", percent: 100 });
      }).catch((e) => this.log.error({ err: e, runId }, "could not record the failed forecast run"));
    }
  }

  /** Reports progress (the first report starts the run), letting the process's other requests in first. */
  private async progress(runId: number, warehouseCode: string, percent: number) {
    await nextTurn();
    await inTransaction(this.db, async (tx) => {
      await store.markRunProgress(tx, runId, percent);
      await writeEvent(tx, "forecast.progress", { runId, warehouseCode, status: "RUNNING", percent });
    });
  }
}

/** The series' forecast; null when none of the methods asked for can fit it (Holt-Winters alone on a short history). */
function fitted(history: number[], p: ValidRequest) {
  try {
    return forecastSeries(history, { horizon: p.horizonBuckets, holdOut: p.holdOutBuckets, seasonLength: SEASON_LENGTH[p.bucket], methods: p.methods });
  } catch (err) {
    if (err instanceof DomainError && err.code === "BAD_USER_INPUT") return null;
    throw err;
  }
}

/** A chunk of results gathered in columns, written in one transaction (the materials' old forecasts and scores replaced). */
class ChunkColumns {
  private readonly materialIds: number[] = [];
  private readonly forecasts: store.ForecastColumns = { materialIds: [], bucketStarts: [], quantities: [], methods: [] };
  private readonly scores: store.AccuracyColumns = { materialIds: [], methods: [], mape: [], mase: [], wape: [], chosen: [] };

  get size() {
    return this.materialIds.length;
  }

  add(materialId: number, starts: readonly Date[], r: ReturnType<typeof forecastSeries>) {
    this.materialIds.push(materialId);
    r.forecast.forEach((q, i) => {
      this.forecasts.materialIds.push(materialId);
      this.forecasts.bucketStarts.push(starts[i].toISOString());
      // the column's scale: 6 decimal places
      this.forecasts.quantities.push(q.toFixed(6));
      this.forecasts.methods.push(r.method);
    });
    for (const s of r.scores) {
      this.scores.materialIds.push(materialId);
      this.scores.methods.push(s.method);
      this.scores.mape.push(s.mape);
      this.scores.mase.push(s.mase);
      this.scores.wape.push(s.wape);
      this.scores.chosen.push(s.chosen);
    }
  }

  write(db: Database, run: { id: number; warehouseId: number; warehouseCode: string; bucket: DemandBucket }) {
    return inTransaction(db, async (tx) => {
      const materialIds = await store.replaceForecasts(tx, run, this.materialIds, this.forecasts, this.scores);
      // the forecast is MRP demand: net-change planning re-plans the materials whose forecast changed
      if (materialIds.length) await writeEvent(tx, "planning.inputChanged", { warehouseId: run.warehouseId, warehouseCode: run.warehouseCode, materialIds, cause: "DEMAND" });
    });
  }
}

function validRequest(r: ForecastRunRequest): ValidRequest {
  if (!["DAY", "WEEK", "MONTH"].includes(r.bucket)) throw badInput("bucket must be DAY, WEEK or MONTH", { field: "bucket" });
  const max = MAX_BUCKETS[r.bucket];
  if (!Number.isInteger(r.historyBuckets) || r.historyBuckets < 1 || r.historyBuckets > max) {
    throw badInput(`historyBuckets must be a whole number from 1 to ${max} for ${r.bucket} buckets`, { field: "historyBuckets", max });
  }
  if (Number.isInteger(r.horizonBuckets) && r.horizonBuckets > max) throw badInput(`horizonBuckets must be at most ${max} for ${r.bucket} buckets`, { field: "horizonBuckets", max });
  checkBuckets(r.historyBuckets, { horizon: r.horizonBuckets, holdOut: r.holdOutBuckets }, "historyBuckets");
  const asOf = r.asOf ?? new Date();
  if (Number.isNaN(asOf.getTime())) throw badInput("asOf is not a date", { field: "asOf" });
  return { bucket: r.bucket, historyBuckets: r.historyBuckets, horizonBuckets: r.horizonBuckets, holdOutBuckets: r.holdOutBuckets, methods: validMethods(r.methods), asOf };
}
