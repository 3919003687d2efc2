/** The material's stock ledger, newest first, filtered by movement type, days (local time), warehouse and location. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Table } from "../../components/Table";
import { MaterialLedgerDocument, type MaterialLedgerQuery, type MovementType, type StockLedgerFilter } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import type { MaterialDetailData } from "./MaterialDetail";

const PAGE = 50;
const TYPES: MovementType[] = ["RECEIPT", "ISSUE", "MOVE_OUT", "MOVE_IN", "TRANSFER_SHIP", "TRANSFER_RECEIVE", "ADJUSTMENT", "SCRAP", "BACKFLUSH", "PRODUCTION_RECEIPT", "COUNT"];

type Entry = MaterialLedgerQuery["stockLedger"]["nodes"][number];

interface Filters {
  type: MovementType | "";
  from: string;
  to: string;
  warehouseId: string;
  locationId: string;
}

/** Start of a local calendar day (input type=date: YYYY-MM-DD), `days` later, as an instant. */
const dayStart = (day: string, days = 0) => {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + days);
  return d.toISOString();
};

export function ledgerFilter(materialCode: string, f: Filters): StockLedgerFilter {
  return {
    materialCode,
    type: f.type || null,
    from: f.from ? dayStart(f.from) : null,
    to: f.to ? dayStart(f.to, 1) : null,
    warehouseId: f.warehouseId || null,
    locationId: f.locationId || null,
  };
}

export function LedgerPanel({ detail }: { detail: MaterialDetailData }) {
  const { t } = useTranslation("materials");
  const f = useFormat();
  const [filters, setFilters] = useState<Filters>({ type: "", from: "", to: "", warehouseId: "", locationId: "" });
  const [shown, setShown] = useState(PAGE);
  const change = (patch: Partial<Filters>) => {
    setFilters((old) => ({ ...old, ...patch }));
    setShown(PAGE);
  };
  const [{ data, error, fetching }] = useQuery({ query: MaterialLedgerDocument, variables: { filter: ledgerFilter(detail.material.code, filters), first: shown } });
  const locations = detail.warehouses.find((w) => w.id === filters.warehouseId)?.locations ?? [];
  const uom = detail.material.uomCode;
  return (
    <section aria-labelledby="ledger-heading">
      <h3 id="ledger-heading">{t("ledger.heading")}</h3>
      <fieldset className="filters">
        <legend className="visually-hidden">{t("ledger.filters")}</legend>
        <label className="field">
          <span>{t("ledger.type")}</span>
          <select name="type" value={filters.type} onChange={(e) => change({ type: e.target.value as MovementType | "" })}>
            <option value="">{t("ledger.allTypes")}</option>
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`movement.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("ledger.from")}</span>
          <input type="date" name="from" value={filters.from} onChange={(e) => change({ from: e.target.value })} />
        </label>
        <label className="field">
          <span>{t("ledger.to")}</span>
          <input type="date" name="to" value={filters.to} onChange={(e) => change({ to: e.target.value })} />
        </label>
        <label className="field">
          <span>{t("ledger.warehouse")}</span>
          <select name="warehouse" value={filters.warehouseId} onChange={(e) => change({ warehouseId: e.target.value, locationId: "" })}>
            <option value="">{t("ledger.allWarehouses")}</option>
            {detail.warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.code} · {w.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("ledger.location")}</span>
          <select name="location" value={filters.locationId} disabled={!filters.warehouseId} onChange={(e) => change({ locationId: e.target.value })}>
            <option value="">{t("ledger.allLocations")}</option>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.code} · {l.name}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <ErrorBanner error={error} />
      {data && (
        <>
          <Table<Entry>
            caption={t("ledger.heading")}
            captionHidden
            rows={data.stockLedger.nodes}
            rowKey={(e) => e.id}
            empty={t("ledger.none")}
            columns={[
              { key: "posted", header: t("ledger.posted"), cell: (e) => f.dateTime(e.postedAt) },
              { key: "type", header: t("ledger.type"), cell: (e) => t(`movement.${e.type}`) },
              { key: "quantity", header: t("ledger.quantity"), align: "right", cell: (e) => f.quantity(e.quantity, uom) },
              { key: "where", header: t("ledger.location"), cell: (e) => `${e.warehouse.code} / ${e.location.code}` },
              { key: "lot", header: t("ledger.lot"), cell: (e) => e.lot?.code ?? "—" },
              { key: "reason", header: t("ledger.reason"), cell: (e) => [e.reasonCode, e.note].filter(Boolean).join(" · ") || "—" },
              { key: "workOrder", header: t("ledger.workOrder"), cell: (e) => e.workOrder?.number ?? "—" },
              { key: "by", header: t("ledger.by"), cell: (e) => e.postedBy },
            ]}
          />
          {data.stockLedger.pageInfo.hasNextPage && (
            <button type="button" disabled={fetching} onClick={() => setShown((n) => n + PAGE)}>
              {t("ledger.more")}
            </button>
          )}
        </>
      )}
    </section>
  );
}
