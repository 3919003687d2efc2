/**
 * Device alarms. People list and acknowledge them (`AlarmService`); the devices area raises and clears them
 * inside its own transactions (`raiseAlarm`, `clearAlarm`, `openAlarmsOf`): a reading out of its threshold's
 * range (THRESHOLD) or a device silent for too long (DEVICE_SILENT). An alarm keeps the device's code and
 * warehouse as they were when it was raised.
 */
import type { Principal } from "../../auth/principal";
import { assertVisible, codesToList, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { raiseException } from "../exceptions";
import { runCommand } from "../idempotency/command";
import { writeAudit } from "../security/audit";
import { notFound } from "../shared/domain-error";
import * as store from "./alarm.store";
import type { AlarmKind } from "./alarm.store";

export interface AlarmFilter {
  /** true: not cleared yet; false: cleared; absent: all */
  open?: boolean | null;
  warehouseCode?: string | null;
}

export class AlarmService {
  constructor(
    private readonly db: Database,
    private readonly ttlHours: number,
  ) {}

  /** Newest first; a warehouse-scoped identity sees the alarms of its warehouses only. */
  page(filter: AlarmFilter, scope: WarehouseScope, afterId: number, limit: number) {
    return store.alarmPage(this.db.sql, { open: filter.open ?? null, warehouseCodes: codesToList(scope, filter.warehouseCode) }, afterId, limit);
  }

  /** Someone has seen the alarm; acknowledging it again changes nothing. It stays open until it is cleared. */
  acknowledge(id: number, actor: Principal) {
    return runCommand(this.db, { principal: actor, operation: "acknowledgeAlarm", payload: { id }, ttlHours: this.ttlHours }, async (tx) => {
      const alarm = await store.lockAlarm(tx, id);
      if (!alarm) throw notFound("Alarm", id);
      assertVisible(actor, alarm.warehouseCode, "Alarm", id);
      if (alarm.acknowledgedAt) return alarm;
      const updated = await store.acknowledgeAlarm(tx, id);
      await writeAudit(tx, actor, "Alarm", id, "acknowledge", {});
      return updated;
    });
  }
}

/** The device an alarm is about, as the devices area knows it. */
export interface AlarmSubject {
  id: number;
  code: string;
  warehouseId: number;
  warehouseCode: string;
}

/** What an alarm says; its device is the subject's. */
export type AlarmRaise = Omit<store.NewAlarm, "deviceId" | "deviceCode" | "warehouseCode">;

/** Records an alarm and its `alarm.raised` event in the caller's transaction; a CRITICAL one also raises an EQUIPMENT exception. */
export async function raiseAlarm(tx: Tx, device: AlarmSubject, a: AlarmRaise): Promise<number> {
  const id = await store.insertAlarm(tx, { deviceId: device.id, deviceCode: device.code, warehouseCode: device.warehouseCode, ...a });
  await writeEvent(tx, "alarm.raised", {
    alarmId: id,
    kind: a.kind,
    deviceCode: device.code,
    warehouseCode: device.warehouseCode,
    metric: a.metric,
    severity: a.severity,
    message: a.message,
    value: a.value,
    threshold: a.threshold,
  });
  if (a.severity === "CRITICAL") {
    await raiseException(tx, {
      type: "EQUIPMENT",
      severity: a.severity,
      message: a.message,
      details: { alarmId: id, deviceCode: device.code, metric: a.metric, value: a.value, threshold: a.threshold },
      warehouseId: device.warehouseId,
    });
  }
  return id;
}

/** Clears an open alarm with its `alarm.cleared` event, in the caller's transaction; `value` is what cleared it. */
export async function clearAlarm(tx: Tx, device: AlarmSubject, alarmId: number, cleared: { metric: string; value: number }): Promise<void> {
  await store.clearAlarm(tx, alarmId);
  await writeEvent(tx, "alarm.cleared", { alarmId, deviceCode: device.code, warehouseCode: device.warehouseCode, metric: cleared.metric, value: cleared.value });
}

/** A device's open alarms of one kind for these metrics, in the caller's transaction. */
export const openAlarmsOf = (tx: Tx, deviceId: number, kind: AlarmKind, metrics: readonly string[]) => store.openAlarmsOf(tx, deviceId, kind, metrics);
