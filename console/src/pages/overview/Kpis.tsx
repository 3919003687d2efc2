/**
 * KPI tiles (current values) and curves (daily series) of the last 30 days, all warehouses in the viewer's scope:
 * read once, then the figures `kpisUpdated` sends whenever a refresh changed them (no polling).
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useQuery, useSubscription } from "urql";
import { Chart } from "../../components/Chart";
import { ErrorBanner } from "../../components/ErrorBanner";
import { OverviewKpisDocument, OverviewKpisUpdatedDocument, type Kpi, type OverviewKpisQuery } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";

type Figure = OverviewKpisQuery["kpis"][number];
type Unit = "amount" | "ratio" | "count" | "percent" | "days" | "hours";

const TILES: [Kpi, Unit][] = [
  ["INVENTORY_VALUE", "amount"],
  ["DAYS_OF_SUPPLY", "days"],
  ["TURNOVER", "ratio"],
  ["STOCKOUTS", "count"],
  ["SCHEDULE_ADHERENCE", "percent"],
  ["SUPPLIER_ON_TIME", "percent"],
  ["COUNT_ACCURACY", "percent"],
  ["EXCEPTION_RESOLVE_HOURS", "hours"],
];

const DAYS = 30;

function period() {
  const from = new Date(Date.now() - (DAYS - 1) * 86_400_000);
  return { from: from.toISOString().slice(0, 10) };
}

export function Kpis() {
  const { t } = useTranslation("overview");
  const format = useFormat();
  const filter = useMemo(period, []);
  const [{ data: read, error: readError }] = useQuery({ query: OverviewKpisDocument, variables: { filter } });
  const [{ data: pushed, error: pushError }] = useSubscription({ query: OverviewKpisUpdatedDocument, variables: { filter } });
  // the figures pushed last are newer than those read (the subscription starts with the page)
  const kpis = pushed?.kpisUpdated.figures ?? read?.kpis;
  const error = readError ?? pushError;
  const byKpi = useMemo(() => new Map((kpis ?? []).map((f) => [f.kpi, f])), [kpis]);

  const show = (value: number | null | undefined, unit: Unit) => {
    if (value === null || value === undefined) return "—";
    switch (unit) {
      case "amount":
        return format.number(value, { maximumFractionDigits: 0 });
      case "ratio":
        return format.number(value, { maximumFractionDigits: 2 });
      case "count":
        return format.number(value, { maximumFractionDigits: 0 });
      case "percent":
        return format.percent(value);
      case "days":
        return t("kpis.days", { value: format.number(value, { maximumFractionDigits: 1 }) });
      case "hours":
        return t("kpis.hours", { value: format.number(value, { maximumFractionDigits: 1 }) });
    }
  };

  return (
    <section className="panel overview-kpis" aria-labelledby="kpis-heading">
      <h2 id="kpis-heading">{t("kpis.heading")}</h2>
      <ErrorBanner error={error} />
      {kpis && kpis.every((f) => f.current === null) && <p className="muted">{t("kpis.none")}</p>}
      <ul className="kpi-tiles">
        {TILES.map(([kpi, unit]) => (
          <li key={kpi} className="kpi-tile" data-kpi={kpi}>
            <span className="kpi-label">{t(`kpis.${kpi}`)}</span>
            <span className="kpi-value">{show(byKpi.get(kpi)?.current, unit)}</span>
          </li>
        ))}
      </ul>
      <div className="kpi-curves">
        <Curve figures={[byKpi.get("INVENTORY_VALUE")]} label={t("kpis.valueCurve")} percent={false} />
        <Curve figures={[byKpi.get("SCHEDULE_ADHERENCE"), byKpi.get("SUPPLIER_ON_TIME")]} label={t("kpis.serviceCurve")} percent />
      </div>
    </section>
  );
}

function Curve({ figures, label, percent }: { figures: (Figure | undefined)[]; label: string; percent: boolean }) {
  const { t } = useTranslation("overview");
  const format = useFormat();
  const shown = figures.filter((f): f is Figure => f !== undefined);
  const option = useMemo(
    () => ({
      grid: { left: 64, right: 16, top: 36, bottom: 28 },
      tooltip: { trigger: "axis", valueFormatter: (v: number) => (percent ? format.percent(v) : format.number(v, { maximumFractionDigits: 0 })) },
      legend: { top: 0 },
      xAxis: { type: "category", data: (shown[0]?.series ?? []).map((p) => format.date(`${p.day}T00:00:00Z`)) },
      yAxis: { type: "value", axisLabel: { formatter: (v: number) => (percent ? format.percent(v, 0) : format.number(v, { notation: "compact" })) } },
      series: shown.map((f) => ({ type: "line", name: t(`kpis.${f.kpi}`), data: f.series.map((p) => p.value), connectNulls: true, showSymbol: false })),
    }),
    // the formatters follow the language, which `t` changes with
    [shown, percent, t, format],
  );
  return (
    <figure className="kpi-curve">
      <figcaption>{label}</figcaption>
      <Chart option={option} label={label} height={220} />
    </figure>
  );
}
