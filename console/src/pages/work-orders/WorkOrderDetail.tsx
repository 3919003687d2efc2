/**
 * One work order: what it needs and holds (components: required, reserved, issued, short), what its shortage
 * policy did (substitutes reserved, suggestions, the SHORTAGE exceptions' actions), and its operations, which the
 * floor starts and completes here. Re-read when workOrderChanged says the order changed.
 */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import type { Role } from "../../app/roles";
import { useViewer } from "../../app/viewer";
import { ErrorBanner } from "../../components/ErrorBanner";
import { newIdempotencyKey } from "../../components/idempotency-key";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { WorkOrderDetailDocument, WorkOrderReserveDocument, type WorkOrderDetailQuery } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { useWorkOrderChanges } from "./live";
import { Operations } from "./Operations";

/** reserveWorkOrder (src/resolvers/work-order.resolver.ts) */
const ORDERS: readonly Role[] = ["PLANNER", "INTEGRATION"];

export type Order = NonNullable<WorkOrderDetailQuery["workOrder"]>;

export function WorkOrderDetail() {
  const { t } = useTranslation("workOrders");
  const number = useParams().number!;
  const [{ data, error, fetching }, reread] = useQuery({ query: WorkOrderDetailDocument, variables: { number } });
  const changes = useWorkOrderChanges();
  const seen = useRef<string | null>(null);
  const latest = changes.find((c) => c.number === number);
  useEffect(() => {
    if (!latest || fetching || seen.current === latest.eventId) return;
    seen.current = latest.eventId;
    reread({ requestPolicy: "network-only" });
  }, [latest, fetching, reread]);

  const order = data?.workOrder;
  return (
    <section>
      <p>
        <Link to="..">{t("back")}</Link>
      </p>
      <h1>
        {number} {order && <StatusBadge status={order.status} label={t(`status.${order.status}`)} />}
      </h1>
      <ErrorBanner error={error} />
      {data && !order && <p role="alert">{t("notFound", { number })}</p>}
      {order && (
        <>
          <Facts order={order} />
          <Operations order={order} />
          <div className="detail-grid">
            <Components order={order} />
            <Shortage order={order} exceptions={data.exceptions.nodes} />
          </div>
        </>
      )}
    </section>
  );
}

function Facts({ order }: { order: Order }) {
  const { t } = useTranslation("workOrders");
  const f = useFormat();
  const uom = order.material.uomCode;
  return (
    <dl className="facts">
      {[
        [t("material"), `${order.material.code} · ${order.material.name}`],
        [t("warehouse"), order.warehouse.code],
        [t("quantity"), f.quantity(order.quantity, uom)],
        [t("completed"), f.quantity(order.completedQuantity, uom)],
        [t("scrapped"), f.quantity(order.scrappedQuantity, uom)],
        [t("due"), f.date(order.dueDate)],
        [t("created"), f.dateTime(order.createdAt)],
      ].map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Components({ order }: { order: Order }) {
  const { t } = useTranslation("workOrders");
  const f = useFormat();
  return (
    <div className="panel">
      <Table
        caption={t("components")}
        rows={order.materials}
        rowKey={(m) => `${m.material.code}-${m.operationSeq ?? ""}`}
        rowClassName={(m) => (Number(m.shortQuantity) > 0 ? "row-short" : undefined)}
        empty="—"
        columns={[
          { key: "material", header: t("material"), cell: (m) => m.material.code },
          { key: "op", header: t("operation"), align: "right", cell: (m) => m.operationSeq ?? "—" },
          { key: "required", header: t("required"), align: "right", cell: (m) => f.quantity(m.required, m.material.uomCode) },
          { key: "reserved", header: t("reserved"), align: "right", cell: (m) => f.quantity(m.reserved, m.material.uomCode) },
          { key: "issued", header: t("issued"), align: "right", cell: (m) => f.quantity(m.issued, m.material.uomCode) },
          {
            key: "short",
            header: t("short"),
            align: "right",
            cell: (m) => (Number(m.shortQuantity) > 0 ? <strong>{f.quantity(m.shortQuantity, m.material.uomCode)}</strong> : "—"),
          },
        ]}
      />
    </div>
  );
}

/** Reserving again answers with the WorkOrder: urql's cache reads the order again. */
function Shortage({ order, exceptions }: { order: Order; exceptions: WorkOrderDetailQuery["exceptions"]["nodes"] }) {
  const { t } = useTranslation("workOrders");
  const f = useFormat();
  const viewer = useViewer();
  const [reserving, reserve] = useMutation(WorkOrderReserveDocument);
  const nothing = order.substitutions.length === 0 && order.shortageSuggestions.length === 0 && exceptions.length === 0;
  return (
    <div className="panel">
      <h2>{t("shortage")}</h2>
      {nothing && <p className="muted">{t("noActions")}</p>}
      {order.status === "SHORT" && viewer.can(ORDERS) && (
        <button
          type="button"
          disabled={reserving.fetching}
          onClick={() => void reserve({ number: order.number, idempotencyKey: newIdempotencyKey() })}
        >
          {t("reserveAgain")}
        </button>
      )}
      <ErrorBanner error={reserving.error} />
      {order.substitutions.length > 0 && (
        <>
          <h3>{t("substitutions")}</h3>
          <ul className="actions-list">
            {order.substitutions.map((s, i) => (
              <li key={i}>
                {t("substituted", {
                  substituteQuantity: f.number(s.substituteQuantity),
                  substitute: s.substitute.code,
                  quantity: f.number(s.quantity),
                  component: s.component.code,
                })}{" "}
                <span className="muted">
                  {f.dateTime(s.createdAt)} · {t("by", { actor: s.createdBy })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {order.shortageSuggestions.length > 0 && (
        <>
          <h3>{t("suggestions")}</h3>
          <ul className="actions-list">
            {order.shortageSuggestions.map((s, i) => (
              <li key={i}>{t(`suggestion.${s.kind}`, { ...s, quantity: f.number(s.quantity) })}</li>
            ))}
          </ul>
        </>
      )}
      {exceptions.map((e) => (
        <div key={e.id}>
          <h3>
            {t("actionsTaken")} · <Link to={`/exceptions/${e.id}`}>{e.message}</Link> <StatusBadge status={e.status} />
          </h3>
          <ol className="actions-list">
            {e.actions.map((a) => (
              <li key={a.id}>
                <StatusBadge status={a.result} /> <code>{a.action}</code> {describe(a.details)}{" "}
                <span className="muted">
                  {f.dateTime(a.at)} · {t("by", { actor: a.actor })}
                </span>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}

/** An action's details (what it reserved, ordered, from where) as `key: value` pairs. */
const describe = (details: unknown) =>
  Object.entries(details && typeof details === "object" ? details : {})
    .filter(([, v]) => v !== null && typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(", ");
