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
