/**
 * A device's readings of one metric as a chart: the latest ones read (sensorReadings), then those its messages
 * bring (the page's sensorReadingsRecorded events), with the metric's threshold drawn as lines; below, its
 * thresholds and — for planners and integrations — a form to set one.
 */
import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { MASTER_DATA } from "../../app/roles";
import { useViewer } from "../../app/viewer";
import { Chart } from "../../components/Chart";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { DeviceReadingsDocument, DeviceSetThresholdDocument, type Severity } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import type { Device, ReadingsEvent } from "./DevicesPage";

/** how many of the latest readings the chart starts with */
const LATEST = 300;
const SEVERITIES: readonly Severity[] = ["INFO", "WARNING", "CRITICAL"];

interface Point {
  metric: string;
  value: number;
  unit?: string | null;
  recordedAt: string;
}

export function DeviceReadings({ device, live, onChange }: { device: Device; live: readonly ReadingsEvent[]; onChange: () => void }) {
  const { t } = useTranslation("devices");
  const f = useFormat();
  const [{ data, error }] = useQuery({ query: DeviceReadingsDocument, variables: { deviceCode: device.code, first: LATEST } });
  const points = useMemo(() => merge(data?.sensorReadings ?? [], live), [data, live]);
  const metrics = [...new Set([...points.map((p) => p.metric), ...device.thresholds.map((th) => th.metric)])];
  const [picked, setPicked] = useState<string>();
  const metric = picked && metrics.includes(picked) ? picked : metrics[0];
  const series = points.filter((p) => p.metric === metric);
  const threshold = device.thresholds.find((th) => th.metric === metric);
  // an event carries a second of a device's readings, oldest first
  const newest = live[0]?.readings.filter((r) => r.metric === metric).at(-1);

  const option = useMemo(
    () => ({
      grid: { left: 48, right: 56, top: 24, bottom: 32 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "time" },
      yAxis: { type: "value", scale: true, name: series[0]?.unit ?? "" },
      series: [
        {
          type: "line",
          name: metric,
          showSymbol: false,
          data: series.map((p) => [p.recordedAt, p.value]),
          markLine: threshold && {
            symbol: "none",
            lineStyle: { color: "#a3161c", type: "dashed" },
            label: { formatter: "{b}: {c}" },
            data: [
              ...(threshold.low === null || threshold.low === undefined ? [] : [{ name: t("low"), yAxis: threshold.low }]),
              ...(threshold.high === null || threshold.high === undefined ? [] : [{ name: t("high"), yAxis: threshold.high }]),
            ],
          },
        },
      ],
    }),
    [series, metric, threshold, t],
  );

  return (
    <div className="panel">
      <h2>{t("readings", { code: device.code })}</h2>
      <ErrorBanner error={error} />
      {metrics.length > 1 && (
        <label className="inline-field">
          {t("metric")}
          <select value={metric} onChange={(e) => setPicked(e.target.value)}>
            {metrics.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
      )}
      <p className="live-note" aria-live="polite" data-testid="live-reading">
        {newest && t("liveReading", { metric: newest.metric, value: f.number(newest.value), time: f.time(newest.recordedAt) })}
      </p>
      {data && series.length === 0 && <p className="muted">{t("noReadings")}</p>}
      {series.length > 0 && <Chart option={option} label={t("chartLabel", { metric, code: device.code, count: series.length })} height={260} />}
      <Thresholds key={metric} device={device} metric={metric} onChange={onChange} />
    </div>
  );
}

/** The read readings and the live ones, oldest first, each once (a live event may repeat what the read holds). */
function merge(read: readonly Point[], live: readonly ReadingsEvent[]): Point[] {
  const seen = new Set<string>();
  const all: Point[] = [];
  for (const p of [...read, ...[...live].reverse().flatMap((e) => e.readings)]) {
    const key = `${p.metric}|${p.recordedAt}|${p.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(p);
  }
  return all.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
}

function Thresholds({ device, metric, onChange }: { device: Device; metric?: string; onChange: () => void }) {
  const { t } = useTranslation("devices");
  const f = useFormat();
  const may = useViewer().can(MASTER_DATA);
  const [result, setThreshold] = useMutation(DeviceSetThresholdDocument);
  const current = device.thresholds.find((th) => th.metric === metric);
  const [form, setForm] = useState({
    metric: metric ?? "",
    low: current?.low?.toString() ?? "",
    high: current?.high?.toString() ?? "",
    severity: current?.severity ?? "WARNING",
  });
  const [saved, setSaved] = useState<string>();
  const [notNumber, setNotNumber] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bound = (text: string) => (text.trim() === "" ? null : Number(text.trim()));
    const [low, high] = [bound(form.low), bound(form.high)];
    setNotNumber(Number.isNaN(low) || Number.isNaN(high));
    if (Number.isNaN(low) || Number.isNaN(high)) return;
    const r = await setThreshold({ input: { deviceCode: device.code, metric: form.metric, low, high, severity: form.severity } });
    setSaved(r.error ? undefined : r.data?.setSensorThreshold.metric);
    if (!r.error) onChange();
  };

  return (
    <>
      <Table
        caption={t("thresholds")}
        rows={device.thresholds}
        rowKey={(th) => th.id}
        empty={t("noThresholds")}
        columns={[
          { key: "metric", header: t("metric"), cell: (th) => th.metric },
          { key: "low", header: t("low"), align: "right", cell: (th) => f.number(th.low) },
          { key: "high", header: t("high"), align: "right", cell: (th) => f.number(th.high) },
          { key: "severity", header: t("severity"), cell: (th) => <StatusBadge status={th.severity} /> },
          { key: "updated", header: t("updatedBy"), cell: (th) => `${f.dateTime(th.updatedAt)} · ${th.updatedBy}` },
        ]}
      />
      {may && (
        <form className="form-row" onSubmit={submit} aria-label={t("setThreshold")}>
          <label className="field">
            {t("metric")}
            <input type="text" name="metric" value={form.metric} onChange={(e) => setForm({ ...form, metric: e.target.value })} required />
          </label>
          <label className="field">
            {t("low")}
            <input type="text" inputMode="decimal" name="low" value={form.low} onChange={(e) => setForm({ ...form, low: e.target.value })} />
          </label>
          <label className="field">
            {t("high")}
            <input type="text" inputMode="decimal" name="high" value={form.high} onChange={(e) => setForm({ ...form, high: e.target.value })} />
          </label>
          <label className="field">
            {t("severity")}
            <select name="severity" value={form.severity} onChange={(e) => setForm({ ...form, severity: e.target.value as Severity })}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {t(`shell:status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={result.fetching}>
            {t("setThreshold")}
          </button>
          {saved && (
            <p role="status" className="muted">
              {t("saved", { metric: saved })}
            </p>
          )}
          <ErrorBanner error={result.error} code={notNumber ? "BAD_USER_INPUT" : null} />
        </form>
      )}
    </>
  );
}
