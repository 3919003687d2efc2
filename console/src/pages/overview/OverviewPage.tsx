/**
 * The plant overview: KPI tiles and curves, the latest MRP run, low-stock alerts, open exceptions and active
 * alarms — the lists and the run kept current by the graph's subscriptions (live.ts), without polling.
 */
import { useTranslation } from "react-i18next";
import { Kpis } from "./Kpis";
import { ActiveAlarms, LowStock, OpenExceptions } from "./Lists";
import { MrpStatus } from "./MrpStatus";
import "./overview.css";

export default function OverviewPage() {
  const { t } = useTranslation("overview");
  return (
    <div className="overview">
      <h1>{t("heading")}</h1>
      <Kpis />
      <div className="overview-grid">
        <MrpStatus />
        <LowStock />
        <OpenExceptions />
        <ActiveAlarms />
      </div>
    </div>
  );
}
