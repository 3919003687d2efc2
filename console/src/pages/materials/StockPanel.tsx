/** Stock of the material: totals per warehouse, then each balance by location and lot. */
import { useTranslation } from "react-i18next";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { useFormat } from "../../i18n/format";
import type { MaterialDetailData } from "./MaterialDetail";

type WarehouseRow = MaterialDetailData["stockAvailability"][number];
type BalanceRow = WarehouseRow["balances"][number] & { warehouseCode: string };

export function StockPanel({ detail }: { detail: MaterialDetailData }) {
  const { t } = useTranslation("materials");
  const f = useFormat();
  const uom = detail.material.uomCode;
  const q = (v: string) => f.quantity(v, uom);
  const balances: BalanceRow[] = detail.stockAvailability.flatMap((w) => w.balances.map((b) => ({ ...b, warehouseCode: w.warehouse.code })));
  return (
    <>
      <Table<WarehouseRow>
        caption={t("stock.byWarehouse")}
        rows={detail.stockAvailability}
        rowKey={(w) => w.warehouse.id}
        empty={t("stock.none")}
        columns={[
          { key: "warehouse", header: t("stock.warehouse"), cell: (w) => `${w.warehouse.code} · ${w.warehouse.name}` },
          { key: "onHand", header: t("stock.onHand"), align: "right", cell: (w) => q(w.onHand) },
          { key: "reserved", header: t("stock.reserved"), align: "right", cell: (w) => q(w.reserved) },
          { key: "available", header: t("stock.available"), align: "right", cell: (w) => q(w.available) },
          { key: "blocked", header: t("stock.blocked"), align: "right", cell: (w) => q(w.blocked) },
          { key: "inTransit", header: t("stock.inTransit"), align: "right", cell: (w) => q(w.inTransit) },
        ]}
      />
      <Table<BalanceRow>
        caption={t("stock.byLocation")}
        rows={balances}
        rowKey={(b) => b.id}
        empty={t("stock.none")}
        columns={[
          { key: "warehouse", header: t("stock.warehouse"), cell: (b) => b.warehouseCode },
          { key: "location", header: t("stock.location"), cell: (b) => `${b.location.code} · ${b.location.name}` },
          { key: "lot", header: t("stock.lot"), cell: (b) => b.lot?.code ?? "—" },
          { key: "qc", header: t("stock.qc"), cell: (b) => (b.lot ? <QcBadge status={b.lot.qcStatus} /> : "—") },
          { key: "onHand", header: t("stock.onHand"), align: "right", cell: (b) => q(b.onHand) },
          { key: "reserved", header: t("stock.reserved"), align: "right", cell: (b) => q(b.reserved) },
          { key: "available", header: t("stock.available"), align: "right", cell: (b) => q(b.available) },
          { key: "inTransit", header: t("stock.inTransit"), align: "right", cell: (b) => q(b.inTransit) },
        ]}
      />
    </>
  );
}

const QC_TONE = { RELEASED: "ok", QUARANTINE: "warn", REJECTED: "bad" } as const;

export function QcBadge({ status }: { status: keyof typeof QC_TONE }) {
  const { t } = useTranslation("materials");
  return <StatusBadge status={status} tone={QC_TONE[status]} label={t(`qc.${status}`)} />;
}
