/** Start an MRP run for the warehouse (planners) and watch its progress live; the latest runs below. */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { useViewer } from "../../app/viewer";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { PlanningRunsDocument, PlanningStartRunDocument, type PlanningBucket, type PlanningRunFragment } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import type { PlanningWarehouse, RunProgress } from "./PlanningPage";
import { PLANNING } from "./roles";

const STATUS_TONE = { QUEUED: "info", RUNNING: "info", COMPLETED: "ok", FAILED: "bad" } as const;

/** A run as its latest live event says, else as it was read. */
export function liveRun(run: PlanningRunFragment, progress: Record<string, RunProgress>) {
  const p = progress[run.id];
  return p ? { status: p.status, phase: p.phase ?? null, percent: p.percent } : { status: run.status, phase: run.phase ?? null, percent: run.progress };
}

export function RunPanel({ warehouse, progress, planVersion }: { warehouse: PlanningWarehouse; progress: Record<string, RunProgress>; planVersion: number }) {
  const { t } = useTranslation("planning");
  const f = useFormat();
  const viewer = useViewer();
  const [{ data, error }, reload] = useQuery({ query: PlanningRunsDocument });
  const [start, startRun] = useMutation(PlanningStartRunDocument);
  const [bucket, setBucket] = useState<PlanningBucket>("WEEK");
  const [horizon, setHorizon] = useState("12");
  const [startDate, setStartDate] = useState("");
  const [watched, setWatched] = useState<string | null>(null);
  useEffect(() => {
    if (planVersion > 0) reload({ requestPolicy: "network-only" });
  }, [planVersion, reload]);
  const runs = (data?.mrpRuns.nodes ?? []).filter((r) => r.warehouseId === warehouse.id);
  const shown = runs.find((r) => r.id === watched) ?? runs.find((r) => r.status === "QUEUED" || r.status === "RUNNING");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await startRun({ input: { warehouseId: warehouse.id, bucket, horizonBuckets: Number(horizon), startDate: startDate || null } });
    if (result.data) {
      setWatched(result.data.startMrpRun.id);
      reload({ requestPolicy: "network-only" });
    }
  };
  const live = shown && liveRun(shown, progress);
  return (
    <section className="panel" aria-labelledby="run-heading">
      <h2 id="run-heading">{t("run.heading")}</h2>
      {viewer.can(PLANNING) && (
        <form className="filters" onSubmit={submit}>
          <label className="field">
            <span>{t("run.bucket")}</span>
            <select name="bucket" value={bucket} onChange={(e) => setBucket(e.target.value as PlanningBucket)}>
              <option value="WEEK">{t("bucket.WEEK")}</option>
              <option value="DAY">{t("bucket.DAY")}</option>
            </select>
          </label>
          <label className="field">
            <span>{t("run.horizon")}</span>
            <input type="number" name="horizon" min={1} max={bucket === "WEEK" ? 104 : 366} value={horizon} onChange={(e) => setHorizon(e.target.value)} />
          </label>
          <label className="field">
            <span>{t("run.startDate")}</span>
            <input type="date" name="startDate" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={start.fetching}>
            {start.fetching ? t("run.starting") : t("run.start")}
          </button>
        </form>
      )}
      <ErrorBanner error={start.error ?? error} />
      {shown && live && (
        <div className="run-progress">
          <label htmlFor="run-progress-bar">{t("run.progress", { id: shown.id })}</label>
          <progress id="run-progress-bar" max={100} value={live.percent} />
          <span role="status" data-status={live.status}>
            {t("run.phaseLabel", { status: t(`status.${live.status}`), phase: live.phase ? t(`phase.${live.phase}`) : "", percent: live.percent })}
          </span>
          <p className="hint">{t("run.live")}</p>
        </div>
      )}
      <Table<PlanningRunFragment>
        caption={t("run.latest")}
        rows={runs}
        rowKey={(r) => r.id}
        empty={t("run.none")}
        columns={[
          { key: "id", header: t("run.id"), cell: (r) => r.id },
          {
            key: "status",
            header: t("run.status"),
            cell: (r) => {
              const s = liveRun(r, progress).status;
              return <StatusBadge status={s} tone={STATUS_TONE[s]} label={t(`status.${s}`)} />;
            },
          },
          { key: "current", header: t("run.current"), cell: (r) => (r.isCurrent ? "✓" : "") },
          { key: "bucket", header: t("run.bucket"), cell: (r) => t(`bucket.${r.bucket}`) },
          { key: "started", header: t("run.startedAt"), cell: (r) => f.dateTime(r.startedAt) },
          { key: "finished", header: t("run.finishedAt"), cell: (r) => f.dateTime(r.finishedAt) },
          {
            key: "counts",
            header: t("run.counts"),
            align: "right",
            cell: (r) => {
              if (r.status !== "COMPLETED") return r.error ?? "—";
              if (r.purgedAt) return t("run.purged", { date: f.dateTime(r.purgedAt) });
              const counts = r.counts as Record<string, number | undefined>;
              return [counts.plannedOrders, counts.purchaseSuggestions, counts.exceptions].map((n) => f.number(n ?? 0)).join(" / ");
            },
          },
          { key: "by", header: t("run.by"), cell: (r) => r.createdBy },
        ]}
      />
    </section>
  );
}
