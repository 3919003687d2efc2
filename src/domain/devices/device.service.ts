/**
 * Plant devices (sensors, shelf weight sensors, RFID and barcode readers): registration, thresholds, what they
 * report, and their health. Every change is one transaction through `runCommand`, over the area's store; places
 * and materials come from the sites and materials areas, booked stock from the stock area, alarms from alerts.
 *
 * - Readings are stored and judged against the device's thresholds (alarms raised and cleared), and announced as
 *   `device.readings` events within about a second, one per device and second (ReadingsAnnouncer).
 * - A weight sensor's latest weight, divided by its material's unit weight, is compared with the stock booked
 *   at its location: beyond the tolerance it raises one STOCK_MISMATCH exception (and a `stock.mismatch`
 *   event), resolved once weight and booking agree again; a sensor set to (`countOnMismatch`) also opens a
 *   count session of the location with it (or links the one not closed yet that counts it).
 * - Every message notes the device as heard (last seen, battery, message count). A device with an expected
 *   interval that stays silent past it × the grace factor gets one DEVICE_SILENT alarm (`checkSilence`, run
 *   periodically by `SilenceWatch`), cleared by its next message.
 */
import { SYSTEM, type Principal } from "../../auth/principal";
import { assertVisible, canSee, codesToList, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeEvent, writeEvents } from "../../events/outbox";
import { Wakeup } from "../../runtime/wakeup";
import { breachMessage, clearAlarm, openAlarmsOf, raiseAlarm, silenceMessage, type AlarmSubject } from "../alerts";
import { countForMismatch } from "../counting";
import { link, raiseException, recordAction, resolveException } from "../exceptions";
import { runCommand } from "../idempotency/command";
import type { MaterialService } from "../materials/material.service";
import { writeAudit } from "../security/audit";
import { badInput, notFound } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { validValue } from "../shared/field-errors";
import { namedIn, optionalNamedIn, type Named } from "../shared/ref";
import type { SiteService } from "../sites";
import { onHandAt } from "../stock/stock-facts.queries";
import { deviceOutOfScope, noUnitWeight, otherWarehouse, unknownDevice, weightNotInKg, wrongKind } from "./device.errors";
import {
  judgeReadings, normalizeDeviceCode, readDevice, shelfComparison, validateBounds, validateMetric, WEIGHT_METRIC,
  type DeviceInput, type DeviceKind, type DeviceRef, type Severity, type ShelfTolerance,
} from "./device.rules";
import * as store from "./device.store";
import { coalesceReadings, type SensorReading } from "./sensor-reading";

export type RegisterDevice = Named<"warehouse"> &
  /** where a fixed reader or sensor sits; a reader's scans default to it, a weight sensor weighs its shelf */
  Named<"location"> &
  /** a weight sensor's material */
  Named<"material"> &
  DeviceInput;

export interface SetThreshold {
  deviceCode: string;
  metric: string;
  low?: number | null;
  high?: number | null;
  severity?: Severity | null;
}

export interface DeviceSettings {
  /** a device is silent once it has not been heard for its expected interval × this */
  silentGrace: number;
  /** a weight sensor's tolerance unless it has its own */
  weightTolerance: ShelfTolerance;
}

export interface ThresholdView extends store.ThresholdRow {
  deviceCode: string;
}

export interface DeviceView {
  id: number;
  code: string;
  name: string;
  kind: DeviceKind;
  warehouseCode: string | null;
  locationCode: string | null;
  materialCode: string | null;
  lastSeenAt: Date | null;
  weightTolerance: string | null;
  weightTolerancePct: string | null;
  stockMismatch: boolean;
  countOnMismatch: boolean;
  thresholds: ThresholdView[];
  health: {
    lastSeenAt: Date | null;
    expectedIntervalSeconds: number | null;
    silent: boolean;
    battery: number | null;
    /** messages per minute over the last RATE_MINUTES minutes */
    messagesPerMinute: number;
  };
}

/** A decimal as plain text without trailing zeros ("420.000000" → "420"). */
const plain = (d: Decimal | string) => new Decimal(d).toFixed();

/** The metric of DEVICE_SILENT alarms. */
const SILENCE = "silence";
/** Queued messages announced per transaction. */
const ANNOUNCE_PAGE = 1_000;

export class DeviceService {
  /** Warehouse and location codes by id: they never change and an id is never used again, so they are kept once read. */
  private readonly codes = { warehouse: new Map<number, string>(), location: new Map<number, string>() };
  /** woken when this hub queued readings for announcing */
  readonly readingsQueued = new Wakeup();

