/**
 * The open alarms, newest first; storekeepers and planners acknowledge them (they stay open until cleared). The
 * answer is the Alarm: urql's cache reads the page's query holding it again.
 */
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import type { Role } from "../../app/roles";
import { useViewer } from "../../app/viewer";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { DeviceAcknowledgeAlarmDocument, type DevicesOverviewQuery } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";

/** acknowledgeAlarm (src/resolvers/alarm.resolver.ts) */
const ACKNOWLEDGE: readonly Role[] = ["STOREKEEPER", "PLANNER"];

type Alarm = DevicesOverviewQuery["alarms"]["nodes"][number];

export function Alarms({ alarms }: { alarms: readonly Alarm[] }) {
  const { t } = useTranslation("devices");
  const f = useFormat();
  const may = useViewer().can(ACKNOWLEDGE);
  const [result, acknowledge] = useMutation(DeviceAcknowledgeAlarmDocument);
  return (
    <div className="panel">
      <ErrorBanner error={result.error} />
      <Table
        caption={t("alarms")}
        rows={alarms}
        rowKey={(a) => a.id}
        empty={t("noAlarms")}
        columns={[
          { key: "raised", header: t("raised"), cell: (a) => f.dateTime(a.raisedAt) },
          { key: "device", header: t("code"), cell: (a) => `${a.deviceCode} · ${a.metric}` },
          { key: "severity", header: t("severity"), cell: (a) => <StatusBadge status={a.severity} /> },
          { key: "message", header: t("message"), cell: (a) => `${t(`alarmKinds.${a.kind}`)}: ${a.message}` },
          { key: "value", header: t("value"), align: "right", cell: (a) => `${f.number(a.value)} / ${f.number(a.threshold)}` },
          {
            key: "ack",
            header: <span className="visually-hidden">{t("acknowledge")}</span>,
            cell: (a) =>
              a.acknowledgedAt ? (
                <span className="muted">{t("acknowledged", { at: f.dateTime(a.acknowledgedAt) })}</span>
              ) : may ? (
                <button type="button" disabled={result.fetching} onClick={() => void acknowledge({ id: a.id })}>
                  {t("acknowledge")}
                </button>
              ) : null,
          },
        ]}
      />
    </div>
  );
}
