/** The warehouse's MPS lines (independent demand), oldest first; planners and the ERP's role add and delete them. */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { useViewer } from "../../app/viewer";
import { ErrorBanner } from "../../components/ErrorBanner";
import { newIdempotencyKey } from "../../components/idempotency-key";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { PlanningCreateMpsLineDocument, PlanningDeleteMpsLineDocument, PlanningMpsLinesDocument, type DemandSource, type PlanningMpsLinesQuery } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { MaterialLink } from "./MaterialLink";
import type { PlanningWarehouse } from "./PlanningPage";
import { DEMAND } from "./roles";

const PAGE = 50;
const SOURCES: DemandSource[] = ["MPS", "SALES_ORDER", "FORECAST"];

type Line = PlanningMpsLinesQuery["mpsLines"]["nodes"][number];

export function MpsPanel({ warehouse }: { warehouse: PlanningWarehouse }) {
  const { t } = useTranslation("planning");
  const f = useFormat();
  const viewer = useViewer();
  const [shown, setShown] = useState(PAGE);
  const [{ data, error, fetching }, reload] = useQuery({ query: PlanningMpsLinesDocument, variables: { warehouseId: warehouse.id, first: shown } });
  const [removal, deleteLine] = useMutation(PlanningDeleteMpsLineDocument);
  const [done, setDone] = useState<string | null>(null);
  const may = viewer.can(DEMAND);
  const remove = async (id: string) => {
    setDone(null);
    const result = await deleteLine({ id, idempotencyKey: newIdempotencyKey("mps") });
    if (result.data) {
      setDone(t("mps.deleted"));
      reload({ requestPolicy: "network-only" });
    }
  };
  return (
    <section className="panel" aria-labelledby="mps-heading">
      <h2 id="mps-heading">{t("mps.heading")}</h2>
      {may && (
        <AddLine
          warehouse={warehouse}
          onAdded={() => {
            setDone(t("mps.added"));
            reload({ requestPolicy: "network-only" });
          }}
        />
      )}
      <ErrorBanner error={error ?? removal.error} />
      {done && (
        <p role="status" className="success">
          {done}
        </p>
      )}
      {data && (
        <>
          <Table<Line>
            caption={`${t("mps.heading")} (${data.mpsLines.totalCount})`}
            captionHidden
            rows={data.mpsLines.nodes}
            rowKey={(l) => l.id}
            empty={t("mps.none")}
            columns={[
              { key: "material", header: t("mps.material"), cell: (l) => <MaterialLink code={l.material.code} name={l.material.name} /> },
              { key: "quantity", header: t("mps.quantity"), align: "right", cell: (l) => f.quantity(l.quantity, l.material.uomCode) },
              {
                key: "due",
                header: t("mps.dueDate"),
                cell: (l) => (
                  <>
                    {f.date(l.dueDate)} {l.pastDue && <StatusBadge status="PAST_DUE" tone="warn" label={t("mps.pastDue")} />}
                  </>
                ),
              },
              { key: "source", header: t("mps.source"), cell: (l) => t(`source.${l.source}`) },
              { key: "reference", header: t("mps.reference"), cell: (l) => l.reference ?? "—" },
              { key: "by", header: t("mps.createdBy"), cell: (l) => l.createdBy },
              ...(may
                ? [
                    {
                      key: "delete",
                      header: <span className="visually-hidden">{t("mps.delete")}</span>,
                      cell: (l: Line) => (
                        <button type="button" disabled={removal.fetching} aria-label={t("mps.deleteLine", { material: l.material.code, date: f.date(l.dueDate) })} onClick={() => remove(l.id)}>
                          {t("mps.delete")}
                        </button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {data.mpsLines.pageInfo.hasNextPage && (
            <button type="button" disabled={fetching} onClick={() => setShown((n) => n + PAGE)}>
              {t("mps.more")}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function AddLine({ warehouse, onAdded }: { warehouse: PlanningWarehouse; onAdded: () => void }) {
  const { t } = useTranslation("planning");
  const [creation, createLine] = useMutation(PlanningCreateMpsLineDocument);
  const [form, setForm] = useState({ materialCode: "", quantity: "", dueDate: "", source: "MPS" as DemandSource, reference: "" });
  const set = (patch: Partial<typeof form>) => setForm((old) => ({ ...old, ...patch }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = { warehouseId: warehouse.id, materialCode: form.materialCode.trim(), quantity: form.quantity.trim(), dueDate: form.dueDate, source: form.source, reference: form.reference.trim() || null };
    const result = await createLine({ input, idempotencyKey: newIdempotencyKey("mps") });
    if (result.data) {
      setForm((old) => ({ ...old, quantity: "", reference: "" }));
      onAdded();
    }
  };
  return (
    <form className="filters add-line" onSubmit={submit} aria-labelledby="mps-add-heading">
      <h3 id="mps-add-heading" className="visually-hidden">
        {t("mps.add")}
      </h3>
      <label className="field">
        <span>{t("mps.material")}</span>
        <input type="text" name="materialCode" required value={form.materialCode} onChange={(e) => set({ materialCode: e.target.value })} />
      </label>
      <label className="field">
        <span>{t("mps.quantity")}</span>
        <input type="text" inputMode="decimal" name="quantity" required value={form.quantity} onChange={(e) => set({ quantity: e.target.value })} />
      </label>
      <label className="field">
        <span>{t("mps.dueDate")}</span>
        <input type="date" name="dueDate" required value={form.dueDate} onChange={(e) => set({ dueDate: e.target.value })} />
      </label>
      <label className="field">
        <span>{t("mps.source")}</span>
        <select name="source" value={form.source} onChange={(e) => set({ source: e.target.value as DemandSource })}>
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`source.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("mps.reference")}</span>
        <input type="text" name="reference" value={form.reference} onChange={(e) => set({ reference: e.target.value })} />
      </label>
      <button type="submit" className="primary" disabled={creation.fetching}>
        {t("mps.submit")}
      </button>
      <div className="form-error">
        <ErrorBanner error={creation.error} />
      </div>
    </form>
  );
}
