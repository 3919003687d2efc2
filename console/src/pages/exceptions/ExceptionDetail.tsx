/**
 * One exception: what it is and concerns, its history (every action, by whom), similar past cases with what
 * resolved them, and the actions the viewer's role allows: acknowledge (storekeepers, planners), assign and
 * resolve with a note (planners). Re-read when exceptionUpdated names it.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { PLANNING, type Role } from "../../app/roles";
import { useViewer } from "../../app/viewer";
import { ErrorBanner } from "../../components/ErrorBanner";
import { newIdempotencyKey } from "../../components/idempotency-key";
import { StatusBadge } from "../../components/StatusBadge";
import {
  ExceptionAcknowledgeDocument,
  ExceptionAssignDocument,
  ExceptionDetailDocument,
  ExceptionResolveDocument,
  type ExceptionDetailQuery,
} from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import type { LiveEvent } from "./ExceptionsPage";

/** acknowledgeException (src/resolvers/exception.resolver.ts) */
const ACKNOWLEDGE: readonly Role[] = ["STOREKEEPER", "PLANNER"];

type Detail = ExceptionDetailQuery["exception"];

export function ExceptionDetail({ id, live }: { id: string; live?: LiveEvent }) {
  const { t } = useTranslation("exceptions");
  const f = useFormat();
  const [{ data, error }, reread] = useQuery({ query: ExceptionDetailDocument, variables: { id } });
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (live?.kind !== "updated" || live.event.exceptionId !== id || seen.current === live.event.eventId) return;
    seen.current = live.event.eventId;
    reread({ requestPolicy: "network-only" });
  }, [live, id, reread]);

  if (error) return <ErrorBanner error={error} />;
  if (!data) return null;
  const e = data.exception;
  return (
    <article aria-labelledby="exception-heading">
      <h2 id="exception-heading">
        {t(`types.${e.type}`)} <StatusBadge status={e.severity} /> <StatusBadge status={e.status} label={t(`statuses.${e.status}`)} />
      </h2>
      <p>{e.message}</p>
      <dl className="facts">
        <div>
          <dt>{t("raised")}</dt>
          <dd>{f.dateTime(e.createdAt)}</dd>
        </div>
        <div>
          <dt>{t("assignee")}</dt>
          <dd>{e.assignee ?? t("unassigned")}</dd>
        </div>
        {e.cause && (
          <div>
            <dt>{t("cause")}</dt>
            <dd>
              {t(`causes.${e.cause}`)}
              {e.causeText && ` · ${e.causeText}`}
            </dd>
          </div>
        )}
      </dl>
      {e.acknowledgedAt && <p className="muted">{t("acknowledgedBy", { actor: e.acknowledgedBy, at: f.dateTime(e.acknowledgedAt) })}</p>}
      {e.resolvedAt && (
        <p className="muted">
          {t("resolvedBy", { actor: e.resolvedBy, at: f.dateTime(e.resolvedAt) })}: {e.resolutionNote ?? t("noNote")}
        </p>
      )}
      <Actions key={e.id} exception={e} />
      {e.links.length > 0 && (
        <>
          <h3>{t("links")}</h3>
          <ul className="history">
            {e.links.map((l) => (
              <li key={`${l.kind}-${l.targetId}`}>
                {l.kind === "WORK_ORDER" ? <Link to={`/work-orders/${encodeURIComponent(l.ref)}`}>{l.ref}</Link> : l.ref}{" "}
                <span className="muted">{l.kind}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t("history")}</h3>
      <ol className="history">
        {e.actions.map((a) => (
          <li key={a.id}>
            <code>{a.action}</code> <StatusBadge status={a.result} />{" "}
            <span className="muted">
              {f.dateTime(a.at)} · {a.actor}
            </span>
          </li>
        ))}
      </ol>
      <h3>{t("similar")}</h3>
      {data.similarExceptions.length === 0 ? (
        <p className="muted">{t("noSimilar")}</p>
      ) : (
        <ul className="similar">
          {data.similarExceptions.map((s) => (
            <li key={s.exception.id}>
              <Link to={`/exceptions/${s.exception.id}`}>{s.exception.message}</Link>{" "}
              <span className="muted">{t("score", { score: f.number(s.score, { maximumFractionDigits: 1 }) })}</span>
              <blockquote>
                {s.exception.resolutionNote ?? t("noNote")}
                <span className="muted">
                  {" "}
                  — {s.exception.resolvedBy}, {f.date(s.exception.resolvedAt)}
                </span>
              </blockquote>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** Each action answers with the Exception: urql's cache reads the queries holding it again (the detail, the inbox). */
function Actions({ exception }: { exception: Detail }) {
  const { t } = useTranslation("exceptions");
  const viewer = useViewer();
  const [acknowledged, acknowledge] = useMutation(ExceptionAcknowledgeDocument);
  const [assigned, assign] = useMutation(ExceptionAssignDocument);
  const [resolved, resolve] = useMutation(ExceptionResolveDocument);
  const [assignee, setAssignee] = useState(exception.assignee ?? "");
  const [note, setNote] = useState("");
  if (exception.status === "RESOLVED") return null;
  const id = exception.id;

  const onAssign = (e: FormEvent) => {
    e.preventDefault();
    void assign({ id, assignee: assignee.trim(), idempotencyKey: newIdempotencyKey() });
  };
  const onResolve = (e: FormEvent) => {
    e.preventDefault();
    void resolve({ id, note: note.trim() || null, idempotencyKey: newIdempotencyKey() });
  };

  return (
    <div className="exception-actions">
      {exception.status === "OPEN" && viewer.can(ACKNOWLEDGE) && (
        <div>
          <button
            type="button"
            className="primary"
            disabled={acknowledged.fetching}
            onClick={() => void acknowledge({ id, idempotencyKey: newIdempotencyKey() })}
          >
            {t("acknowledge")}
          </button>
          <ErrorBanner error={acknowledged.error} />
        </div>
      )}
      {viewer.can(PLANNING) && (
        <>
          <form onSubmit={onAssign}>
            <label className="field">
              {t("assignTo")}
              <input type="text" name="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} required />
            </label>
            <button type="submit" disabled={assigned.fetching}>
              {t("assign")}
            </button>
            <ErrorBanner error={assigned.error} />
          </form>
          <form onSubmit={onResolve}>
            <label className="field" style={{ flex: "1 1 100%" }}>
              {t("note")}
              <textarea name="note" value={note} onChange={(e) => setNote(e.target.value)} aria-describedby="note-hint" />
            </label>
            <span id="note-hint" className="hint">
              {t("noteHint")}
            </span>
            <button type="submit" disabled={resolved.fetching}>
              {t("resolve")}
            </button>
            <ErrorBanner error={resolved.error} />
          </form>
        </>
      )}
    </div>
  );
}
