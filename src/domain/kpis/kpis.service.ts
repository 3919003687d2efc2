/**
 * The plant's KPIs (docs/kpis.md): a daily job stores each day's measures per warehouse and material
 * (kpi_value), on demand too (`refresh`) and after stock and work-order events (kpi-live.ts); a query sums the
 * snapshots of a filter into daily series and current values, and the business gauges on /metrics show each
 * warehouse's last 30 days. A refresh that changes a warehouse's snapshots writes `kpi.refreshed` (what the
 * `kpisUpdated` subscription follows).
 */
import type { Logger } from "pino";
import { SYSTEM, type Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import { kpiGauges, type KpiGauge } from "../../runtime/metrics";
import type { CountingService } from "../counting/counting.service";
import { runCommand, unkeyed } from "../idempotency/command";
import { PeriodicJob } from "../shared/periodic-job";
import type { MaterialService } from "../materials/material.service";
import type { SiteService } from "../sites/sites.service";
import { writeEvents } from "../../events/outbox";
import { collectMeasures } from "./collect-measures";
import { MAX_DAYS, periodReversed, periodTooLong, unknownMaterial } from "./kpi.errors";
import { addDays, dayOf, daysBetween, kpiFigures, MEASURES, WINDOW_DAYS, type DailySums, type KpiFigure } from "./kpi-formulas";
import * as store from "./kpi.store";

export interface KpiFilter { warehouseCode?: string | null; materialCode?: string | null; abcClass?: string | null; from?: Date | null; to?: Date | null }
export interface KpiReport { from: string; to: string; days: string[]; figures: KpiFigure[] }

/** Days of history the job fills in when it first runs (and the most it ever recomputes at once). */
export const BACKFILL_DAYS = 90;
/** Days the job recomputes per transaction. */
const CATCH_UP_DAYS = 7;
/** Held while snapshots are replaced: two hubs (or a refresh and the job) write one after the other. */
const REFRESH_LOCK = 74_260_150;

export class KpiService {
  private readonly job: PeriodicJob;

  constructor(
    private readonly db: Database,
    private readonly sites: SiteService,
    private readonly materials: MaterialService,
    private readonly counting: CountingService,
    everyMs: number,
    log: Logger,
  ) {
    this.job = new PeriodicJob({ name: "KPI refresh", everyMs }, (signal) => this.catchUp(signal), log);
  }

  /** Daily series and current values of every KPI for the filter, within the caller's warehouses. */
  async report(filter: KpiFilter, principal: Principal): Promise<KpiReport> {
    const sql = this.db.sql;
    const { fromDay, toDay, warehouseIds, materialId } = await this.checkFilter(filter, principal);
    const lookBack = addDays(fromDay, -(WINDOW_DAYS - 1));
    const rows = await store.dailySums(sql, { fromDay: lookBack, toDay, warehouseIds, materialId, abcClass: filter.abcClass ?? null });
    const days = daysBetween(fromDay, toDay);
    return { from: fromDay, to: toDay, days, figures: kpiFigures(toDailySums(rows, daysBetween(lookBack, toDay)), days.length) };
  }

  /**
   * The filter's period, warehouses (null: all) and material, as a report reads them: BAD_USER_INPUT (a period
   * reversed or too long, an unknown material), FORBIDDEN / NOT_FOUND (a warehouse out of scope).
   */
  async checkFilter(filter: KpiFilter, principal: Principal) {
    const { fromDay, toDay } = period(filter.from, filter.to, WINDOW_DAYS);
    const warehouseIds = await this.warehouseIds(filter.warehouseCode, principal);
    let materialId: number | null = null;
    if (filter.materialCode) {
      const m = (await this.materials.materialsByCode(this.db.sql, [filter.materialCode.trim().toUpperCase()])).values().next().value;
      if (!m) throw unknownMaterial(filter.materialCode);
      materialId = m.id;
    }
    return { fromDay, toDay, warehouseIds, materialId };
  }

  /** Recomputes the snapshots of a period (default: yesterday and today) for one warehouse or all the caller may see. */
  async refresh(filter: Pick<KpiFilter, "warehouseCode" | "from" | "to">, principal: Principal) {
    const { fromDay, toDay } = period(filter.from, filter.to ?? new Date(`${dayOf(new Date())}T00:00:00Z`), 2);
    const warehouseIds = (await this.warehouseIds(filter.warehouseCode, principal)) ?? (await this.sites.allWarehouses()).map((w) => w.id);
    return this.replace(fromDay, toDay, warehouseIds, principal);
  }

  /** The live refresh (kpi-live.ts): yesterday's and today's snapshots of these warehouses, as the system. */
  refreshWarehouses(warehouseIds: readonly number[]) {
    const today = dayOf(new Date());
    return this.replace(addDays(today, -1), today, warehouseIds, SYSTEM);
  }

  /** Replaces the snapshots of days [fromDay, toDay] of these warehouses; `kpi.refreshed` for each whose snapshots changed. */
  private async replace(fromDay: string, toDay: string, warehouseIds: readonly number[], principal: Principal) {
    const codes = new Map((await this.sites.allWarehouses()).map((w) => [w.id, w.code]));
    const result = await runCommand(this.db, unkeyed(principal, "refreshKpis"), async (tx) => {
      await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${REFRESH_LOCK})`);
      const before = await store.digests(tx, fromDay, toDay, warehouseIds);
      const cells = (await collectMeasures(tx, this.counting, fromDay, toDay)).filter((c) => warehouseIds.includes(c.warehouseId));
      await store.replaceDays(tx, fromDay, toDay, warehouseIds, cells);
      const after = await store.digests(tx, fromDay, toDay, warehouseIds);
      const changed = warehouseIds.filter((id) => before.get(id) !== after.get(id) && codes.has(id));
      await writeEvents(tx, "kpi.refreshed", changed.map((id) => ({ warehouseId: id, warehouseCode: codes.get(id)!, from: fromDay, to: toDay })));
      return { from: fromDay, to: toDay, rows: cells.length };
    });
    await this.publishGauges();
    return result;
  }

  /** The daily job: at start and then hourly, the days since the last snapshot (at most BACKFILL_DAYS) up to today. */
  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /**
   * The days since the last snapshot (the day before it again: what happened after its last run), at most
   * BACKFILL_DAYS, a week per transaction so that other work gets the database between them (the embedded one
   * runs one statement at a time) and a stop ends it between weeks.
   */
  async catchUp(signal?: AbortSignal): Promise<void> {
    const today = dayOf(new Date());
    const earliest = addDays(today, -(BACKFILL_DAYS - 1));
    const last = await store.lastDay(this.db.sql);
    let from = last === null || addDays(last, -1) < earliest ? earliest : addDays(last, -1);
    while (from <= today && !signal?.aborted) {
      const to = addDays(from, CATCH_UP_DAYS - 1) < today ? addDays(from, CATCH_UP_DAYS - 1) : today;
      await this.refresh({ from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) }, SYSTEM);
      from = addDays(to, 1);
    }
  }

  /** Each warehouse's current KPIs (last 30 days) as gauges on /metrics. */
  async publishGauges(): Promise<void> {
    const today = dayOf(new Date());
    const fromDay = addDays(today, -(WINDOW_DAYS - 1));
    const lookBack = addDays(fromDay, -(WINDOW_DAYS - 1));
    const rows = await store.dailySumsByWarehouse(this.db.sql, lookBack, today);
    const codes = new Map((await this.sites.allWarehouses()).map((w) => [w.id, w.code]));
    for (const [warehouseId, code] of codes) {
      const figures = kpiFigures(toDailySums(rows.filter((r) => r.warehouseId === warehouseId), daysBetween(lookBack, today)), WINDOW_DAYS);
      for (const f of figures) {
        const gauge = kpiGauges[f.kpi.toLowerCase() as KpiGauge];
        if (f.current === null) gauge.remove({ warehouse: code });
        else gauge.set({ warehouse: code }, f.current);
      }
    }
  }

  /** The warehouses a filter covers: the one named (FORBIDDEN out of scope), else the caller's (null: all). */
  private async warehouseIds(code: string | null | undefined, principal: Principal): Promise<number[] | null> {
    if (code) return [(await this.sites.requireWarehouse(this.db.sql, code, "warehouseCode", principal)).id];
    if (principal.warehouses === null) return null;
    return (await this.sites.warehousesByCodes(this.db.sql, principal.warehouses)).map((w) => w.id);
  }
}

/** The UTC days of [from, to]: to defaults to today, from to `defaultDays` − 1 days before it. */
function period(from: Date | null | undefined, to: Date | null | undefined, defaultDays: number) {
  const toDay = dayOf(to ?? new Date());
  const fromDay = from ? dayOf(from) : addDays(toDay, -(defaultDays - 1));
  if (fromDay > toDay) throw periodReversed();
  const days = (Date.parse(toDay) - Date.parse(fromDay)) / 86_400_000 + 1;
  if (days > MAX_DAYS) throw periodTooLong(days);
  return { fromDay, toDay };
}

function toDailySums(rows: readonly store.SumRow[], days: readonly string[]): DailySums {
  const index = new Map(days.map((d, i) => [d, i]));
  const sums = Object.fromEntries(MEASURES.map((m) => [m, days.map(() => ({ numerator: 0, denominator: 0 }))])) as DailySums;
  for (const r of rows) {
    const i = index.get(r.day);
    if (i !== undefined) sums[r.measure][i] = { numerator: r.numerator, denominator: r.denominator };
  }
  return sums;
}
