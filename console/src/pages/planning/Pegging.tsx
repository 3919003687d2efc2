/**
 * A supply's pegging: the demands it serves and how much of each — MPS lines (a component's supply is pegged to
 * the top-level demand it serves), or the pseudo demands safety stock, reservations, lot-size rounding, forecast.
 */
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Table } from "../../components/Table";
import { PlanningMpsLinesDocument, type PlanningSupplyFragment } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { MaterialLink } from "./MaterialLink";
import type { PlanningWarehouse } from "./PlanningPage";

/** MPS lines looked up at once (the graph's largest page by default) */
const LINES = 500;

type Peg = PlanningSupplyFragment["pegs"][number];

export function Pegging({ supply, warehouse, onClose }: { supply: PlanningSupplyFragment; warehouse: PlanningWarehouse; onClose: () => void }) {
  const { t } = useTranslation("planning");
  const f = useFormat();
  const [{ data, error }] = useQuery({ query: PlanningMpsLinesDocument, variables: { warehouseId: warehouse.id, first: LINES } });
  const lines = new Map((data?.mpsLines.nodes ?? []).map((l) => [l.id, l]));
  const uom = supply.material.uomCode;
  return (
    <section className="pegging" aria-labelledby="pegging-heading">
      <h3 id="pegging-heading">{t("pegging.heading", { material: supply.material.code, quantity: f.quantity(supply.quantity, uom), date: f.date(supply.dueDate) })}</h3>
      <ErrorBanner error={error} />
      <Table<Peg>
        caption={t("pegging.demand")}
        captionHidden
        rows={supply.pegs}
        rowKey={(p) => p.mpsLineId ?? p.pseudoDemand ?? ""}
        empty="—"
        columns={[
          {
            key: "demand",
            header: t("pegging.demand"),
            cell: (p) => {
              const line = p.mpsLineId ? lines.get(p.mpsLineId) : undefined;
              if (line) return <MaterialLink code={line.material.code} name={line.material.name} />;
              return p.pseudoDemand ? t(`pegging.pseudo.${p.pseudoDemand}`, { defaultValue: p.pseudoDemand }) : t("pegging.mpsLine", { id: p.mpsLineId });
            },
          },
          { key: "source", header: t("pegging.source"), cell: (p) => sourceOf(p, lines, t) },
          { key: "reference", header: t("pegging.reference"), cell: (p) => (p.mpsLineId && lines.get(p.mpsLineId)?.reference) || "—" },
          { key: "due", header: t("pegging.due"), cell: (p) => f.date(p.mpsLineId ? lines.get(p.mpsLineId)?.dueDate : null) },
          {
            key: "lineQuantity",
            header: t("pegging.lineQuantity"),
            align: "right",
            cell: (p) => {
              const line = p.mpsLineId ? lines.get(p.mpsLineId) : undefined;
              return line ? f.quantity(line.quantity, line.material.uomCode) : "—";
            },
          },
          { key: "pegged", header: t("pegging.pegged"), align: "right", cell: (p) => f.quantity(p.quantity, uom) },
        ]}
      />
      <button type="button" onClick={onClose}>
        {t("pegging.close")}
      </button>
    </section>
  );
}

function sourceOf(p: Peg, lines: Map<string, { source: string }>, t: (key: string) => string) {
  const line = p.mpsLineId ? lines.get(p.mpsLineId) : undefined;
  return line ? t(`source.${line.source}`) : "—";
}
