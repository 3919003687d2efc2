/**
 * Available / capable to promise for an ERP's order entry: loads what MRP plans the warehouse from (stock,
 * scheduled receipts, demand, BOMs, lead times) and, when something has to be made, the work centers'
 * free hours; then the pure `promise` (promise.ts) answers. Nothing is stored.
 */
import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import { utcDay } from "../mrp/buckets";
import { routingsOf } from "../routings/routings.store";
import { parseQuantity } from "../shared/quantity";
import { namedIn, type Named } from "../shared/ref";
import * as refs from "../stock/stock-refs";
import type { CapacityService } from "./capacity.service";
import { loadPlanningInput } from "./load-planning-input";
import { promise, type LimitKind, type PromiseInput, type PromiseResult } from "./promise";

/** How far ahead capable-to-promise looks for free work-center hours. */
export const CTP_HORIZON_DAYS = 366;

export type PromiseRequest = Named<"material"> & Named<"warehouse"> & { quantity: string };

export interface PromiseView {
  materialId: number;
  warehouseId: number;
  warehouseCode: string;
  quantity: string;
  /** earliest delivery date of the whole quantity (null: not within the capacity horizon) */
  date: Date | null;
  source: "AVAILABLE" | "CAPABLE" | "BEYOND_HORIZON";
  availableQuantity: string;
  availableDate: Date | null;
  makeOrBuyQuantity: string;
  limiting: { kind: LimitKind; code: string; date: Date | null } | null;
}

const DAY_MS = 86_400_000;
const asDate = (day: number | null) => (day === null ? null : new Date(day * DAY_MS));
const text = (x: number) => String(Math.round(x * 1e6) / 1e6);

export class PromiseService {
  constructor(
    private readonly db: Database,
    private readonly capacity: CapacityService,
  ) {}

  async promise(request: PromiseRequest, principal: Principal): Promise<PromiseView> {
    const sql = this.db.sql;
    const material = await refs.material(sql, namedIn("Material", request, "material"));
    const warehouse = await refs.warehouse(sql, namedIn("Warehouse", request, "warehouse"), principal);
    const quantity = parseQuantity(request.quantity, { field: "quantity", precision: material.precision });
    const today = utcDay(new Date());
    const data = await loadPlanningInput(sql, warehouse.id, new Date(today * DAY_MS));
    const bomLines = data.bomLines.map((l) => ({
      parentId: l.parentId, componentId: l.componentId, quantityPer: Number(l.quantityPer), baseQuantity: Number(l.baseQuantity ?? 1), scrapPct: Number(l.scrapPct ?? 0),
    }));
    const input: PromiseInput = {
      today,
      materials: new Map(data.materials.map((m) => [m.id, { id: m.id, code: m.code, type: m.type, leadTimeDays: m.leadTimeDays, freeStock: Number(m.onHand) - Number(m.reserved), precision: m.precision }])),
      bomLines,
      receipts: data.scheduledReceipts.map((r) => ({ materialId: r.materialId, quantity: Number(r.quantity), day: utcDay(r.dueDate) })),
      // a forecast is what orders like this one will consume: only firm demand is committed
      demands: data.demands.filter((d) => d.source !== "FORECAST").map((d) => ({ materialId: d.materialId, quantity: Number(d.quantity), day: utcDay(d.dueDate) })),
      routings: new Map(),
      freeMinutes: new Map(),
    };
    let result = promise(input, material.id, quantity.toNumber());
    if (result.toMakeOrBuy > 0) {
      // something is made or bought: plan it on the routings and free hours of what lies below the product
      const routings = await routingsOf(sql, subtreeOf(material.id, bomLines));
      if (routings.length > 0) {
        const byMaterial = new Map<number, { workCenterCode: string; setupMinutes: number; runMinutesPerUnit: number }[]>();
        for (const r of routings) {
          const ops = byMaterial.get(r.materialId) ?? byMaterial.set(r.materialId, []).get(r.materialId)!;
          ops.push({ workCenterCode: r.workCenterCode, setupMinutes: Number(r.setupMinutes), runMinutesPerUnit: Number(r.runMinutesPerUnit) });
        }
        const freeMinutes = await this.capacity.freeMinutes(sql, today, CTP_HORIZON_DAYS);
        result = promise({ ...input, routings: byMaterial, freeMinutes }, material.id, quantity.toNumber());
      }
    }
    return view(material.id, warehouse, quantity.toFixed(), result);
  }
}

/** The material and everything below it in its BOM. */
function subtreeOf(rootId: number, lines: readonly { parentId: number; componentId: number }[]): number[] {
  const seen = new Set([rootId]);
  for (let frontier = [rootId]; frontier.length; ) {
    const next = lines.filter((l) => frontier.includes(l.parentId) && !seen.has(l.componentId)).map((l) => l.componentId);
    next.forEach((id) => seen.add(id));
    frontier = [...new Set(next)];
  }
  return [...seen];
}

function view(materialId: number, warehouse: { id: number; code: string }, quantity: string, r: PromiseResult): PromiseView {
  return {
    materialId,
    warehouseId: warehouse.id,
    warehouseCode: warehouse.code,
    quantity,
    date: asDate(r.day),
    source: r.toMakeOrBuy === 0 ? "AVAILABLE" : r.day === null ? "BEYOND_HORIZON" : "CAPABLE",
    availableQuantity: text(r.fromAvailable),
    availableDate: asDate(r.atpDay),
    makeOrBuyQuantity: text(r.toMakeOrBuy),
    limiting: r.limiting && { kind: r.limiting.kind, code: r.limiting.code, date: asDate(r.limiting.day) },
  };
}
