/**
 * Devices: every device with its health (last seen, message rate, battery, silent), the chosen one's readings
 * as a live chart with its thresholds, and the open alarms. Live: readings (sensorReadingsRecorded, which also
 * moves a device's "last seen"), alarms raised and cleared (alarmRaised, alarmCleared).
 */
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery, useSubscription } from "urql";
import { ErrorBanner } from "../../components/ErrorBanner";
import "../../components/page-parts.css";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import {
  DeviceAlarmClearedDocument,
  DeviceAlarmRaisedDocument,
  DeviceReadingsRecordedDocument,
  DevicesOverviewDocument,
  type DeviceReadingsRecordedSubscription,
  type DevicesOverviewQuery,
} from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { Alarms } from "./Alarms";
import { DeviceReadings } from "./DeviceReadings";
import "./devices.css";

export type Device = DevicesOverviewQuery["devices"][number];
export type ReadingsEvent = DeviceReadingsRecordedSubscription["sensorReadingsRecorded"];

/** Readings heard since the page opened, newest message first (at most `keep`). */
function useReadingEvents(keep = 500): ReadingsEvent[] {
  const [{ data }] = useSubscription<DeviceReadingsRecordedSubscription, ReadingsEvent[]>({ query: DeviceReadingsRecordedDocument }, (heard = [], e) =>
    [e.sensorReadingsRecorded, ...heard].slice(0, keep),
  );
  return data ?? [];
}

/** The latest alarm event's id: the overview is read again when an alarm is raised or cleared. */
function useAlarmEvents(): string | undefined {
  const [{ data: raised }] = useSubscription({ query: DeviceAlarmRaisedDocument });
  const [{ data: cleared }] = useSubscription({ query: DeviceAlarmClearedDocument });
  const [latest, setLatest] = useState<string>();
  useEffect(() => void (raised && setLatest(raised.alarmRaised.eventId)), [raised]);
  useEffect(() => void (cleared && setLatest(cleared.alarmCleared.eventId)), [cleared]);
  return latest;
}

export default function DevicesPage() {
  const { t } = useTranslation("devices");
  const [{ data, error }, reread] = useQuery({ query: DevicesOverviewDocument });
  const readings = useReadingEvents();
  const alarmEvent = useAlarmEvents();
  useEffect(() => {
    if (alarmEvent) reread({ requestPolicy: "network-only" });
  }, [alarmEvent, reread]);
  // a threshold set may be the first of its kind, which no query read holds for urql's cache to invalidate by
  const changed = () => reread({ requestPolicy: "network-only" });
  const [params, setParams] = useSearchParams();
  const devices = data?.devices ?? [];
  const chosen = devices.find((d) => d.code === params.get("device")) ?? devices.find((d) => d.kind === "SENSOR") ?? devices[0];

  return (
    <section>
      <h1>{t("title")}</h1>
      <ErrorBanner error={error} />
      {data && (
        <>
          <DeviceTable devices={devices} readings={readings} chosen={chosen?.code} choose={(code) => setParams({ device: code }, { replace: true })} />
          <div className="devices-layout">
            {chosen && <DeviceReadings key={chosen.code} device={chosen} live={readings.filter((e) => e.deviceCode === chosen.code)} onChange={changed} />}
            <Alarms alarms={data.alarms.nodes} />
          </div>
        </>
      )}
    </section>
  );
}

function DeviceTable({ devices, readings, chosen, choose }: { devices: Device[]; readings: ReadingsEvent[]; chosen?: string; choose: (code: string) => void }) {
  const { t } = useTranslation("devices");
  const f = useFormat();
  // a reading heard since the read is the device's latest sign of life
  const heard = useMemo(() => {
    const at = new Map<string, string>();
    for (const e of readings) if (!at.has(e.deviceCode)) at.set(e.deviceCode, e.readings[e.readings.length - 1]?.recordedAt);
    return at;
  }, [readings]);
  return (
    <Table
      caption={t("devices")}
      rows={devices}
      rowKey={(d) => d.code}
      rowClassName={(d) => (d.code === chosen ? "row-selected" : undefined)}
      empty={t("empty")}
      columns={[
        {
          key: "code",
          header: t("code"),
          cell: (d) => (
            <button
              type="button"
              className="link-button"
              aria-pressed={d.code === chosen}
              aria-label={t("show", { code: d.code })}
              onClick={() => choose(d.code)}
            >
              {d.code}
            </button>
          ),
        },
        { key: "name", header: t("name"), cell: (d) => d.name },
        { key: "kind", header: t("kind"), cell: (d) => t(`kinds.${d.kind}`) },
        { key: "place", header: t("place"), cell: (d) => [d.warehouseCode, d.locationCode].filter(Boolean).join(" / ") },
        {
          key: "seen",
          header: t("lastSeen"),
          cell: (d) => (heard.get(d.code) || d.health.lastSeenAt ? f.dateTime(heard.get(d.code) ?? d.health.lastSeenAt) : t("never")),
        },
        { key: "rate", header: t("rate"), align: "right", cell: (d) => f.number(d.health.messagesPerMinute, { maximumFractionDigits: 1 }) },
        {
          key: "battery",
          header: t("battery"),
          align: "right",
          cell: (d) => (d.health.battery === null || d.health.battery === undefined ? "—" : f.percent(d.health.battery / 100, 0)),
        },
        {
          key: "health",
          header: t("health"),
          cell: (d) => (
            <>
              {d.health.silent ? <StatusBadge status="DOWN" label={t("silent")} /> : <StatusBadge status="HEALTHY" label={t("ok")} />}
              {d.stockMismatch && <StatusBadge status="WARNING" label={t("mismatch")} />}
            </>
          ),
        },
      ]}
    />
  );
}
