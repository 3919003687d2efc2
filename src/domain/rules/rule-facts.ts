import type { Sql } from "../../db/database";
import type { HubEvent } from "../../events/topics";
import { costsOfMaterialsOn } from "../costs/costs.store";
import { materialSummaries, movementMaterial, storedMaterialsByCode } from "../materials/material.store";
import type { StoredMaterial } from "../materials/material.bulk";
import { warehousesByCodes, warehousesByIds, type WarehouseRow } from "../sites/sites.store";
import { demandHistory } from "../stock/demand-history.queries";
import { usableFreeByWarehouse } from "../stock/balance.store";
import { itemsOfMaterials, suppliersByCodes, type SupplierItemRow } from "../suppliers/suppliers.store";
import { Decimal } from "../shared/quantity";
import type { Facts, FactValue } from "./rule.types";

/** What an event is about, as far as the hub knows it: its material (with master data), warehouse and preferred supplier. */
export interface Subject {
  material: StoredMaterial | null;
  warehouse: WarehouseRow | null;
  supplier: (SupplierItemRow & { supplierLeadTimeDays: number }) | null;
  unitCost: string | null;
  /** decimal places of the material's unit */
  precision: number;
  /** usable free stock of the material in the warehouse: the event's `available` when it carries one (stock.low) */
  available: string | null;
}

const DAY_MS = 86_400_000;

/** The event's subject and the facts conditions see. */
export async function factsOf(sql: Sql, event: HubEvent): Promise<{ subject: Subject; facts: Facts }> {
  const p = event.payload as unknown as Record<string, unknown>;
  const subject = await subjectOf(sql, p);
  const { material: m, warehouse: w, supplier: s } = subject;
  const facts: Facts = { "event.ageMinutes": Math.floor((Date.now() - event.createdAt.getTime()) / 60_000) };
  for (const [k, v] of Object.entries(p)) if (v === null || ["string", "number", "boolean"].includes(typeof v)) facts[`event.${k}`] = v as FactValue;
  Object.assign(facts, {
    "material.code": m?.code, "material.type": m?.type, "material.abcClass": m ? m.abcClass : undefined, "material.safetyStock": m?.safetyStock,
    "material.leadTimeDays": m?.leadTimeDays, "material.unitCost": subject.unitCost ?? undefined,
    "warehouse.code": w?.code, "warehouse.kind": w?.kind,
    "supplier.code": s?.supplierCode, "supplier.leadTimeDays": s ? (s.leadTimeDays ?? s.supplierLeadTimeDays) : undefined,
    "stock.available": subject.available ?? undefined,
    "stock.value": subject.available !== null && subject.unitCost !== null ? new Decimal(subject.available).mul(subject.unitCost).toFixed() : undefined,
  });
  return { subject, facts };
}

async function subjectOf(sql: Sql, p: Record<string, unknown>): Promise<Subject> {
  let code = typeof p.materialCode === "string" ? p.materialCode : null;
  if (!code && typeof p.materialId === "number") code = (await materialSummaries(sql, [p.materialId]))[0]?.code ?? null;
  const material = code ? ((await storedMaterialsByCode(sql, [code])).get(code) ?? null) : null;
  const warehouse =
    typeof p.warehouseId === "number" ? ((await warehousesByIds(sql, [p.warehouseId]))[0] ?? null)
    : typeof p.warehouseCode === "string" ? ((await warehousesByCodes(sql, [p.warehouseCode]))[0] ?? null)
    : null;
  if (!material) return { material, warehouse, supplier: null, unitCost: null, precision: 6, available: null };
  const precision = (await movementMaterial(sql, { id: material.id }, true))?.precision ?? 6;
  const item = (await itemsOfMaterials(sql, [material.id])).find((i) => i.preferred);
  const supplier = item ? { ...item, supplierLeadTimeDays: (await suppliersByCodes(sql, [item.supplierCode]))[0]?.leadTimeDays ?? 0 } : null;
  const unitCost = (await costsOfMaterialsOn(sql, [material.id], new Date().toISOString().slice(0, 10)))[0]?.cost ?? null;
  let available: string | null = typeof p.available === "string" ? p.available : null;
  if (available === null && warehouse) {
    available = (await usableFreeByWarehouse(sql, [material.id])).find((r) => r.warehouseId === warehouse.id)?.free ?? "0";
  }
  return { material, warehouse, supplier, unitCost, precision, available };
}

/** Demand of the material in the warehouse over the 365 days before `at` (EOQ's yearly demand). */
export async function annualDemand(sql: Sql, materialId: number, warehouseId: number, at: Date): Promise<string> {
  const points = await demandHistory(sql, { bucket: "MONTH", from: new Date(at.getTime() - 365 * DAY_MS), to: at, materialIds: [materialId], warehouseIds: [warehouseId] });
  return points.reduce((sum, p) => sum.plus(p.quantity), new Decimal(0)).toFixed();
}
