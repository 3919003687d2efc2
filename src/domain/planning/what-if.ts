import { badInput } from "../shared/domain-error";
import { parseQuantity } from "../shared/quantity";
import { keyOf, pairOf, refOf, type Named } from "../shared/ref";
import type { MrpInput } from "../mrp";

/** Changes a planner tries without committing them, each naming a material by id or code. */
export interface WhatIfOverrides {
  extraDemands?: (Named<"material"> & { quantity: string; dueDate: Date })[];
  leadTimes?: (Named<"material"> & { leadTimeDays: number })[];
  onHand?: (Named<"material"> & { quantity: string })[];
}

/** Pseudo MPS line ids for extra demand: negative, so they never collide with real lines. */
const EXTRA_DEMAND_ID = -1;

/** The planning input with the overrides applied (a new object; the input is not changed). */
export function applyOverrides(input: MrpInput, overrides: WhatIfOverrides): MrpInput {
  const byCode = new Map(input.materials.map((m) => [m.code, m]));
  const byId = new Map(input.materials.map((m) => [m.id, m]));
  /** a material of the warehouse's plan; another one is bad input here */
  const find = (named: Named<"material">, field: string) => {
    const ref = refOf("Material", `${field}.material`, pairOf(named, "material"));
    const m = "id" in ref ? byId.get(ref.id) : byCode.get(ref.code.toUpperCase());
    if (!m) throw badInput(`unknown material ${JSON.stringify(String(keyOf(ref)))}`, { field });
    return m;
  };
  const materials = new Map(input.materials.map((m) => [m.id, { ...m }]));
  (overrides.leadTimes ?? []).forEach((o, i) => {
    if (!Number.isInteger(o.leadTimeDays) || o.leadTimeDays < 0 || o.leadTimeDays > 3650) {
      throw badInput("leadTimeDays must be a whole number from 0 to 3650", { field: `leadTimes[${i}].leadTimeDays` });
    }
    materials.get(find(o, `leadTimes[${i}]`).id)!.leadTimeDays = o.leadTimeDays;
  });
  (overrides.onHand ?? []).forEach((o, i) => {
    const m = find(o, `onHand[${i}]`);
    const quantity = parseQuantity(o.quantity, { field: `onHand[${i}].quantity`, precision: m.precision, allowZero: true });
    materials.get(m.id)!.onHand = quantity.toFixed();
  });
  const extra = (overrides.extraDemands ?? []).map((d, i) => {
    const m = find(d, `extraDemands[${i}]`);
    return { id: EXTRA_DEMAND_ID - i, materialId: m.id, quantity: parseQuantity(d.quantity, { field: `extraDemands[${i}].quantity`, precision: m.precision }).toFixed(), dueDate: d.dueDate };
  });
  return { ...input, materials: [...materials.values()], demands: [...input.demands, ...extra] };
}
