import { SYSTEM } from "../auth/principal";
import type { Services } from "../services";
import { DEVICES, UNIT_WEIGHTS } from "./demo-plant";

/**
 * Registers the demo plant's devices (and their thresholds, and the unit weights their shelves need) through
 * the services, as the graph's mutations do: those not registered yet, so a database from before they existed
 * gets them too. Does nothing without the demo plant's warehouses. Returns how many it registered.
 */
export async function seedDemoDevices(services: Pick<Services, "sites" | "materials" | "devices">): Promise<number> {
  const warehouses = new Set((await services.sites.allWarehouses()).map((w) => w.code));
  if (!DEVICES.every((d) => warehouses.has(d.warehouseCode))) return 0;
  const registered = new Set((await services.devices.list({}, null)).map((d) => d.code));
  const missing = DEVICES.filter((d) => !registered.has(d.code));
  for (const [materialCode, unitWeight] of Object.entries(UNIT_WEIGHTS)) {
    const m = (await services.materials.find({ search: materialCode }, 0, 50)).rows.find((r) => r.code === materialCode);
    if (m && m.unitWeight === null) await services.materials.update(m.id, { unitWeight }, SYSTEM);
  }
  for (const { signals = [], scans: _scans, ...device } of missing) {
    await services.devices.register(device, SYSTEM);
    for (const s of signals.filter((s) => s.low !== undefined || s.high !== undefined)) {
      await services.devices.setThreshold({ deviceCode: device.code, metric: s.metric, low: s.low, high: s.high, severity: s.severity }, SYSTEM);
    }
  }
  return missing.length;
}
