/** The material's lots; a lot's genealogy traced backward and forward, drawn as a graph and listed. */
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useClient, useQuery, type CombinedError } from "urql";
import { Chart } from "../../components/Chart";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Table } from "../../components/Table";
import { MaterialLotTraceDocument, MaterialWorkOrderLotsDocument, type MaterialGenealogyLinkFragment } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { MaterialLink } from "./BomPanel";
import { lotGraph, type OrderEntry } from "./lot-graph";
import type { MaterialDetailData } from "./MaterialDetail";
import { QcBadge } from "./StockPanel";

const lineageChart = () => import("./lineage-chart");

type Lot = MaterialDetailData["material"]["lots"][number];

export function LotsPanel({ material }: { material: MaterialDetailData["material"] }) {
  const { t } = useTranslation("materials");
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const traced = material.lots.find((l) => l.code === params.get("lot"));
  const trace = (lot: string) => setParams((p) => ({ ...Object.fromEntries(p), lot }), { replace: true });
  if (!material.lotTracked && material.lots.length === 0) return <p className="hint">{t("lots.notTracked")}</p>;
  return (
    <>
      <Table<Lot>
        caption={t("lots.heading")}
        rows={material.lots}
        rowKey={(l) => l.id}
        rowClassName={(l) => (l.id === traced?.id ? "selected" : undefined)}
        empty={t("lots.none")}
        columns={[
          { key: "code", header: t("lots.code"), cell: (l) => l.code },
          { key: "expires", header: t("lots.expires"), cell: (l) => f.date(l.expiresAt) },
          { key: "qc", header: t("lots.qc"), cell: (l) => <QcBadge status={l.qcStatus} /> },
          {
            key: "trace",
            header: t("lots.trace"),
            cell: (l) => (
              <button type="button" aria-label={t("lots.traceLot", { lot: l.code })} onClick={() => trace(l.code)}>
                {t("lots.trace")}
              </button>
            ),
          },
        ]}
      />
      {traced && <LotTrace materialCode={material.code} lot={traced} />}
    </>
  );
}

function LotTrace({ materialCode, lot }: { materialCode: string; lot: Lot }) {
  const { t } = useTranslation("materials");
  const [{ data, error }] = useQuery({ query: MaterialLotTraceDocument, variables: { materialCode, lotCode: lot.code } });
  const { entries, error: entriesError } = useOrderEntries(data ? [...data.traceBackward, ...data.traceForward] : null);
  const graph = useMemo(
    () => data && entries && lotGraph({ id: lot.id, code: lot.code, materialCode }, data.traceBackward, data.traceForward, entries),
    [data, entries, lot, materialCode],
  );
  return (
    <section aria-labelledby="trace-heading" className="lot-trace">
      <h3 id="trace-heading">{t("lots.traceHeading", { lot: lot.code })}</h3>
      <ErrorBanner error={error ?? entriesError} />
      {data && data.traceBackward.length + data.traceForward.length === 0 && <p className="hint">{t("lots.noLinks")}</p>}
      {graph && graph.edges.length > 0 && (
        <Chart
          parts={lineageChart}
          label={t("lots.graph", { lot: lot.code, backward: data!.traceBackward.length, forward: data!.traceForward.length })}
          height={Math.max(240, 70 * Math.max(...countPerColumn(graph.nodes)) + 80)}
          option={{
            tooltip: {},
            series: [
              {
                type: "graph",
                layout: "none",
                roam: true,
                edgeSymbol: ["none", "arrow"],
                label: { show: true, position: "bottom", fontSize: 11 },
                data: graph.nodes.map((n) => ({
                  id: n.id,
                  name: n.name,
                  x: n.x,
                  y: n.y,
                  symbol: n.kind === "order" ? "rect" : "circle",
                  symbolSize: n.kind === "traced" ? 26 : n.kind === "order" ? 14 : 18,
                  itemStyle: { color: n.kind === "traced" ? "#a3161c" : n.kind === "order" ? "#7a4d00" : "#0b5cad" },
                })),
                links: graph.edges,
                lineStyle: { color: "#4a5563", width: 1.5 },
              },
            ],
          }}
        />
      )}
      {data && (
        <>
          <LinkTable caption={t("lots.backward")} links={data.traceBackward} />
          <LinkTable caption={t("lots.forward")} links={data.traceForward} />
        </>
      )}
    </section>
  );
}

const countPerColumn = (nodes: { x: number }[]) => {
  const counts = new Map<number, number>();
  for (const n of nodes) counts.set(n.x, (counts.get(n.x) ?? 0) + 1);
  return [...counts.values()];
};

/** The ledger entries of each work order of the trace, by work order id (null until all have arrived). */
function useOrderEntries(links: MaterialGenealogyLinkFragment[] | null) {
  const client = useClient();
  const [state, setState] = useState<{ entries: Map<string, OrderEntry[]> | null; error: CombinedError | null }>({ entries: null, error: null });
  const orderIds = links ? [...new Set(links.map((l) => l.workOrder.id))].sort().join(",") : null;
  useEffect(() => {
    if (orderIds === null) return;
    let live = true;
    setState({ entries: null, error: null });
    const ids = orderIds ? orderIds.split(",") : [];
    void Promise.all(ids.map((workOrderId) => client.query(MaterialWorkOrderLotsDocument, { workOrderId }).toPromise())).then((results) => {
      if (!live) return;
      const failed = results.find((r) => r.error)?.error ?? null;
      setState({ entries: new Map(results.map((r, i) => [ids[i], r.data?.stockLedger.nodes ?? []])), error: failed });
    });
    return () => {
      live = false;
    };
  }, [client, orderIds]);
  return state;
}

function LinkTable({ caption, links }: { caption: string; links: readonly MaterialGenealogyLinkFragment[] }) {
  const { t } = useTranslation("materials");
  return (
    <Table<MaterialGenealogyLinkFragment>
      caption={caption}
      rows={links}
      rowKey={(l) => l.lot.id}
      empty="—"
      columns={[
        { key: "depth", header: t("lots.depth"), align: "right", cell: (l) => l.depth },
        { key: "material", header: t("lots.material"), cell: (l) => <MaterialLink code={l.material.code} tab="lots" /> },
        { key: "lot", header: t("lots.code"), cell: (l) => l.lot.code },
        { key: "qc", header: t("lots.qc"), cell: (l) => <QcBadge status={l.lot.qcStatus} /> },
        { key: "order", header: t("lots.workOrder"), cell: (l) => l.workOrder.number },
      ]}
    />
  );
}
