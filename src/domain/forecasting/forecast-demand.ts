import type { Tx } from "../../db/transaction";
import type { MrpDemand } from "../mrp";
import { forecastDemandRows } from "./forecast.queries";

/**
 * Ids of forecast demand in an MRP input: far below the what-if's extra demand (−1, −2, …) and MPS lines
 * (positive), so none collide. A plan's pegs name them FORECAST.
 */
const FORECAST_DEMAND_ID = -(2 ** 40);

export const isForecastDemand = (id: number | string): boolean => typeof id === "number" && id <= FORECAST_DEMAND_ID;

/**
 * The warehouse's forecast as independent demand for MRP (source FORECAST, due at each bucket's start,
 * buckets not over before `from`); the planner's override replaces the computed quantity of its bucket.
 * MRP's own forecast consumption (mrp/forecast-consumption.ts) then lets sales orders consume it.
 */
export async function forecastDemands(tx: Tx, warehouseId: number, from: Date): Promise<MrpDemand[]> {
  const rows = await forecastDemandRows(tx, warehouseId, from);
  return rows.map((r, i) => ({ id: FORECAST_DEMAND_ID - i, materialId: r.materialId, quantity: r.quantity, dueDate: r.dueDate, source: "FORECAST" }));
}

/**
 * The forecast of some materials only (net-change planning). Their ids must not meet the ids of a whole
 * warehouse's forecast (above, at most a few million) nor of other materials' loads: they are made of the
 * material id and the line's place among its lines, far below both.
 */
export async function forecastDemandsOf(tx: Tx, warehouseId: number, from: Date, materialIds: readonly number[]): Promise<MrpDemand[]> {
  const rows = await forecastDemandRows(tx, warehouseId, from, materialIds);
  const seen = new Map<number, number>();
  return rows.map((r) => {
    const k = seen.get(r.materialId) ?? 0;
    seen.set(r.materialId, k + 1);
    return { id: FORECAST_DEMAND_ID - 2 ** 45 - r.materialId * 2 ** 13 - k, materialId: r.materialId, quantity: r.quantity, dueDate: r.dueDate, source: "FORECAST" };
  });
}
