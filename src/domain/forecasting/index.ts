export { ForecastRunService, type ForecastRunRequest } from "./forecast-run.service";
export { ForecastService, type ForecastOverrideInput, type MaterialForecast } from "./forecast.service";
export { forecastDemands, isForecastDemand } from "./forecast-demand";
export { FORECAST_METHODS, forecastSeries, type ForecastMethod, type SeriesForecast } from "./forecast-series";
export type { ForecastAccuracyRow, ForecastBucketRow, ForecastOverrideRow, ForecastRunRow, ForecastRunStatus } from "./forecasting.types";
