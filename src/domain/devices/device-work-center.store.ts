import type { Tx } from "../../db/transaction";

/**
 * The work center a device watches (device.work_center_id): a CRITICAL alarm of such a device reports an
 * equipment failure there (src/domain/exceptions).
 */
export interface DeviceAtWorkCenter { id: number; code: string; warehouseId: number | null; workCenterId: number | null }

/** The device with that code, locked until the caller's transaction ends with `lock`. */
export async function deviceWithWorkCenter(tx: Tx, code: string, lock = false): Promise<DeviceAtWorkCenter | null> {
  const [row] = await tx.query<DeviceAtWorkCenter>(
    `SELECT id, code, warehouse_id AS "warehouseId", work_center_id AS "workCenterId" FROM device WHERE code = $1${lock ? " FOR UPDATE" : ""}`,
    [code.trim().toUpperCase()],
  );
  return row ?? null;
}

export async function setDeviceWorkCenter(tx: Tx, deviceId: number, workCenterId: number | null): Promise<void> {
  await tx.query(`UPDATE device SET work_center_id = $2 WHERE id = $1`, [deviceId, workCenterId]);
}
