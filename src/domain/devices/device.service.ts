import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import { applyThresholds } from "../alerts/alarm-rules";
import { writeAudit } from "../security/audit";
import { badInput, conflict, DomainError, notFound } from "../shared/domain-error";
import { assertVisible, canSee, codesToList, type WarehouseScope } from "../../auth/warehouse-scope";
import { keyOf, namedIn, optionalNamedIn, type Named } from "../shared/ref";
import * as refs from "../stock/stock-refs";
import { inTransaction } from "../../db/transaction";
import { normalizeDeviceCode, validateBounds, validateDeviceName, validateMetric, type DeviceKind, type DeviceRef, type Severity } from "./device.validation";
import type { SensorReading } from "./sensor-reading";

export type RegisterDevice = Named<"warehouse"> &
  /** where a fixed reader or sensor sits; a reader's scans default to it */
  Named<"location"> & {
    code: string;
    name: string;
    kind: DeviceKind;
  };

export interface SetThreshold {
  deviceCode: string;
  metric: string;
  low?: number | null;
  high?: number | null;
  severity?: Severity | null;
}

const WITH_PLACE = { warehouse: true, location: true, thresholds: { orderBy: { metric: "asc" as const } } };
const upper = (code: string) => code.trim().toUpperCase();
const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";

/** Plant devices (sensors, RFID and barcode readers): registration, thresholds, and what they report. */
export class DeviceService {
  constructor(private readonly db: Database) {}

  /** Devices by code; a warehouse-scoped identity sees those of its warehouses only. */
  list(filter: { warehouseCode?: string | null; kind?: DeviceKind | null }, scope: WarehouseScope) {
    const codes = codesToList(scope, filter.warehouseCode);
    return this.db.prisma.device.findMany({
      where: { ...(filter.kind ? { kind: filter.kind } : {}), ...(codes ? { warehouse: { code: { in: [...codes] } } } : {}) },
      include: WITH_PLACE,
      orderBy: { code: "asc" },
    });
  }

