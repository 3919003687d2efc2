import type { Tx } from "../../db/transaction";
import type { Decimal } from "../shared/quantity";

/** A work order's component lines as a short pick changes them: the work-orders area's SQL on work_order_material. */

export interface ComponentLine { materialId: number; required: string; reserved: string; issued: string; shortQuantity: string }

export async function componentLine(tx: Tx, workOrderId: number, materialId: number): Promise<ComponentLine | null> {
  const [line] = await tx.query<ComponentLine>(
    `SELECT material_id AS "materialId", required::text AS required, reserved::text AS reserved, issued::text AS issued, short_quantity::text AS "shortQuantity"
       FROM work_order_material WHERE work_order_id = $1 AND material_id = $2`,
    [workOrderId, materialId],
  );
  return line ?? null;
}

/** `quantity` of a component is no longer reserved, and short (positive), or reserved again and no longer short (negative). */
export async function shiftToShort(tx: Tx, workOrderId: number, materialId: number, quantity: Decimal): Promise<void> {
  await tx.query(
    `UPDATE work_order_material SET reserved = reserved - $3::numeric, short_quantity = GREATEST(short_quantity + $3::numeric, 0)
      WHERE work_order_id = $1 AND material_id = $2`,
    [workOrderId, materialId, quantity.toFixed(6)],
  );
}
