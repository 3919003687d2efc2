import { SYSTEM } from "../auth/principal";
import type { Database } from "../db/database";
import { DeviceService } from "../domain/devices";
import { countDevicesWithCodes } from "../domain/devices/device.store";
import { runCommand } from "../domain/idempotency/command";
import { MaterialService } from "../domain/materials/material.service";
import { SiteService } from "../domain/sites";
import type { Config } from "../runtime/config";
import { DEVICES, UNIT_WEIGHTS } from "./demo-plant";

/**
 * Registers the demo plant's devices (their thresholds, and the unit weights their shelves need) through the
 * areas' services, as the graph's mutations do (validated, audited as `system`), in one transaction: those not
 * registered yet, so that a database from before they existed gets them too. Does nothing without the demo
 * plant's warehouses. Returns how many it registered.
 */
export async function seedDemoDevices(db: Database, config: Pick<Config, "devices" | "idempotencyTtlHours">): Promise<number> {
  const sites = new SiteService(db);
  const materials = new MaterialService(db);
  const devices = new DeviceService(db, { sites, materials }, config.devices, config.idempotencyTtlHours);
  const warehouses = new Set((await sites.allWarehouses()).map((w) => w.code));
  if (!DEVICES.every((d) => warehouses.has(d.warehouseCode))) return 0;
  const registered = new Set((await devices.list({}, null)).map((d) => d.code));
  const missing = DEVICES.filter((d) => !registered.has(d.code));
  if (missing.length === 0) return 0;
  await runCommand(db, { principal: SYSTEM, operation: "seedDemoDevices", payload: {} }, async (tx) => {
    const weights = new Map((await materials.weightsOf(tx, [...(await materials.materialsByCode(tx, Object.keys(UNIT_WEIGHTS))).values()].map((m) => m.id))).map((m) => [m.code, m]));
    for (const [materialCode, unitWeight] of Object.entries(UNIT_WEIGHTS)) {
      if (weights.get(materialCode)?.unitWeight === null) await materials.setUnitWeight(tx, materialCode, unitWeight, SYSTEM);
    }
    for (const { signals = [], scans: _scans, ...device } of missing) {
      await devices.upsertDevice(tx, device, SYSTEM);
      for (const s of signals.filter((s) => s.low !== undefined || s.high !== undefined)) {
        await devices.upsertThreshold(tx, { deviceCode: device.code, metric: s.metric, low: s.low, high: s.high, severity: s.severity }, SYSTEM);
      }
    }
    return {};
  });
  return missing.length;
}

/** Whether every demo device is registered: one read, what a second start's check needs. */
export async function demoDevicesRegistered(db: Database): Promise<boolean> {
  return (await countDevicesWithCodes(db.sql, DEVICES.map((d) => d.code))) === DEVICES.length;
}
