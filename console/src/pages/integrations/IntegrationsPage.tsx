/**
 * Integrations: each connector's health (ERP pushes, MQTT devices, webhooks), the webhooks' deliveries (for
 * planners, who manage them), and the dead letters (for integrations) to replay or — administrators — discard.
 * Health is read once, then kept live by `connectorHealthChanged` (a state change or a failure); a new dead letter
 * (the count a push brings) reads the dead letters again. Refresh reads the health and the dead letters again.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useSubscription } from "urql";
import { PLANNING, type Role } from "../../app/roles";
import { useViewer } from "../../app/viewer";
import { ErrorBanner } from "../../components/ErrorBanner";
import "../../components/page-parts.css";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import {
  IntegrationsConnectorHealthDocument,
  IntegrationsConnectorsDocument,
  IntegrationsDeadLettersDocument,
  IntegrationsDiscardDeadLetterDocument,
  IntegrationsReplayDeadLetterDocument,
  IntegrationsWebhooksDocument,
  type ConnectorState,
  type IntegrationsConnectorsQuery,
} from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import "./integrations.css";

/** deadLetters, replayDeadLetter; discardDeadLetter (src/resolvers/connector.resolver.ts) */
const DEAD_LETTERS: readonly Role[] = ["INTEGRATION"];
const DISCARD: readonly Role[] = ["ADMIN"];
const TONE: Record<ConnectorState, Tone> = { STARTING: "info", UP: "ok", DEGRADED: "warn", DOWN: "bad", STOPPED: "neutral" };

type Health = IntegrationsConnectorsQuery["connectors"][number];

/** The connectors as read, each replaced by its health as last pushed (a connector is never added at run time). */
function withPushed(read: readonly Health[], pushed: Readonly<Record<string, Health>>): Health[] {
  return read.map((c) => pushed[c.name] ?? c);
}

export default function IntegrationsPage() {
  const { t } = useTranslation("integrations");
  const f = useFormat();
  const viewer = useViewer();
  const [{ data: read, error: readError, fetching }, reread] = useQuery({ query: IntegrationsConnectorsDocument, requestPolicy: "network-only" });
  const [{ data: pushed, error: pushError }] = useSubscription({ query: IntegrationsConnectorHealthDocument }, (prev: Record<string, Health> = {}, { connectorHealthChanged: h }) => ({
    ...prev,
    [h.name]: h,
  }));
  const [readAt, setReadAt] = useState(() => new Date());
  const [refreshed, setRefreshed] = useState(0);
  const refresh = () => {
    reread({ requestPolicy: "network-only" });
    setReadAt(new Date());
    setRefreshed((n) => n + 1);
  };
  const connectors = useMemo(() => withPushed(read?.connectors ?? [], pushed ?? {}), [read, pushed]);
  const data = read && { connectors };
  const error = readError ?? pushError;
  // dead letters kept, as pushed: a change means one more to list
  const deadLettered = Object.values(pushed ?? {}).reduce((n, c) => n + c.deadLettered, 0);
  return (
    <section>
      <h1>{t("title")}</h1>
      <div className="toolbar">
        <button type="button" onClick={refresh} disabled={fetching}>
          {t("refresh")}
        </button>
        <span className="muted">{t("refreshed", { time: f.time(readAt) })}</span>
      </div>
      <ErrorBanner error={error} />
      {data && (
        <div className="connector-cards">
          {data.connectors.length === 0 && <p className="muted">{t("noConnectors")}</p>}
          {data.connectors.map((c) => (
            <article key={c.name} className="panel connector" aria-labelledby={`connector-${c.name}`}>
              <h2 id={`connector-${c.name}`}>
                {t(`names.${c.name}`, { defaultValue: c.name })} <StatusBadge status={c.state} tone={TONE[c.state]} label={t(`states.${c.state}`)} />
              </h2>
              <dl className="facts">
                <div>
                  <dt>{t("target")}</dt>
                  <dd>{c.target}</dd>
                </div>
                <div>
                  <dt>{t("succeeded")}</dt>
                  <dd>{f.number(c.succeeded)}</dd>
                </div>
                <div>
                  <dt>{t("failed")}</dt>
                  <dd>{f.number(c.failed)}</dd>
                </div>
                <div>
                  <dt>{t("deadLettered")}</dt>
                  <dd>{f.number(c.deadLettered)}</dd>
                </div>
                <div>
                  <dt>{t("lastSuccess")}</dt>
                  <dd>{f.dateTime(c.lastSuccessAt)}</dd>
                </div>
                <div>
                  <dt>{t("lastFailure")}</dt>
                  <dd>{f.dateTime(c.lastFailureAt)}</dd>
                </div>
              </dl>
              {c.lastError && (
                <p className="connector-error">
                  {t("lastError")}: {c.lastError}
                </p>
              )}
            </article>
          ))}
        </div>
      )}
      {viewer.can(PLANNING) && <Webhooks />}
      {viewer.can(DEAD_LETTERS) && <DeadLetters connectors={connectors.map((c) => c.name)} changed={`${refreshed}/${deadLettered}`} />}
    </section>
  );
}

