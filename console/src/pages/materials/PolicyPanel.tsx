/**
 * Planning figures the graph computes for the material: its ABC/XYZ classes, and in a warehouse (both are kept
 * per warehouse) its safety stock and reorder point with what they come from, and its forecast with each
 * method's hold-out accuracy.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Chart } from "../../components/Chart";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { MaterialPlanningFiguresDocument, type MaterialPlanningFiguresQuery } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import type { MaterialDetailData } from "./MaterialDetail";

type Policy = MaterialPlanningFiguresQuery["inventoryPolicies"][number];
type Forecast = MaterialPlanningFiguresQuery["forecasts"]["nodes"][number];
type Accuracy = Forecast["accuracy"][number];

const numberOrNull = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));

export function PolicyPanel({ detail }: { detail: MaterialDetailData }) {
  const { t } = useTranslation("materials");
  const f = useFormat();
  const m = detail.material;
  const [warehouseId, setWarehouseId] = useState((detail.warehouses.find((w) => w.kind === "PLANT") ?? detail.warehouses[0])?.id ?? "");
  const [{ data, error }] = useQuery({ query: MaterialPlanningFiguresDocument, variables: { materialCode: m.code, warehouseId }, pause: !warehouseId });
  const bucket = (b: string) => t(`bucket.${b}`);
  const forecast = data?.forecasts.nodes[0];
  return (
    <>
      <section aria-labelledby="classes-heading">
        <h3 id="classes-heading">{t("planning.classes")}</h3>
        <dl className="facts">
          <div>
            <dt>{t("planning.abc")}</dt>
            <dd>{m.abcClass ?? "—"}</dd>
          </div>
          <div>
            <dt>{t("planning.xyz")}</dt>
            <dd>{m.xyzClass ?? "—"}</dd>
          </div>
          <div>
            <dt>{t("detail.classifiedAt")}</dt>
            <dd>{f.dateTime(m.classifiedAt)}</dd>
          </div>
        </dl>
      </section>
      <label className="field inline-field">
        <span>{t("planning.warehouse")}</span>
        <select name="planningWarehouse" value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
          {detail.warehouses.map((w) => (
            <option key={w.id} value={w.id}>
              {w.code} · {w.name}
            </option>
          ))}
        </select>
      </label>
      <ErrorBanner error={error} />
      {data && (
        <>
          <Table<Policy>
            caption={t("planning.policies")}
            rows={data.inventoryPolicies}
            rowKey={(p) => p.computedAt}
            empty={t("planning.nonePolicy")}
            columns={[
              { key: "safety", header: t("planning.safetyStock"), align: "right", cell: (p) => f.quantity(p.safetyStock, m.uomCode) },
              { key: "rop", header: t("planning.reorderPoint"), align: "right", cell: (p) => f.quantity(p.reorderPoint, m.uomCode) },
              { key: "service", header: t("planning.serviceLevel"), align: "right", cell: (p) => f.percent(p.serviceLevel) },
              { key: "mean", header: t("planning.meanDemand"), align: "right", cell: (p) => `${f.quantity(p.meanDemand, m.uomCode)} / ${bucket(p.bucket)}` },
              { key: "sigma", header: t("planning.demandSigma"), align: "right", cell: (p) => f.number(p.demandSigma) },
              { key: "lead", header: t("planning.leadTime"), align: "right", cell: (p) => `${f.number(p.leadTimeDays)} ± ${f.number(p.leadTimeSigmaDays)}` },
              { key: "history", header: t("planning.history"), align: "right", cell: (p) => t("planning.buckets", { count: p.historyBuckets, bucket: bucket(p.bucket) }) },
              { key: "computed", header: t("planning.computed"), cell: (p) => f.dateTime(p.computedAt) },
            ]}
          />
          <section aria-labelledby="forecast-heading">
            <h3 id="forecast-heading">{t("planning.forecast")}</h3>
            {forecast ? <ForecastFigures code={m.code} uom={m.uomCode} forecast={forecast} /> : <p className="hint">{t("planning.noneForecast")}</p>}
          </section>
        </>
      )}
    </>
  );
}

function ForecastFigures({ code, uom, forecast }: { code: string; uom: string; forecast: Forecast }) {
  const { t } = useTranslation("materials");
  const f = useFormat();
  const percent = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${f.number(v, { maximumFractionDigits: 1 })} %`);
  return (
    <>
      <p>
        {t("planning.method")}: <strong>{t(`method.${forecast.method}`)}</strong>
      </p>
      <Chart
        label={t("planning.chart", { code, bucket: t(`bucket.${forecast.bucket}`) })}
        option={{
          tooltip: { trigger: "axis" },
          legend: { top: 0 },
          grid: { left: 48, right: 16, top: 32, bottom: 32 },
          xAxis: { type: "category", data: forecast.buckets.map((b) => f.date(b.bucketStart)) },
          yAxis: { type: "value", name: uom },
          series: [
            { name: t("planning.seriesForecast"), type: "line", data: forecast.buckets.map((b) => numberOrNull(b.forecast)) },
            { name: t("planning.seriesOverride"), type: "line", data: forecast.buckets.map((b) => numberOrNull(b.override)) },
            { name: t("planning.seriesQuantity"), type: "bar", data: forecast.buckets.map((b) => Number(b.quantity)) },
          ],
        }}
      />
      <Table<Accuracy>
        caption={t("planning.accuracy")}
        rows={forecast.accuracy}
        rowKey={(a) => a.method}
        empty="—"
        columns={[
          { key: "method", header: t("planning.method"), cell: (a) => t(`method.${a.method}`) },
          { key: "mape", header: t("planning.mape"), align: "right", cell: (a) => percent(a.mape) },
          { key: "mase", header: t("planning.mase"), align: "right", cell: (a) => f.number(a.mase, { maximumFractionDigits: 2 }) },
          { key: "wape", header: t("planning.wape"), align: "right", cell: (a) => percent(a.wape) },
          { key: "chosen", header: t("planning.chosen"), cell: (a) => (a.chosen ? <StatusBadge status="CHOSEN" tone="ok" label={t("planning.chosen")} /> : "") },
        ]}
      />
    </>
  );
}