  constructor(
    private readonly db: Database,
    private readonly areas: { sites: SiteService; materials: MaterialService },
    private readonly settings: DeviceSettings,
    private readonly ttlHours: number,
  ) {}

  private run<T extends object>(operation: string, principal: Principal, payload: unknown, fn: (tx: Tx) => Promise<T>) {
    return runCommand(this.db, { principal, operation, payload, ttlHours: this.ttlHours }, fn);
  }

  /** Devices by code; a warehouse-scoped identity sees those of its warehouses only. */
  async list(filter: { warehouseCode?: string | null; kind?: DeviceKind | null }, scope: WarehouseScope): Promise<DeviceView[]> {
    const codes = codesToList(scope, filter.warehouseCode);
    const warehouseIds = codes === null ? null : (await this.areas.sites.warehousesByCodes(this.db.sql, codes)).map((w) => w.id);
    return this.views(this.db.sql, await store.devicesIn(this.db.sql, warehouseIds, filter.kind ?? null));
  }

  /**
   * A device's latest `last` readings (1 to `maxLast`), of one metric and since a time if given, oldest first: what
   * a chart of it draws. A device of a warehouse out of scope is NOT_FOUND, as an unknown one.
   */
  async readings(q: { deviceCode: string; metric?: string | null; from?: Date | null; last: number }, scope: WarehouseScope, maxLast: number): Promise<SensorReading[]> {
    const code = normalizeDeviceCode(q.deviceCode, "deviceCode");
    const metric = q.metric === undefined || q.metric === null ? null : validateMetric(q.metric);
    if (!Number.isInteger(q.last) || q.last < 1 || q.last > maxLast) throw badInput(`first must be 1 to ${maxLast}`, { field: "first" });
    const device = await store.deviceByCode(this.db.sql, code);
    if (!device) throw notFound("Device", code);
    assertVisible(scope, device.warehouseId === null ? null : await this.warehouseCode(this.db.sql, device.warehouseId), "Device", code);
    return store.latestReadings(this.db.sql, device.id, metric, q.from ?? null, q.last);
  }

  /** Creates the device, or replaces the description of the one with that code. Audited. */
  register(input: RegisterDevice, actor: Principal): Promise<DeviceView> {
    return this.run("registerDevice", actor, input, (tx) => this.upsertDevice(tx, input, actor));
  }

  /** Sets (replaces) the range of one metric of a device. Audited. */
  setThreshold(input: SetThreshold, actor: Principal): Promise<ThresholdView> {
    return this.run("setSensorThreshold", actor, input, (tx) => this.upsertThreshold(tx, input, actor));
  }

  /** `register` inside the caller's transaction (the demo plant's devices are seeded so). */
  async upsertDevice(tx: Tx, input: RegisterDevice, actor: Principal): Promise<DeviceView> {
    const place = optionalNamedIn("Location", input, "location");
    const material = optionalNamedIn("Material", input, "material");
    const v = validValue(readDevice({ ...input, hasLocation: place !== undefined, hasMaterial: material !== undefined }));
    const { sites, materials } = this.areas;
    const warehouse = await sites.warehouseIn(tx, namedIn("Warehouse", input, "warehouse"), actor);
    const location = place ? await sites.locationIn(tx, warehouse, place) : null;
    const weighed = material ? await materials.weightOf(tx, material) : null;
    if (weighed && !(Number(weighed.unitWeight) > 0)) throw noUnitWeight(weighed.code, material && "id" in material ? "materialId" : "materialCode");
    const at = { warehouseId: warehouse.id, locationId: location?.id ?? null, materialId: weighed?.id ?? null };
    const created = (await store.insertDevice(tx, v, at)) !== null;
    if (!created) {
      const current = (await store.deviceByCode(tx, v.code, true))!;
      if (current.warehouseId !== null && !canSee(actor, await this.warehouseCode(tx, current.warehouseId))) throw deviceOutOfScope(v.code);
      await store.updateDevice(tx, current.id, v, at);
    }
    const device = (await store.deviceByCode(tx, v.code))!;
    await writeAudit(tx, actor, "Device", device.id, created ? "create" : "update", {
      ...v, warehouseCode: warehouse.code, locationCode: location?.code ?? null, materialCode: weighed?.code ?? null,
    });
    return (await this.views(tx, [device]))[0];
  }