function Webhooks() {
  const { t } = useTranslation("integrations");
  const f = useFormat();
  const [{ data, error }] = useQuery({ query: IntegrationsWebhooksDocument });
  return (
    <div className="panel integrations-block">
      <ErrorBanner error={error} />
      <Table
        caption={t("webhooks")}
        rows={data?.webhooks ?? []}
        rowKey={(w) => w.id}
        empty={t("noWebhooks")}
        columns={[
          { key: "name", header: t("name"), cell: (w) => w.name },
          { key: "url", header: t("url"), cell: (w) => <code>{w.url}</code> },
          { key: "topics", header: t("topics"), cell: (w) => w.topics.join(", ") },
          {
            key: "active",
            header: t("state"),
            cell: (w) => <StatusBadge status={w.active ? "UP" : "STOPPED"} tone={w.active ? "ok" : "neutral"} label={t(w.active ? "active" : "inactive")} />,
          },
          { key: "pending", header: t("pending"), align: "right", cell: (w) => f.number(w.deliveries.pending) },
          { key: "delivered", header: t("delivered"), align: "right", cell: (w) => f.number(w.deliveries.delivered) },
          { key: "dead", header: t("dead"), align: "right", cell: (w) => f.number(w.deliveries.dead) },
          { key: "last", header: t("lastDelivered"), cell: (w) => f.dateTime(w.deliveries.lastDeliveredAt) },
          { key: "error", header: t("lastError"), cell: (w) => w.deliveries.lastError ?? "—" },
        ]}
      />
    </div>
  );
}

/** `changed`: when it changes, the dead letters are read again (Refresh, or a connector kept a new one). */
function DeadLetters({ connectors, changed }: { connectors: string[]; changed: string }) {
  const { t } = useTranslation("integrations");
  const f = useFormat();
  const discardable = useViewer().can(DISCARD);
  const [connector, setConnector] = useState("");
  const [{ data, error }, reread] = useQuery({
    query: IntegrationsDeadLettersDocument,
    variables: { connector: connector || null, first: 100 },
    requestPolicy: "network-only",
  });
  const [replayed, replay] = useMutation(IntegrationsReplayDeadLetterDocument);
  const [discarded, discard] = useMutation(IntegrationsDiscardDeadLetterDocument);
  const [outcome, setOutcome] = useState<string>();
  const seen = useRef(changed);
  useEffect(() => {
    if (seen.current === changed) return;
    seen.current = changed;
    reread({ requestPolicy: "network-only" });
  }, [changed, reread]);

  const onReplay = async (id: string) => {
    setOutcome(undefined);
    const r = await replay({ id });
    if (r.data) {
      const { delivered, deadLetter } = r.data.replayDeadLetter;
      setOutcome(delivered ? t("replayed", { id }) : t("stillFailing", { id, error: deadLetter?.error ?? "" }));
    }
    // a letter delivered comes back as none: nothing in the answer names the list, so it is read again
    if (r.data?.replayDeadLetter.delivered) reread({ requestPolicy: "network-only" });
  };
  const onDiscard = async (id: string) => {
    setOutcome(undefined);
    const r = await discard({ id });
    // the answer is the DeadLetter: urql's cache reads the list holding it again
    if (r.data) setOutcome(t("discarded", { id }));
  };

  const letters = data?.deadLetters.nodes ?? [];
  return (
    <div className="panel integrations-block">
      <h2>{t("deadLetters")}</h2>
      <div className="toolbar">
        <label className="inline-field">
          {t("connector")}
          <select value={connector} onChange={(e) => setConnector(e.target.value)}>
            <option value="">{t("allConnectors")}</option>
            {connectors.map((c) => (
              <option key={c} value={c}>
                {t(`names.${c}`, { defaultValue: c })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p role="status" className="live-note">
        {outcome}
      </p>
      <ErrorBanner error={error ?? replayed.error ?? discarded.error} />
      <Table
        caption={t("count", { count: data?.deadLetters.totalCount ?? 0 })}
        rows={letters}
        rowKey={(d) => d.id}
        empty={t("noDeadLetters")}
        columns={[
          { key: "id", header: "#", align: "right", cell: (d) => d.id },
          { key: "connector", header: t("connector"), cell: (d) => d.connector },
          { key: "error", header: t("error"), cell: (d) => <span className="connector-error">{d.error}</span> },
          { key: "attempts", header: t("attempts"), align: "right", cell: (d) => f.number(d.attempts) },
          { key: "last", header: t("lastAttempt"), cell: (d) => f.dateTime(d.lastAttemptAt) },
          {
            key: "payload",
            header: t("payload"),
            cell: (d) => (
              <details>
                <summary>{t("payload")}</summary>
                <pre className="payload" tabIndex={0}>
                  {JSON.stringify(d.payload, null, 2)}
                </pre>
              </details>
            ),
          },
          {
            key: "actions",
            header: <span className="visually-hidden">{t("replay")}</span>,
            cell: (d) => (
              <span className="row-actions">
                <button type="button" disabled={replayed.fetching} onClick={() => onReplay(d.id)} aria-label={`${t("replay")} ${d.id}`}>
                  {t("replay")}
                </button>
                {discardable && (
                  <button type="button" disabled={discarded.fetching} onClick={() => onDiscard(d.id)} aria-label={`${t("discard")} ${d.id}`}>
                    {t("discard")}
                  </button>
                )}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}
