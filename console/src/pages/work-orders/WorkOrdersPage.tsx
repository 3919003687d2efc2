/**
 * Work orders: the list (filtered by status) or a board with a column per status, kept live by workOrderChanged;
 * an order's own page under `<number>` (WorkOrderDetail).
 */
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, Route, Routes, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { ErrorBanner } from "../../components/ErrorBanner";
import "../../components/page-parts.css";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { WorkOrdersListDocument, type WorkOrdersListQuery, type WorkOrderStatus } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { latestByOrder, useWorkOrderChanges, type WorkOrderChange } from "./live";
import { WorkOrderDetail } from "./WorkOrderDetail";
import "./work-orders.css";

export const STATUSES: readonly WorkOrderStatus[] = ["RELEASED", "SHORT", "IN_PROGRESS", "COMPLETED", "CLOSED", "CANCELLED"];

export type ListedOrder = WorkOrdersListQuery["workOrders"]["nodes"][number] & { changed?: boolean };

export default function WorkOrdersPage() {
  return (
    <Routes>
      <Route index element={<WorkOrders />} />
      <Route path=":number" element={<WorkOrderDetail />} />
    </Routes>
  );
}

function WorkOrders() {
  const { t } = useTranslation("workOrders");
  const [params, setParams] = useSearchParams();
  const view = params.get("view") === "board" ? "board" : "list";
  const status = STATUSES.find((s) => s === params.get("status")) ?? null;
  const [{ data, error, fetching }, reread] = useQuery({ query: WorkOrdersListDocument, variables: { status: view === "board" ? null : status, first: 500 } });
  const changes = useWorkOrderChanges();
  const orders = useMemo(() => withChanges(data?.workOrders.nodes ?? [], latestByOrder(changes)), [data, changes]);

  // an order this read does not hold (created since, or just into the filtered status): read again, once per event
  const handled = useRef(new Set<string>());
  useEffect(() => {
    if (!data || fetching) return;
    const fresh = changes.filter((c) => !handled.current.has(c.eventId));
    fresh.forEach((c) => handled.current.add(c.eventId));
    const held = new Set(data.workOrders.nodes.map((o) => o.id));
    if (fresh.some((c) => !held.has(c.workOrderId) && (view === "board" || !status || c.to === status))) reread({ requestPolicy: "network-only" });
  }, [changes, data, fetching, view, status, reread]);

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const shown = view === "list" && status ? orders.filter((o) => o.status === status) : orders;

  return (
    <section>
      <h1>{t("title")}</h1>
      <div className="toolbar">
        <div role="group" aria-label={t("title")} className="segmented">
          <button type="button" aria-pressed={view === "list"} onClick={() => set("view", null)}>
            {t("list")}
          </button>
          <button type="button" aria-pressed={view === "board"} onClick={() => set("view", "board")}>
            {t("board")}
          </button>
        </div>
        {view === "list" && (
          <label className="inline-field">
            {t("statusFilter")}
            <select value={status ?? ""} onChange={(e) => set("status", e.target.value || null)}>
              <option value="">{t("allStatuses")}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <LiveNote change={changes[0]} />
      </div>
      <ErrorBanner error={error} />
      {data && (view === "board" ? <Board orders={orders} /> : <List orders={shown} />)}
    </section>
  );
}

/** The latest change heard, announced politely to screen readers too. */
function LiveNote({ change }: { change?: WorkOrderChange }) {
  const { t } = useTranslation("workOrders");
  return (
    <p className="live-note" aria-live="polite">
      {change && t("live", { number: change.number, status: t(`status.${change.to}`) })}
    </p>
  );
}

function withChanges(orders: readonly ListedOrder[], latest: Map<string, WorkOrderChange>): ListedOrder[] {
  return orders.map((o) => {
    const c = latest.get(o.id);
    return c ? { ...o, status: c.to, completedQuantity: c.completedQuantity, scrappedQuantity: c.scrappedQuantity, changed: true } : o;
  });
}

function OrderLink({ order }: { order: ListedOrder }) {
  return <Link to={encodeURIComponent(order.number)}>{order.number}</Link>;
}

function List({ orders }: { orders: readonly ListedOrder[] }) {
  const { t } = useTranslation("workOrders");
  const f = useFormat();
  return (
    <Table
      caption={t("count", { count: orders.length })}
      rows={orders}
      rowKey={(o) => o.id}
      rowClassName={(o) => (o.changed ? "row-live" : undefined)}
      empty={t("empty")}
      columns={[
        { key: "number", header: t("number"), cell: (o) => <OrderLink order={o} /> },
        { key: "material", header: t("material"), cell: (o) => `${o.material.code} · ${o.material.name}` },
        { key: "warehouse", header: t("warehouse"), cell: (o) => o.warehouse.code },
        { key: "status", header: t("statusFilter"), cell: (o) => <StatusBadge status={o.status} label={t(`status.${o.status}`)} /> },
        { key: "quantity", header: t("quantity"), align: "right", cell: (o) => f.quantity(o.quantity, o.material.uomCode) },
        { key: "completed", header: t("completed"), align: "right", cell: (o) => f.quantity(o.completedQuantity, o.material.uomCode) },
        { key: "due", header: t("due"), cell: (o) => f.date(o.dueDate) },
      ]}
    />
  );
}

function Board({ orders }: { orders: readonly ListedOrder[] }) {
  const { t } = useTranslation("workOrders");
  const f = useFormat();
  return (
    <div className="board">
      {STATUSES.map((s) => {
        const column = orders.filter((o) => o.status === s);
        return (
          <section key={s} className="board-column" aria-labelledby={`column-${s}`} data-status={s}>
            <h2 id={`column-${s}`}>
              {t(`status.${s}`)} <span className="count">{f.number(column.length)}</span>
            </h2>
            <ul>
              {column.map((o) => (
                <li key={o.id} className={`card${o.changed ? " row-live" : ""}`}>
                  <OrderLink order={o} />
                  <span>{o.material.code}</span>
                  <span className="muted">
                    {f.quantity(o.completedQuantity, o.material.uomCode)} / {f.quantity(o.quantity, o.material.uomCode)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