  /** `setThreshold` inside the caller's transaction. */
  async upsertThreshold(tx: Tx, input: SetThreshold, actor: Principal): Promise<ThresholdView> {
    const metric = validateMetric(input.metric);
    const bounds = validateBounds({ low: input.low ?? null, high: input.high ?? null });
    const severity = input.severity ?? "WARNING";
    const code = normalizeDeviceCode(input.deviceCode, "deviceCode");
    const device = await store.deviceByCode(tx, code, true);
    if (!device) throw notFound("Device", code);
    assertVisible(actor, device.warehouseId === null ? null : await this.warehouseCode(tx, device.warehouseId), "Device", code);
    const threshold = await store.upsertThreshold(tx, device.id, { metric, ...bounds, severity }, actor.id);
    await writeAudit(tx, actor, "SensorThreshold", threshold.id, "set", { deviceCode: code, metric, ...bounds, severity });
    return { ...threshold, deviceCode: code };
  }

  /**
   * The registered device a message names. Refused (for good): an unknown device, a device used from
   * another warehouse's topic, and a device of a kind that does not send such messages.
   */
  async forMessage(code: string, warehouseCode: string, kinds?: readonly DeviceKind[]): Promise<DeviceRef & { locationCode: string | null }> {
    const device = await store.deviceByCode(this.db.sql, code.trim().toUpperCase());
    if (!device) throw unknownDevice(code);
    const belongsTo = device.warehouseId === null ? null : await this.warehouseCode(this.db.sql, device.warehouseId);
    if (device.warehouseId === null || belongsTo !== warehouseCode.toUpperCase()) throw otherWarehouse(device.code, belongsTo, warehouseCode);
    if (kinds && !kinds.includes(device.kind)) throw wrongKind(device.code, device.kind, kinds);
    const locationCode = device.locationId === null ? null : await this.locationCode(this.db.sql, device.locationId);
    return { id: device.id, code: device.code, kind: device.kind, warehouseId: device.warehouseId, warehouseCode: belongsTo!, locationId: device.locationId, locationCode };
  }

  /** A reader's scan (or any message that is not readings) was heard: last seen, battery, message count. */
  heard(device: DeviceRef, battery: number | null = null) {
    return this.run("deviceHeard", SYSTEM, { device: device.code }, async (tx) => {
      await this.noteHeard(tx, device, battery);
      return {};
    });
  }

  /**
   * Stores a device's readings, notes that it was heard, and judges them: alarms against its thresholds, a
   * weight sensor's shelf against the booked stock; one transaction. A reading already stored (same metric,
   * time and value: delivered again) is skipped and not judged again. Readings the hub stamps (no `at`) carry
   * their own arrival time, so only stamped ones can repeat. The new ones are queued for their `device.readings`
   * event, written by `announceReadings` within about a second.
   */
  recordReadings(device: DeviceRef, readings: readonly SensorReading[], battery: number | null = null) {
    if (device.kind === "WEIGHT_SENSOR") {
      const odd = readings.find((r) => r.metric === WEIGHT_METRIC && r.unit !== null && r.unit.toLowerCase() !== "kg");
      if (odd) throw weightNotInKg(odd.unit!);
    }
    return this.run("recordReadings", SYSTEM, { device: device.code }, async (tx) => {
      // Lock order for every batch: the device row (noteHeard), then its thresholds.
      await this.noteHeard(tx, device, battery);
      const fresh = (await store.insertReadings(tx, device, readings)).map((i) => readings[i]);
      if (fresh.length > 0) await this.judgeThresholds(tx, device, fresh);
      if (fresh.length > 0 && device.kind === "WEIGHT_SENSOR") await this.judgeShelf(tx, device, fresh);
      return { stored: fresh.length };
    }).then((result) => {
      if (result.stored > 0) this.readingsQueued.wake();
      return result;
    });
  }

  /**
   * Writes the queued readings (see recordReadings) as `device.readings` events, one per device of what was queued
   * (ReadingsAnnouncer calls it once a second at most): an event per message passed the publisher and woke every
   * follower of all topics, which cost more than storing the reading. One hub at a time; `more` when a page was full.
   */
  announceReadings() {
    return this.run("announceReadings", SYSTEM, {}, async (tx) => {
      const queued = await store.takeAnnouncements(tx, ANNOUNCE_PAGE);
      if (queued === null) return { announced: 0, more: false };
      await writeEvents(tx, "device.readings", coalesceReadings(queued));
      return { announced: queued.length, more: queued.length === ANNOUNCE_PAGE };
    });
  }