  /** Creates the device, or updates the one with that code (name, kind, place). Audited. */
  async register(input: RegisterDevice, actor: Principal) {
    const code = normalizeDeviceCode(input.code);
    const name = validateDeviceName(input.name);
    const place = optionalNamedIn("Location", input, "location");
    const warehouse = await refs.warehouse(this.db.sql, namedIn("Warehouse", input, "warehouse"), actor);
    try {
      return await this.db.prisma.$transaction(async (tx) => {
        let locationId: number | null = null;
        if (place) {
          const location = await tx.location.findFirst({ where: { warehouseId: warehouse.id, ...("id" in place ? { id: place.id } : { code: upper(place.code) }) } });
          if (!location) throw notFound("Location", keyOf(place), warehouse.code);
          locationId = location.id;
        }
        const current = await tx.device.findUnique({ where: { code }, include: { warehouse: true } });
        // moving a device out of a warehouse needs the right to that warehouse too; which one it is stays unsaid
        if (current && !canSee(actor, current.warehouse?.code)) throw new DomainError("FORBIDDEN", `device ${code} belongs to a warehouse you may not use`);
        const data = { name, kind: input.kind, warehouseId: warehouse.id, locationId };
        const device = await tx.device.upsert({ where: { code }, create: { code, ...data }, update: data, include: WITH_PLACE });
        await writeAudit(tx, actor, "Device", device.id, current ? "update" : "create", {
          code, name, kind: input.kind, warehouseCode: warehouse.code, locationCode: device.location?.code ?? null,
        });
        return device;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`device ${code} was registered at the same time; try again`, { field: "code" });
      throw e;
    }
  }

  /** Sets (replaces) the range of one metric of a device. Audited. */
  async setThreshold(input: SetThreshold, actor: Principal) {
    const metric = validateMetric(input.metric);
    const bounds = validateBounds({ low: input.low ?? null, high: input.high ?? null });
    const severity = input.severity ?? "WARNING";
    const code = normalizeDeviceCode(input.deviceCode, "deviceCode");
    try {
      return await this.db.prisma.$transaction(async (tx) => {
        const device = await tx.device.findUnique({ where: { code }, include: { warehouse: true } });
        if (!device) throw notFound("Device", code);
        assertVisible(actor, device.warehouse?.code, "Device", code);
        const data = { ...bounds, severity, updatedBy: actor.id, updatedAt: new Date() };
        const threshold = await tx.sensorThreshold.upsert({
          where: { deviceId_metric: { deviceId: device.id, metric } },
          create: { deviceId: device.id, metric, ...data },
          update: data,
        });
        await writeAudit(tx, actor, "SensorThreshold", threshold.id, "set", { deviceCode: code, metric, ...bounds, severity });
        return { ...threshold, deviceCode: code };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`the threshold of ${code} ${metric} was set at the same time; try again`, { field: "metric" });
      throw e;
    }
  }

  /**
   * The registered device a message names. Refused (for good): an unknown device, a device used from
   * another warehouse's topic, and a device of a kind that does not send such messages.
   */
  async forMessage(code: string, warehouseCode: string, kinds?: readonly DeviceKind[]): Promise<DeviceRef> {
    const [device] = await this.db.sql.query<Omit<DeviceRef, "warehouseId" | "warehouseCode"> & { warehouseId: number | null; warehouseCode: string | null }>(
      `SELECT d.id, d.code, d.kind::text AS kind, d.warehouse_id AS "warehouseId", w.code AS "warehouseCode", l.code AS "locationCode"
         FROM device d LEFT JOIN warehouse w ON w.id = d.warehouse_id LEFT JOIN location l ON l.id = d.location_id
        WHERE d.code = $1`,
      [upper(code)],
    );
    if (!device) throw new DomainError("NOT_FOUND", `device ${code} is not registered`, { entity: "Device", key: code });
    if (device.warehouseId === null || device.warehouseCode !== upper(warehouseCode)) {
      throw new DomainError("FORBIDDEN", `device ${device.code} belongs to warehouse ${device.warehouseCode ?? "(none)"}, not ${warehouseCode}`, {
        device: device.code,
      });
    }
    if (kinds && !kinds.includes(device.kind)) {
      throw badInput(`device ${device.code} is a ${device.kind}; this needs a ${kinds.join(" or ")}`, { field: "kind" });
    }
    return { ...device, warehouseId: device.warehouseId, warehouseCode: device.warehouseCode };
  }

  /** Notes that a device was heard from (readings do it in their own transaction). */
  async markSeen(device: DeviceRef): Promise<void> {
    await this.db.sql.query(`UPDATE device SET last_seen_at = now() WHERE id = $1`, [device.id]);
  }

  /**
   * Stores a device's readings, notes that it was seen, and raises or clears alarms: one transaction.
   * A reading already stored (same metric, time and value: delivered again) is skipped and not judged
   * again. Readings the hub stamps (no `at`) carry their own arrival time, so only stamped ones can repeat.
   */
  recordReadings(device: DeviceRef, readings: readonly SensorReading[]): Promise<void> {
    return inTransaction(this.db, async (tx) => {
      // Lock order for every batch: the device row, then its thresholds (applyThresholds).
      await tx.query(`UPDATE device SET last_seen_at = now() WHERE id = $1`, [device.id]);
      const stored = await tx.query<{ i: string }>(
        `WITH r AS (SELECT metric, value, unit, at::timestamptz AT TIME ZONE 'UTC' AS at, i
                      FROM unnest($2::text[], $3::float8[], $4::text[], $5::text[]) WITH ORDINALITY AS u(metric, value, unit, at, i)),
              stored AS (INSERT INTO sensor_reading (device_id, metric, value, unit, recorded_at) SELECT $1, metric, value, unit, at FROM r
                         ON CONFLICT (device_id, metric, recorded_at, value) DO NOTHING RETURNING metric, value, recorded_at)
         SELECT r.i FROM r JOIN stored s ON s.metric = r.metric AND s.value = r.value AND s.recorded_at = r.at`,
        [device.id, readings.map((r) => r.metric), readings.map((r) => r.value), readings.map((r) => r.unit), readings.map((r) => r.recordedAt.toISOString())],
      );
      const fresh = stored.map((s) => readings[Number(s.i) - 1]);
      if (fresh.length > 0) await applyThresholds(tx, device, fresh);
    });
  }
}
