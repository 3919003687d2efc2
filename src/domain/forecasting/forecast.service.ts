import type { Principal } from "../../auth/principal";
import { groupBy } from "../shared/group-by";
import type { Database } from "../../db/database";
import { writeEvent } from "../../events/outbox";
import { runCommand, unkeyed } from "../idempotency/command";
import { badInput } from "../shared/domain-error";
import { parseQuantity } from "../shared/quantity";
import { namedIn, type Named } from "../shared/ref";
import { bucketStart } from "../stock/demand-series";
import * as refs from "../stock/stock-refs";
import { forecastAccuracy, forecastBucketOf, forecastBuckets, materialForecastsPage } from "./forecast.queries";
import * as store from "./forecast.store";
import type { ForecastAccuracyRow, ForecastBucketRow, MaterialForecastRow } from "./forecasting.types";

export type ForecastOverrideInput = Named<"material"> & Named<"warehouse"> & {
  bucketStart: Date;
  /** null removes the override */
  quantity: string | null;
  note?: string | null;
};

export interface MaterialForecast extends MaterialForecastRow {
  materialCode: string;
  buckets: ForecastBucketRow[];
  accuracy: ForecastAccuracyRow[];
}

/** Reading forecasts (with their buckets, overrides and scores) and planners' overrides. */
export class ForecastService {
  constructor(private readonly db: Database) {}

  /** A page of a warehouse's materials with a forecast, each with its buckets and every method's scores (three statements). */
  async page(filter: { warehouseId: number; materialId?: number }, afterId: number, limit: number) {
    const page = await materialForecastsPage(this.db.sql, filter, afterId, limit);
    const ids = page.rows.map((r) => r.materialId);
    const buckets = groupBy(await forecastBuckets(this.db.sql, filter.warehouseId, ids), (r) => r.materialId);
    const accuracy = groupBy(await forecastAccuracy(this.db.sql, filter.warehouseId, ids), (r) => r.materialId);
    const rows: MaterialForecast[] = page.rows.map((r) => ({ ...r, buckets: buckets.get(r.materialId) ?? [], accuracy: accuracy.get(r.materialId) ?? [] }));
    return { ...page, rows };
  }

  /**
   * Sets a planner's quantity for a material's bucket in a warehouse (kept across runs, used instead of the
   * computed one) or, with quantity null, removes it. The bucket start must be one of the material's
   * forecast bucket (a day where it has no forecast yet).
   */
  async setOverride(input: ForecastOverrideInput, principal: Principal) {
    // setting a quantity twice leaves the same row: no idempotency key needed
    return runCommand(this.db, unkeyed(principal, "setForecastOverride"), async (tx) => {
      const warehouse = await refs.warehouse(tx, namedIn("Warehouse", input, "warehouse"), principal);
      const material = await refs.material(tx, namedIn("Material", input, "material"));
      const at = new Date(input.bucketStart);
      if (Number.isNaN(at.getTime())) throw badInput("bucketStart is not a date", { field: "bucketStart" });
      const bucket = (await forecastBucketOf(tx, warehouse.id, material.id)) ?? "DAY";
      const start = bucketStart(at, bucket);
      if (start.getTime() !== at.getTime()) throw badInput(`bucketStart must start a ${bucket} bucket (UTC): ${start.toISOString()}`, { field: "bucketStart", bucket, start: start.toISOString() });
      const key = { materialId: material.id, warehouseId: warehouse.id, bucketStart: start };
      // the forecast is MRP demand: net-change planning re-plans the material
      const demandChanged = () => writeEvent(tx, "planning.inputChanged", { warehouseId: warehouse.id, warehouseCode: warehouse.code, materialIds: [material.id], cause: "DEMAND" });
      if (input.quantity === null) {
        const removed = await store.deleteOverride(tx, key);
        if (removed) await demandChanged();
        return { override: null, removed };
      }
      const quantity = parseQuantity(input.quantity, { field: "quantity", precision: material.precision, allowZero: true });
      const override = await store.upsertOverride(tx, { ...key, quantity: quantity.toFixed(), note: input.note ?? null, by: principal.id });
      await demandChanged();
      return { override: { ...override, materialCode: material.code, warehouseCode: warehouse.code }, removed: false };
    });
  }
}

