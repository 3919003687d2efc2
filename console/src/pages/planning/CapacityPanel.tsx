/**
 * Rough-cut capacity (capacityLoad): per work center and bucket, the hours the current plans' planned orders and
 * the open work orders put on it against the hours it has — a chart of utilisation, and the loaded buckets with
 * their largest orders.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Chart } from "../../components/Chart";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { PlanningCapacityDocument, type PlanningBucket, type PlanningCapacityQuery } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";

type Load = PlanningCapacityQuery["capacityLoad"][number];
type Row = Load["buckets"][number] & { workCenter: Load["workCenter"] };

/** A local calendar day `days` from today, as input type=date writes it. */
export function localDay(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** The 100 % line: load above it is more than the work center can do. */
const FULL = 100;

export function CapacityPanel() {
  const { t } = useTranslation("planning");
  const f = useFormat();
  const [from, setFrom] = useState(localDay());
  const [to, setTo] = useState(localDay(8 * 7 - 1));
  const [bucket, setBucket] = useState<PlanningBucket>("WEEK");
  const [onlyOverloaded, setOnlyOverloaded] = useState(false);
  const [{ data, error }] = useQuery({ query: PlanningCapacityDocument, variables: { from, to, bucket }, pause: !from || !to });
  const loads = data?.capacityLoad ?? [];
  const starts = loads[0]?.buckets.map((b) => b.start) ?? [];
  const rows: Row[] = loads
    .flatMap((l) => l.buckets.map((b) => ({ ...b, workCenter: l.workCenter })))
    .filter((r) => r.loadHours > 0 && (!onlyOverloaded || r.overloaded));
  return (
    <section className="panel" aria-labelledby="capacity-heading">
      <h2 id="capacity-heading">{t("capacity.heading")}</h2>
      <div className="filters">
        <label className="field">
          <span>{t("capacity.from")}</span>
          <input type="date" name="capacityFrom" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field">
          <span>{t("capacity.to")}</span>
          <input type="date" name="capacityTo" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label className="field">
          <span>{t("capacity.bucket")}</span>
          <select name="capacityBucket" value={bucket} onChange={(e) => setBucket(e.target.value as PlanningBucket)}>
            <option value="WEEK">{t("bucket.WEEK")}</option>
            <option value="DAY">{t("bucket.DAY")}</option>
          </select>
        </label>
      </div>
      <ErrorBanner error={error} />
      {data && (
        <>
          <Chart
            label={t("capacity.chart", { from: f.date(from), to: f.date(to) })}
            height={300}
            option={{
              tooltip: { trigger: "axis" },
              legend: { top: 0, type: "scroll" },
              grid: { left: 48, right: 16, top: 36, bottom: 32 },
              xAxis: { type: "category", data: starts.map((s) => f.date(s)) },
              yAxis: { type: "value", name: t("capacity.utilisation") },
              series: loads.map((l, i) => ({
                name: `${l.workCenter.code}`,
                type: "bar",
                data: l.buckets.map((b) => (b.utilisation === null || b.utilisation === undefined ? 0 : Math.round(b.utilisation * 1000) / 10)),
                ...(i === 0 ? { markLine: { symbol: "none", silent: true, lineStyle: { color: "#a3161c", type: "dashed" }, data: [{ yAxis: FULL, name: t("capacity.full") }] } } : {}),
              })),
            }}
          />
          <label className="checkbox">
            <input type="checkbox" checked={onlyOverloaded} onChange={(e) => setOnlyOverloaded(e.target.checked)} /> {t("capacity.onlyOverloaded")}
          </label>
          <Table<Row>
            caption={t("capacity.table")}
            rows={rows}
            rowKey={(r) => `${r.workCenter.code}-${r.start}`}
            rowClassName={(r) => (r.overloaded ? "overloaded" : undefined)}
            empty={t("capacity.none")}
            columns={[
              { key: "center", header: t("capacity.workCenter"), cell: (r) => `${r.workCenter.code} · ${r.workCenter.name}` },
              { key: "bucket", header: t("capacity.bucketStart"), cell: (r) => (r.start === r.end ? f.date(r.start) : `${f.date(r.start)} – ${f.date(r.end)}`) },
              { key: "load", header: t("capacity.load"), align: "right", cell: (r) => f.number(r.loadHours, { maximumFractionDigits: 1 }) },
              { key: "available", header: t("capacity.available"), align: "right", cell: (r) => f.number(r.availableHours, { maximumFractionDigits: 1 }) },
              {
                key: "utilisation",
                header: t("capacity.utilisation"),
                align: "right",
                cell: (r) => (r.overloaded ? <StatusBadge status="OVERLOADED" tone="bad" label={f.percent(r.utilisation ?? 0, 0)} /> : f.percent(r.utilisation, 0)),
              },
              {
                key: "orders",
                header: t("capacity.orders"),
                cell: (r) =>
                  r.orders
                    .slice(0, 3)
                    .map((o) => `${o.workOrderNumber ?? t("whatIf.kindLabel.PLANNED_ORDER")} ${o.material.code} ${f.number(o.hours, { maximumFractionDigits: 1 })} h`)
                    .join(", "),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
