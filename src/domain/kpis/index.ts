export { KpiLiveRefresh } from "./kpi-live";
export { KpiService, BACKFILL_DAYS, type KpiFilter, type KpiReport } from "./kpis.service";
export { KPIS, WINDOW_DAYS, type Kpi, type KpiFigure } from "./kpi-formulas";