  /**
   * Raises one DEVICE_SILENT alarm for each device with an expected interval that has not been heard for
   * longer than it × the grace factor (since registration, if never), and forgets message counts too old for
   * the rate. Several hubs may check at once: each device is handled by one.
   */
  checkSilence() {
    return this.run("checkSilentDevices", SYSTEM, {}, async (tx) => {
      await store.pruneMessageMinutes(tx);
      const silent = await store.lockSilentDevices(tx, this.settings.silentGrace);
      for (const d of silent) {
        const subject = { id: d.id, code: d.code, warehouseId: d.warehouseId, warehouseCode: await this.warehouseCode(tx, d.warehouseId) };
        const allowed = d.expectedIntervalSeconds * this.settings.silentGrace;
        const alarmId = await raiseAlarm(tx, subject, {
          kind: "DEVICE_SILENT", metric: SILENCE, severity: "WARNING", message: silenceMessage(d.code, d.silentSeconds, d.expectedIntervalSeconds),
          value: Math.round(d.silentSeconds), threshold: allowed,
        });
        await store.setSilentAlarm(tx, d.id, alarmId);
      }
      return { raised: silent.length };
    });
  }

  /** Locks the device row, counts the message; a device that was silent speaks again: its alarm clears. */
  private async noteHeard(tx: Tx, device: AlarmSubject, battery: number | null): Promise<void> {
    const { silentAlarmId, silentSeconds } = await store.heard(tx, device.id, battery);
    if (silentAlarmId === null) return;
    await clearAlarm(tx, device, silentAlarmId, { metric: SILENCE, value: Math.round(silentSeconds) });
    await store.setSilentAlarm(tx, device.id, null);
  }

  private async judgeThresholds(tx: Tx, device: DeviceRef, fresh: readonly SensorReading[]): Promise<void> {
    const thresholds = await store.lockThresholds(tx, device.id, [...new Set(fresh.map((r) => r.metric))]);
    if (thresholds.length === 0) return;
    const open = new Map((await openAlarmsOf(tx, device.id, "THRESHOLD", thresholds.map((t) => t.metric))).map((a) => [a.metric, a.id]));
    const { transitions, moved } = judgeReadings(thresholds, new Set(open.keys()), fresh);
    for (const t of transitions) {
      if ("raise" in t) {
        const { raise: reading, threshold, breach } = t;
        const message = breachMessage(device.code, reading, breach);
        open.set(reading.metric, await raiseAlarm(tx, device, { kind: "THRESHOLD", metric: reading.metric, severity: threshold.severity, message, value: reading.value, threshold: breach.bound }));
      } else {
        await clearAlarm(tx, device, open.get(t.clear.metric)!, t.clear);
        open.delete(t.clear.metric);
      }
    }
    for (const m of moved) await store.setJudgedUntil(tx, device.id, m.metric, m.judgedUntil);
  }

  /** The latest weight (unless older than the latest judged) against the booked stock: raise or resolve the mismatch. */
  private async judgeShelf(tx: Tx, device: DeviceRef, fresh: readonly SensorReading[]): Promise<void> {
    const weights = fresh.filter((r) => r.metric === WEIGHT_METRIC);
    if (weights.length === 0) return;
    const latest = weights.reduce((a, b) => (b.recordedAt.getTime() >= a.recordedAt.getTime() ? b : a));
    const shelf = await store.shelfOf(tx, device.id);
    if (shelf.materialId === null || shelf.locationId === null) return;
    if (shelf.judgedUntil !== null && latest.recordedAt.getTime() <= shelf.judgedUntil) return;
    const [material] = await this.areas.materials.weightsOf(tx, [shelf.materialId]);
    // a unit weight removed since the sensor was placed: nothing to compare with
    if (!(Number(material.unitWeight) > 0)) return;
    const booked = await onHandAt(tx, shelf.materialId, shelf.locationId);
    const tolerance = {
      quantity: shelf.weightTolerance === null ? this.settings.weightTolerance.quantity : Number(shelf.weightTolerance),
      pct: shelf.weightTolerancePct === null ? this.settings.weightTolerance.pct : Number(shelf.weightTolerancePct),
    };
    const c = shelfComparison(latest.value, material.unitWeight!, booked, tolerance);
    let exceptionId = shelf.mismatchExceptionId;
    if (c.mismatch && exceptionId === null) {
      const locationCode = await this.locationCode(tx, shelf.locationId);
      const facts = {
        deviceCode: device.code, warehouseCode: device.warehouseCode, locationCode, materialCode: material.code, weight: latest.value,
        unitWeight: plain(material.unitWeight!), measuredQuantity: plain(c.measured.toDecimalPlaces(3)), bookedQuantity: plain(booked), allowed: plain(c.allowed.toDecimalPlaces(3)),
      };
      exceptionId = await raiseException(tx, {
        type: "STOCK_MISMATCH",
        severity: "WARNING",
        message: `${device.code}: the shelf at ${device.warehouseCode}/${locationCode} weighs ${latest.value} kg, about ${facts.measuredQuantity} of ${material.code}; ${facts.bookedQuantity} are booked there`,
        details: facts,
        materialId: shelf.materialId,
        warehouseId: device.warehouseId,
      });
      await writeEvent(tx, "stock.mismatch", { exceptionId, ...facts });
      if (shelf.countOnMismatch) await this.countShelf(tx, device, { id: shelf.locationId, code: locationCode }, exceptionId);
    } else if (!c.mismatch && exceptionId !== null) {
      await resolveException(tx, exceptionId);
      exceptionId = null;
    }
    await store.setShelfJudged(tx, device.id, latest.recordedAt, exceptionId);
  }

