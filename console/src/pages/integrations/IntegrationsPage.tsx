/**
 * Integrations: each connector's health (ERP pushes, MQTT devices, webhooks), the webhooks' deliveries (for
 * planners, who manage them), and the dead letters (for integrations) to replay or — administrators — discard.
 * The graph has no subscription for these: the page reads them when opened, after an action, and on Refresh.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { PLANNING, type Role } from "../../app/roles";
import { useViewer } from "../../app/viewer";
import { ErrorBanner } from "../../components/ErrorBanner";
import "../../components/page-parts.css";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import {
  IntegrationsConnectorsDocument,
  IntegrationsDeadLettersDocument,
  IntegrationsDiscardDeadLetterDocument,
  IntegrationsReplayDeadLetterDocument,
  IntegrationsWebhooksDocument,
  type ConnectorState,
} from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import "./integrations.css";

/** deadLetters, replayDeadLetter; discardDeadLetter (src/resolvers/connector.resolver.ts) */
const DEAD_LETTERS: readonly Role[] = ["INTEGRATION"];
const DISCARD: readonly Role[] = ["ADMIN"];
const TONE: Record<ConnectorState, Tone> = { STARTING: "info", UP: "ok", DEGRADED: "warn", DOWN: "bad", STOPPED: "neutral" };

export default function IntegrationsPage() {
  const { t } = useTranslation("integrations");
  const f = useFormat();
  const viewer = useViewer();
  const [{ data, error, fetching }, reread] = useQuery({ query: IntegrationsConnectorsDocument, requestPolicy: "network-only" });
  const [readAt, setReadAt] = useState(() => new Date());
  const refresh = () => {
    reread({ requestPolicy: "network-only" });
    setReadAt(new Date());
  };
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
      {viewer.can(DEAD_LETTERS) && <DeadLetters connectors={data?.connectors.map((c) => c.name) ?? []} onChange={refresh} />}
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

function DeadLetters({ connectors, onChange }: { connectors: string[]; onChange: () => void }) {
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

  const onReplay = async (id: string) => {
    setOutcome(undefined);
    const r = await replay({ id });
    if (r.data) {
      const { delivered, deadLetter } = r.data.replayDeadLetter;
      setOutcome(delivered ? t("replayed", { id }) : t("stillFailing", { id, error: deadLetter?.error ?? "" }));
    }
    reread({ requestPolicy: "network-only" });
    onChange();
  };
  const onDiscard = async (id: string) => {
    setOutcome(undefined);
    const r = await discard({ id });
    if (r.data) setOutcome(t("discarded", { id }));
    reread({ requestPolicy: "network-only" });
    onChange();
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
