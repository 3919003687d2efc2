/** The overview's live lists: low-stock alerts, open exceptions, active alarms (the first few of each). */
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { useFormat } from "../../i18n/format";
import { useActiveAlarms, useLowStock, useOpenExceptions } from "./live";

const SHOWN = 8;

export function LowStock() {
  const { t } = useTranslation("overview");
  const format = useFormat();
  const { rows, total, error } = useLowStock();
  return (
    <section className="panel" aria-labelledby="low-stock-heading" data-testid="low-stock">
      <h2 id="low-stock-heading">{t("lowStock.heading", { count: total })}</h2>
      <ErrorBanner error={error} />
      <Table
        caption={t("lowStock.caption")}
        captionHidden
        rows={rows.slice(0, SHOWN)}
        rowKey={(r) => `${r.materialCode}@${r.warehouseCode}`}
        empty={t("lowStock.none")}
        columns={[
          { key: "material", header: t("lowStock.material"), cell: (r) => r.materialCode },
          { key: "warehouse", header: t("lowStock.warehouse"), cell: (r) => r.warehouseCode },
          { key: "available", header: t("lowStock.available"), cell: (r) => format.number(r.available), align: "right" },
          { key: "reorderPoint", header: t("lowStock.reorderPoint"), cell: (r) => format.number(r.reorderPoint), align: "right" },
          { key: "at", header: t("lowStock.at"), cell: (r) => (r.at ? format.dateTime(r.at) : "—") },
        ]}
      />
    </section>
  );
}

export function OpenExceptions() {
  const { t } = useTranslation("overview");
  const format = useFormat();
  const { rows, total, error } = useOpenExceptions();
  return (
    <section className="panel" aria-labelledby="exceptions-heading" data-testid="open-exceptions">
      <h2 id="exceptions-heading">{t("exceptions.heading", { count: total })}</h2>
      <ErrorBanner error={error} />
      <Table
        caption={t("exceptions.caption")}
        captionHidden
        rows={rows.slice(0, SHOWN)}
        rowKey={(r) => r.id}
        empty={t("exceptions.none")}
        columns={[
          { key: "type", header: t("exceptions.type"), cell: (r) => t(`exceptionTypes.${r.type}`) },
          { key: "severity", header: t("exceptions.severity"), cell: (r) => <StatusBadge status={r.severity} /> },
          { key: "status", header: t("exceptions.status"), cell: (r) => <StatusBadge status={r.status} /> },
          { key: "message", header: t("exceptions.message"), cell: (r) => r.message },
          { key: "at", header: t("exceptions.at"), cell: (r) => format.dateTime(r.at) },
        ]}
      />
    </section>
  );
}

export function ActiveAlarms() {
  const { t } = useTranslation("overview");
  const format = useFormat();
  const { rows, total, error } = useActiveAlarms();
  return (
    <section className="panel" aria-labelledby="alarms-heading" data-testid="active-alarms">
      <h2 id="alarms-heading">{t("alarms.heading", { count: total })}</h2>
      <ErrorBanner error={error} />
      <Table
        caption={t("alarms.caption")}
        captionHidden
        rows={rows.slice(0, SHOWN)}
        rowKey={(r) => r.id}
        empty={t("alarms.none")}
        columns={[
          { key: "device", header: t("alarms.device"), cell: (r) => r.deviceCode },
          { key: "warehouse", header: t("alarms.warehouse"), cell: (r) => r.warehouseCode ?? "—" },
          { key: "severity", header: t("alarms.severity"), cell: (r) => <StatusBadge status={r.severity} /> },
          { key: "message", header: t("alarms.message"), cell: (r) => r.message },
          { key: "at", header: t("alarms.at"), cell: (r) => format.dateTime(r.at) },
        ]}
      />
    </section>
  );
}
