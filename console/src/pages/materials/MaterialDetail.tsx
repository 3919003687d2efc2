/** One material: its master data and classes, then tabs for stock, BOM, ledger, lots and planning figures. */
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Tabs } from "../../components/Tabs";
import { MaterialDetailDocument, type MaterialDetailQuery } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { BomPanel } from "./BomPanel";
import { LedgerPanel } from "./LedgerPanel";
import { LotsPanel } from "./LotsPanel";
import { PolicyPanel } from "./PolicyPanel";
import { StockPanel } from "./StockPanel";

export type MaterialDetailData = MaterialDetailQuery & { material: NonNullable<MaterialDetailQuery["material"]> };

export function MaterialDetail() {
  const { t } = useTranslation("materials");
  const code = useParams().code!;
  const [params, setParams] = useSearchParams();
  const [{ data, error }] = useQuery({ query: MaterialDetailDocument, variables: { code } });
  if (error) return <ErrorBanner error={error} />;
  if (!data) return <p className="loading">{t("shell:loading")}</p>;
  // an unknown code is NOT_FOUND (stockAvailability), shown above
  if (!data.material) return null;
  const detail = data as MaterialDetailData;
  const tab = params.get("tab") ?? "stock";
  const select = (id: string) => setParams((p) => ({ ...Object.fromEntries(p), tab: id }), { replace: true });
  return (
    <article className="panel material-detail" aria-labelledby="material-heading">
      <MaterialHeader material={detail.material} />
      <Tabs
        label={t("tabs.label")}
        selected={tab}
        onSelect={select}
        tabs={[
          { id: "stock", label: t("tabs.stock"), panel: () => <StockPanel detail={detail} /> },
          { id: "bom", label: t("tabs.bom"), panel: () => <BomPanel material={detail.material} /> },
          { id: "ledger", label: t("tabs.ledger"), panel: () => <LedgerPanel detail={detail} /> },
          { id: "lots", label: t("tabs.lots"), panel: () => <LotsPanel material={detail.material} /> },
          { id: "planning", label: t("tabs.planning"), panel: () => <PolicyPanel detail={detail} /> },
        ]}
      />
    </article>
  );
}

function MaterialHeader({ material: m }: { material: MaterialDetailData["material"] }) {
  const { t } = useTranslation("materials");
  const f = useFormat();
  const facts: [string, string][] = [
    [t("detail.uom"), m.uomCode],
    [t("detail.leadTime"), t("detail.days", { count: m.leadTimeDays })],
    [t("detail.lotSizing"), t(`lotSizing.${m.lotSizing}`)],
    [t("detail.safetyStock"), f.quantity(m.safetyStock, m.uomCode)],
    [t("detail.lowLevelCode"), String(m.lowLevelCode)],
    [t("detail.lotTracked"), m.lotTracked ? t("detail.yes") : t("detail.no")],
    [t("detail.classes"), `${m.abcClass ?? "—"} / ${m.xyzClass ?? "—"}`],
    [t("detail.classifiedAt"), f.dateTime(m.classifiedAt)],
  ];
  return (
    <header className="material-header">
      <h2 id="material-heading">
        {m.code} — {m.name}
      </h2>
      <p>
        <StatusBadge status={m.type} tone={m.type === "MAKE" ? "info" : "neutral"} label={t(`type.${m.type}`)} />
        {m.abcClass && <StatusBadge status={`ABC_${m.abcClass}`} tone={m.abcClass === "A" ? "warn" : "neutral"} label={`ABC ${m.abcClass}`} />}
        {m.xyzClass && <StatusBadge status={`XYZ_${m.xyzClass}`} tone={m.xyzClass === "Z" ? "warn" : "neutral"} label={`XYZ ${m.xyzClass}`} />}
      </p>
      {m.description && <p className="hint">{m.description}</p>}
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </header>
  );
}
