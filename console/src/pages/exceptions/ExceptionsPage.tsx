/**
 * Exceptions: the inbox (newest first, filtered by status, type and text), kept live by exceptionRaised and
 * exceptionUpdated, beside the chosen exception (`<id>`): its history, what it concerns, similar past cases, and
 * what the viewer's role may do about it.
 */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Route, Routes, useParams, useSearchParams } from "react-router";
import { useQuery, useSubscription } from "urql";
import { ErrorBanner } from "../../components/ErrorBanner";
import "../../components/page-parts.css";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import {
  ExceptionRaisedDocument,
  ExceptionsInboxDocument,
  ExceptionUpdatedDocument,
  type ExceptionsInboxQuery,
  type ExceptionStatus,
  type ExceptionType,
  type ExceptionRaisedSubscription,
  type ExceptionUpdatedSubscription,
} from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { ExceptionDetail } from "./ExceptionDetail";
import "./exceptions.css";

export const TYPES: readonly ExceptionType[] = ["SHORTAGE", "QUALITY", "EQUIPMENT", "LATE", "EXCESS", "UNCOVERED_DEMAND", "STOCK_MISMATCH", "CAPACITY"];
const SHOW: Record<string, ExceptionStatus[] | null> = {
  unresolved: ["OPEN", "ACKNOWLEDGED"],
  OPEN: ["OPEN"],
  ACKNOWLEDGED: ["ACKNOWLEDGED"],
  RESOLVED: ["RESOLVED"],
  all: null,
};
/** the most a page may hold (MAX_PAGE_SIZE's default) */
const PAGE = 500;

export type LiveEvent =
  { kind: "raised"; event: ExceptionRaisedSubscription["exceptionRaised"] } | { kind: "updated"; event: ExceptionUpdatedSubscription["exceptionUpdated"] };

export default function ExceptionsPage() {
  return (
    <Routes>
      <Route index element={<Exceptions />} />
      <Route path=":id" element={<Exceptions />} />
    </Routes>
  );
}

/** The latest exception event of either kind (raised, updated). */
function useExceptionEvents(): LiveEvent | undefined {
  const [{ data: raised }] = useSubscription({ query: ExceptionRaisedDocument });
  const [{ data: updated }] = useSubscription({ query: ExceptionUpdatedDocument });
  const [latest, setLatest] = useState<LiveEvent>();
  useEffect(() => void (raised && setLatest({ kind: "raised", event: raised.exceptionRaised })), [raised]);
  useEffect(() => void (updated && setLatest({ kind: "updated", event: updated.exceptionUpdated })), [updated]);
  return latest;
}

function Exceptions() {
  const { t } = useTranslation("exceptions");
  const id = useParams().id;
  const [params, setParams] = useSearchParams();
  const show = params.get("show") ?? "unresolved";
  const type = TYPES.find((x) => x === params.get("type"));
  const text = params.get("q") ?? "";
  const filter = { statuses: SHOW[show] ?? null, types: type ? [type] : null, text: text || null };
  const [{ data, error }, reread] = useQuery({ query: ExceptionsInboxDocument, variables: { filter, first: PAGE } });
  const live = useExceptionEvents();
  const fresh = useRef(new Set<string>());
  useEffect(() => {
    if (!live) return;
    if (live.kind === "raised") fresh.current.add(live.event.exceptionId);
    reread({ requestPolicy: "network-only" });
  }, [live, reread]);

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const rows = [...(data?.exceptions.nodes ?? [])].reverse();

  return (
    <section>
      <h1>{t("title")}</h1>
      <div className="exceptions-layout">
        <div className="panel">
          <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
            <label className="inline-field">
              {t("show")}
              <select value={show} onChange={(e) => set("show", e.target.value === "unresolved" ? null : e.target.value)}>
                <option value="unresolved">{t("unresolved")}</option>
                {(["OPEN", "ACKNOWLEDGED", "RESOLVED"] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`statuses.${s}`)}
                  </option>
                ))}
                <option value="all">{t("all")}</option>
              </select>
            </label>
            <label className="inline-field">
              {t("type")}
              <select value={type ?? ""} onChange={(e) => set("type", e.target.value || null)}>
                <option value="">{t("allTypes")}</option>
                {TYPES.map((x) => (
                  <option key={x} value={x}>
                    {t(`types.${x}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field">
              {t("search")}
              <input type="search" defaultValue={text} placeholder={t("searchHint")} onChange={(e) => set("q", e.target.value.trim() || null)} />
            </label>
          </form>
          <p className="live-note" aria-live="polite">
            {live?.kind === "raised" && t("liveRaised", { message: live.event.message })}
            {live?.kind === "updated" && t("liveUpdated", { action: live.event.action, actor: live.event.actor })}
          </p>
          <ErrorBanner error={error} />
          {data && <Inbox rows={rows} total={data.exceptions.totalCount} selected={id} fresh={fresh.current} search={params.toString()} />}
        </div>
        <div className="panel">{id ? <ExceptionDetail id={id} live={live} /> : <p className="muted">{t("pick")}</p>}</div>
      </div>
    </section>
  );
}

type Row = ExceptionsInboxQuery["exceptions"]["nodes"][number];

function Inbox({ rows, total, selected, fresh, search }: { rows: Row[]; total: number; selected?: string; fresh: Set<string>; search: string }) {
  const { t } = useTranslation("exceptions");
  const f = useFormat();
  const caption = rows.length < total ? `${t("count", { count: total })} (${t("shownOf", { shown: rows.length, total })})` : t("count", { count: total });
  return (
    <div className="inbox-scroll">
      <Table
        caption={caption}
        rows={rows}
        rowKey={(e) => e.id}
        rowClassName={(e) => [e.id === selected ? "row-selected" : "", fresh.has(e.id) ? "row-live" : ""].join(" ").trim() || undefined}
        empty={t("empty")}
        columns={[
          { key: "raised", header: t("raised"), cell: (e) => f.dateTime(e.createdAt) },
          { key: "type", header: t("type"), cell: (e) => t(`types.${e.type}`) },
          { key: "severity", header: t("severity"), cell: (e) => <StatusBadge status={e.severity} /> },
          { key: "message", header: t("message"), cell: (e) => <Link to={{ pathname: `/exceptions/${e.id}`, search }}>{e.message}</Link> },
          { key: "status", header: t("status"), cell: (e) => <StatusBadge status={e.status} label={t(`statuses.${e.status}`)} /> },
          { key: "assignee", header: t("assignee"), cell: (e) => e.assignee ?? <span className="muted">{t("unassigned")}</span> },
        ]}
      />
    </div>
  );
}