  /** A mismatch's count: a session of the shelf's location (or the one counting it already), linked to the exception with an action. */
  private async countShelf(tx: Tx, device: DeviceRef, location: { id: number; code: string }, exceptionId: number): Promise<void> {
    const note = `${device.code}: the shelf's weight disagrees with the books (exception ${exceptionId})`;
    const count = await countForMismatch(tx, { warehouseId: device.warehouseId, warehouseCode: device.warehouseCode, locationId: location.id }, note, SYSTEM);
    await link(tx, exceptionId, [{ kind: "COUNT_SESSION", targetId: count.countSessionId, ref: count.number }]);
    await recordAction(tx, exceptionId, {
      action: count.opened ? "COUNT_SESSION_OPENED" : "COUNT_SESSION_LINKED", actor: SYSTEM.id,
      details: { countSession: count.number, location: location.code, device: device.code },
    });
  }

  /** Devices as the graph shows them: their places' and material's codes, thresholds and health. */
  private async views(tx: Tx, rows: readonly store.DeviceRow[]): Promise<DeviceView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((d) => d.id);
    const materialIds = [...new Set(rows.flatMap((d) => (d.materialId === null ? [] : [d.materialId])))];
    // one after the other: they share the transaction's connection (node-postgres refuses overlapping statements from pg 9)
    const thresholds = await store.thresholdsOf(tx, ids);
    const messages = await store.recentMessages(tx, ids);
    const materials = materialIds.length ? await this.areas.materials.weightsOf(tx, materialIds) : [];
    const materialCodes = new Map(materials.map((m) => [m.id, m.code]));
    const counts = new Map(messages.map((m) => [m.deviceId, m.messages]));
    const views: DeviceView[] = [];
    for (const d of rows) {
      views.push({
        id: d.id, code: d.code, name: d.name, kind: d.kind,
        warehouseCode: d.warehouseId === null ? null : await this.warehouseCode(tx, d.warehouseId),
        locationCode: d.locationId === null ? null : await this.locationCode(tx, d.locationId),
        materialCode: d.materialId === null ? null : materialCodes.get(d.materialId)!,
        lastSeenAt: d.lastSeenAt,
        weightTolerance: d.weightTolerance,
        weightTolerancePct: d.weightTolerancePct,
        stockMismatch: d.stockMismatch,
        countOnMismatch: d.countOnMismatch,
        thresholds: thresholds.filter((t) => t.deviceId === d.id).map((t) => ({ ...t, deviceCode: d.code })),
        health: {
          lastSeenAt: d.lastSeenAt,
          expectedIntervalSeconds: d.expectedIntervalSeconds,
          silent: d.silent,
          battery: d.battery,
          messagesPerMinute: (counts.get(d.id) ?? 0) / store.RATE_MINUTES,
        },
      });
    }
    return views;
  }

  private async warehouseCode(tx: Tx, id: number): Promise<string> {
    if (!this.codes.warehouse.has(id)) for (const w of await this.areas.sites.warehousesByIds(tx, [id])) this.codes.warehouse.set(w.id, w.code);
    return this.codes.warehouse.get(id)!;
  }

  private async locationCode(tx: Tx, id: number): Promise<string> {
    if (!this.codes.location.has(id)) for (const l of await this.areas.sites.locationsByIds(tx, [id])) this.codes.location.set(l.id, l.code);
    return this.codes.location.get(id)!;
  }
}
