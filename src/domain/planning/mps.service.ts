import type { Principal } from "../../auth/principal";
import { assertVisible, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { runCommand } from "../idempotency/command";
import { badInput, notFound } from "../shared/domain-error";
import { namedIn } from "../shared/ref";
import * as refs from "../stock/stock-refs";
import { mpsPage } from "./plan.queries";
import * as store from "./planning.store";
import type { MpsLineInput } from "./planning.types";

/** Demand MRP plans for: net-change planning re-plans its material. */
const demandChanged = (tx: Tx, warehouseId: number, warehouseCode: string, materialId: number) =>
  writeEvent(tx, "planning.inputChanged", { warehouseId, warehouseCode, materialIds: [materialId], cause: "DEMAND" });

/**
 * Independent demand (MPS lines, sales orders, forecasts), the input MRP plans for; sales orders consume the
 * forecast of their period (see src/domain/mrp/forecast-consumption.ts). ERP calls retry with keys.
 */
export class MpsService {
  constructor(
    private readonly db: Database,
    private readonly ttlHours: number,
  ) {}

  create(input: MpsLineInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "createMpsLine", idempotencyKey: key, payload: input, ttlHours: this.ttlHours }, async (tx) => {
      const m = await refs.material(tx, namedIn("Material", input, "material"));
      const w = await refs.warehouse(tx, namedIn("Warehouse", input, "warehouse"), principal);
      const quantity = refs.quantityOf(m, input.quantity);
      if (Number.isNaN(input.dueDate.getTime())) throw badInput("dueDate is not a date", { field: "dueDate" });
      const reference = input.reference?.trim() || null;
      if (reference && reference.length > 100) throw badInput("reference is at most 100 characters", { field: "reference" });
      const line = await store.insertMpsLine(tx, {
        materialId: m.id, warehouseId: w.id, quantity: quantity.toFixed(6), dueDate: input.dueDate, source: input.source ?? "MPS", reference, by: principal.id,
      });
      await demandChanged(tx, w.id, w.code, m.id);
      return line;
    });
  }

  /** Removes a demand line; its pegs go with it (plans made from it keep their quantities). */
  delete(id: number, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "deleteMpsLine", idempotencyKey: key, payload: { id }, ttlHours: this.ttlHours }, async (tx) => {
      const row = await store.lockMpsLine(tx, id);
      if (!row) throw notFound("MpsLine", id);
      assertVisible(principal, row.warehouseCode, "MpsLine", id);
      await store.deleteMpsLine(tx, id);
      await demandChanged(tx, row.warehouseId, row.warehouseCode, row.materialId);
      return { id };
    });
  }

  /** Oldest first, in the warehouses of `scope`. */
  page(filter: { warehouseId?: number; materialId?: number }, scope: WarehouseScope, afterId: number, limit: number) {
    return mpsPage(this.db.sql, filter, scope, afterId, limit);
  }
}
