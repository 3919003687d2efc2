/**
 * The warehouse's current plan: purchase suggestions (release the selected ones at once, all or none) and
 * planned orders (release one as a work order), each with its pegging — the demands it serves.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { useViewer } from "../../app/viewer";
import { ErrorBanner } from "../../components/ErrorBanner";
import { newIdempotencyKey } from "../../components/idempotency-key";
import { StatusBadge } from "../../components/StatusBadge";
import { Table, type Column } from "../../components/Table";
import { PlanningReleasePlannedOrderDocument, PlanningReleaseSuggestionsDocument, PlanningSuppliesDocument, type PlanningSupplyFragment } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { MaterialLink } from "./MaterialLink";
import { Pegging } from "./Pegging";
import type { PlanningWarehouse } from "./PlanningPage";
import { DEMAND, PLANNING } from "./roles";

const SHOWN = 200;
const SUPPLY_TONE = { SUGGESTED: "neutral", RELEASED: "info", CANCELLED: "neutral" } as const;

export function SuppliesPanel({ warehouse, planVersion }: { warehouse: PlanningWarehouse; planVersion: number }) {
  const { t } = useTranslation("planning");
  const f = useFormat();
  const viewer = useViewer();
  const [{ data, error }, reload] = useQuery({ query: PlanningSuppliesDocument, variables: { warehouseId: warehouse.id, first: SHOWN } });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [pegged, setPegged] = useState<PlanningSupplyFragment | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [releaseMany, releaseSuggestions] = useMutation(PlanningReleaseSuggestionsDocument);
  const [releaseOne, releasePlannedOrder] = useMutation(PlanningReleasePlannedOrderDocument);
  useEffect(() => {
    if (planVersion > 0) {
      setSelected(new Set());
      setPegged(null);
      reload({ requestPolicy: "network-only" });
    }
  }, [planVersion, reload]);

  const releaseSelected = async () => {
    setDone(null);
    const result = await releaseSuggestions({ ids: [...selected], idempotencyKey: newIdempotencyKey("release") });
    if (result.data) {
      setDone(t("supplies.released", { numbers: result.data.releasePurchaseSuggestions.orders.map((o) => o.number).join(", ") }));
      setSelected(new Set());
      reload({ requestPolicy: "network-only" });
    }
  };
  const releaseOrder = async (id: string) => {
    setDone(null);
    const result = await releasePlannedOrder({ id, idempotencyKey: newIdempotencyKey("release") });
    if (result.data) {
      setDone(t("supplies.releasedOrder", { id: result.data.releasePlannedOrder.workOrderId }));
      reload({ requestPolicy: "network-only" });
    }
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const mayReleasePurchases = viewer.can(DEMAND);
  const mayReleaseOrders = viewer.can(PLANNING);
  const common = (releaseColumn: Column<PlanningSupplyFragment> | null): Column<PlanningSupplyFragment>[] => [
    ...(releaseColumn ? [releaseColumn] : []),
    { key: "material", header: t("supplies.material"), cell: (s) => <MaterialLink code={s.material.code} name={s.material.name} /> },
    { key: "quantity", header: t("supplies.quantity"), align: "right", cell: (s) => f.quantity(s.quantity, s.material.uomCode) },
    { key: "release", header: t("supplies.release"), cell: (s) => f.date(s.releaseDate) },
    { key: "due", header: t("supplies.due"), cell: (s) => f.date(s.dueDate) },
    { key: "status", header: t("supplies.status"), cell: (s) => <StatusBadge status={s.status} tone={SUPPLY_TONE[s.status]} label={t(`status.${s.status}`)} /> },
    {
      key: "pegging",
      header: t("supplies.pegging"),
      cell: (s) => (
        <button type="button" aria-expanded={pegged?.id === s.id && pegged.kind === s.kind} aria-label={t("supplies.showPegging", { material: s.material.code, date: f.date(s.dueDate) })} onClick={() => setPegged(pegged?.id === s.id && pegged.kind === s.kind ? null : s)}>
          {t("supplies.pegging")}
        </button>
      ),
    },
  ];
  const label = (s: PlanningSupplyFragment) => ({ material: s.material.code, date: f.date(s.dueDate) });
  const suggestions = data?.purchaseSuggestions;
  const planned = data?.plannedOrders;
  return (
    <section className="panel" aria-labelledby="plan-heading">
      <h2 id="plan-heading" className="visually-hidden">
        {t("tabs.plan")}
      </h2>
      <ErrorBanner error={error} />
      <ErrorBanner error={releaseMany.error ?? releaseOne.error} />
      {done && (
        <p role="status" className="success">
          {done}
        </p>
      )}
      {data && suggestions && planned && (
        <>
          {mayReleasePurchases && (
            <div className="actions">
              <button type="button" className="primary" disabled={selected.size === 0 || releaseMany.fetching} onClick={releaseSelected}>
                {t("supplies.releaseSelected", { count: selected.size })}
              </button>
            </div>
          )}
          <Table<PlanningSupplyFragment>
            caption={`${t("supplies.suggestions")} (${t("supplies.total", { shown: suggestions.nodes.length, total: suggestions.totalCount })})`}
            rows={suggestions.nodes}
            rowKey={(s) => s.id}
            rowClassName={(s) => (pegged?.id === s.id && pegged.kind === s.kind ? "selected" : undefined)}
            empty={t("supplies.none")}
            columns={[
              ...common(
                mayReleasePurchases
                  ? {
                      key: "select",
                      header: <span className="visually-hidden">{t("supplies.selectColumn")}</span>,
                      cell: (s) =>
                        s.status === "SUGGESTED" ? <input type="checkbox" checked={selected.has(s.id)} onChange={() => toggle(s.id)} aria-label={t("supplies.select", label(s))} /> : null,
                    }
                  : null,
              ),
              { key: "supplier", header: t("supplies.supplier"), cell: (s) => s.supplierCode ?? "—" },
            ]}
          />
          <Table<PlanningSupplyFragment>
            caption={`${t("supplies.planned")} (${t("supplies.total", { shown: planned.nodes.length, total: planned.totalCount })})`}
            rows={planned.nodes}
            rowKey={(s) => s.id}
            rowClassName={(s) => (pegged?.id === s.id && pegged.kind === s.kind ? "selected" : undefined)}
            empty={t("supplies.none")}
            columns={[
              ...common(null),
              ...(mayReleaseOrders
                ? [
                    {
                      key: "release-order",
                      header: <span className="visually-hidden">{t("supplies.releaseOne")}</span>,
                      cell: (s: PlanningSupplyFragment) =>
                        s.status === "SUGGESTED" ? (
                          <button type="button" disabled={releaseOne.fetching} aria-label={t("supplies.releaseOrder", label(s))} onClick={() => releaseOrder(s.id)}>
                            {t("supplies.releaseOne")}
                          </button>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
          {pegged && <Pegging supply={pegged} warehouse={warehouse} onClose={() => setPegged(null)} />}
        </>
      )}
    </section>
  );
}
