/**
 * What-if (planners): the warehouse planned again with extra demand, other lead times or other stock, storing
 * nothing; the result beside the current plan — counts, then each supply added, removed or changed.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { PlanningSuppliesDocument, PlanningWhatIfDocument, type MrpRunInput, type PlanningWhatIfQuery, type WhatIfInput } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { MaterialLink } from "./MaterialLink";
import type { PlanningWarehouse } from "./PlanningPage";
import { comparisonRows, emptyChange, overridesOf, type ChangeKind, type ChangeRow, type ComparisonRow } from "./what-if";

const KINDS: ChangeKind[] = ["extraDemand", "leadTime", "onHand"];
const CHANGE_TONE = { added: "ok", removed: "bad", changed: "warn" } as const;

type PlanException = PlanningWhatIfQuery["mrpWhatIf"]["exceptions"][number];

export function WhatIfPanel({ warehouse }: { warehouse: PlanningWarehouse }) {
  const { t } = useTranslation("planning");
  const [rows, setRows] = useState<ChangeRow[]>([emptyChange()]);
  const [horizon, setHorizon] = useState("12");
  const [asked, setAsked] = useState<{ run: MrpRunInput; overrides: WhatIfInput } | null>(null);
  const [{ data, error, fetching }] = useQuery({ query: PlanningWhatIfDocument, variables: asked!, pause: !asked, requestPolicy: "network-only" });
  const update = (i: number, patch: Partial<ChangeRow>) => setRows((old) => old.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAsked({ run: { warehouseId: warehouse.id, bucket: "WEEK", horizonBuckets: Number(horizon) }, overrides: overridesOf(rows) });
  };
  return (
    <section className="panel" aria-labelledby="what-if-heading">
      <h2 id="what-if-heading">{t("whatIf.heading")}</h2>
      <p className="hint">{t("whatIf.intro")}</p>
      <form onSubmit={submit}>
        {rows.map((r, i) => (
          <fieldset key={i} className="filters what-if-row">
            <legend className="visually-hidden">{`${t("whatIf.kind")} ${i + 1}`}</legend>
            <label className="field">
              <span>{t("whatIf.kind")}</span>
              <select name={`kind-${i}`} value={r.kind} onChange={(e) => update(i, { kind: e.target.value as ChangeKind })}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`whatIf.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t("whatIf.material")}</span>
              <input type="text" name={`material-${i}`} value={r.materialCode} onChange={(e) => update(i, { materialCode: e.target.value })} />
            </label>
            {r.kind === "leadTime" ? (
              <label className="field">
                <span>{t("whatIf.days")}</span>
                <input type="number" name={`days-${i}`} min={0} value={r.days} onChange={(e) => update(i, { days: e.target.value })} />
              </label>
            ) : (
              <label className="field">
                <span>{t("whatIf.quantity")}</span>
                <input type="text" inputMode="decimal" name={`quantity-${i}`} value={r.quantity} onChange={(e) => update(i, { quantity: e.target.value })} />
              </label>
            )}
            {r.kind === "extraDemand" && (
              <label className="field">
                <span>{t("whatIf.dueDate")}</span>
                <input type="date" name={`due-${i}`} value={r.dueDate} onChange={(e) => update(i, { dueDate: e.target.value })} />
              </label>
            )}
            <button type="button" aria-label={t("whatIf.removeRow", { n: i + 1 })} onClick={() => setRows((old) => old.filter((_, j) => j !== i))}>
              ✕
            </button>
          </fieldset>
        ))}
        <div className="filters">
          <button type="button" onClick={() => setRows((old) => [...old, emptyChange()])}>
            {t("whatIf.addRow")}
          </button>
          <label className="field">
            <span>{t("run.horizon")}</span>
            <input type="number" name="horizon" min={1} max={104} value={horizon} onChange={(e) => setHorizon(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={fetching}>
            {fetching ? t("whatIf.running") : t("whatIf.run")}
          </button>
        </div>
      </form>
      <ErrorBanner error={error} />
      {data && !fetching && <WhatIfResult warehouse={warehouse} result={data.mrpWhatIf} />}
    </section>
  );
}

function WhatIfResult({ warehouse, result }: { warehouse: PlanningWarehouse; result: PlanningWhatIfQuery["mrpWhatIf"] }) {
  const { t } = useTranslation("planning");
  const f = useFormat();
  const [{ data: current }] = useQuery({ query: PlanningSuppliesDocument, variables: { warehouseId: warehouse.id, first: 1 } });
  const rows = comparisonRows(result.diff);
  const summary = [
    { key: "planned", label: t("whatIf.plannedOrders"), current: current?.plannedOrders.totalCount, scenario: result.plannedOrders.length },
    { key: "purchases", label: t("whatIf.purchaseSuggestions"), current: current?.purchaseSuggestions.totalCount, scenario: result.purchaseSuggestions.length },
  ];
  const side = (s: ComparisonRow["before"]) => (s ? `${f.quantity(s.quantity, s.material.uomCode)} · ${f.date(s.dueDate)}` : "—");
  return (
    <div className="what-if-result">
      <Table<(typeof summary)[number]>
        caption={t("whatIf.summary")}
        rows={summary}
        rowKey={(r) => r.key}
        empty="—"
        columns={[
          { key: "label", header: <span className="visually-hidden">{t("whatIf.summary")}</span>, cell: (r) => r.label },
          { key: "current", header: t("whatIf.current"), align: "right", cell: (r) => f.number(r.current) },
          { key: "scenario", header: t("whatIf.scenario"), align: "right", cell: (r) => f.number(r.scenario) },
        ]}
      />
      <p className="hint">{t("whatIf.unchanged", { count: result.diff.unchanged })}</p>
      <Table<ComparisonRow>
        caption={t("whatIf.comparison")}
        rows={rows}
        rowKey={(r) => r.key}
        rowClassName={(r) => `change-${r.change}`}
        empty={t("whatIf.noDifference")}
        columns={[
          { key: "material", header: t("supplies.material"), cell: (r) => <MaterialLink code={(r.after ?? r.before)!.material.code} /> },
          { key: "kind", header: t("whatIf.kind"), cell: (r) => t(`whatIf.kindLabel.${(r.after ?? r.before)!.kind}`) },
          { key: "current", header: t("whatIf.current"), align: "right", cell: (r) => side(r.before) },
          { key: "scenario", header: t("whatIf.scenario"), align: "right", cell: (r) => side(r.after) },
          { key: "change", header: t("whatIf.change"), cell: (r) => <StatusBadge status={r.change.toUpperCase()} tone={CHANGE_TONE[r.change]} label={t(`whatIf.${r.change}`)} /> },
        ]}
      />
      <Table<PlanException>
        caption={`${t("whatIf.exceptions")} (${t("whatIf.scenario")})`}
        rows={result.exceptions}
        rowKey={(e) => `${e.type}-${e.materialId}-${e.message}`}
        empty="—"
        columns={[
          { key: "severity", header: t("whatIf.severity"), cell: (e) => <StatusBadge status={e.severity} /> },
          { key: "type", header: t("whatIf.type"), cell: (e) => e.type },
          { key: "message", header: t("whatIf.message"), cell: (e) => e.message },
        ]}
      />
    </div>
  );
}
