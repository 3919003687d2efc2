import type { Tx } from "../../db/transaction";

/** Whether devices are placed at the location (deleting it would leave them pointing nowhere). */
export async function locationHasDevices(tx: Tx, locationId: number): Promise<boolean> {
  return (await tx.query(`SELECT 1 FROM device WHERE location_id = $1 LIMIT 1`, [locationId])).length > 0;
}
