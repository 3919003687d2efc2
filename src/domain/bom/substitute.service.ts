/**
 * Substitutes: which material may replace another (priority, ratio, validity, optionally only in one
 * product's BOM). For bulk import: `validateSubstitute(input)` (pure) lists every field problem of a row;
 * `upsertSubstitute(tx, input, principal)` writes one inside the caller's transaction (audited).
 */
import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { runCommand, unkeyed } from "../idempotency/command";
import type { MaterialService } from "../materials/material.service";
import { writeAudit } from "../security/audit";
import { badInput, notFound } from "../shared/domain-error";
import { substituteLoop } from "./bom.errors";
import { validValue } from "../shared/field-errors";
import * as store from "./bom.store";
import { readSubstitute, validateSubstitute, type SubstituteInput } from "./substitute.rules";

export class SubstituteService {
  constructor(
    private readonly db: Database,
    private readonly materials: MaterialService,
  ) {}

  readonly validateSubstitute = validateSubstitute;

  async upsertSubstitute(tx: Tx, input: SubstituteInput, principal: Principal): Promise<store.SubstituteRow> {
    const v = validValue(readSubstitute(input));
    const material = await this.materials.requireMaterial(tx, v.materialCode, "materialCode");
    const substitute = await this.materials.requireMaterial(tx, v.substituteCode, "substituteCode");
    let productId: number | null = null;
    if (v.productCode) {
      const product = await this.materials.requireMaterial(tx, v.productCode, "productCode");
      if (!(await store.isInBom(tx, product.id, material.id))) throw badInput(`${material.code} is not in the BOM of ${product.code}`, { field: "productCode" });
      productId = product.id;
    }
    // substitutes never go round in a loop (A for B for A): the policy could otherwise swap a component back and forth
    const loop = await store.substitutePath(tx, substitute.id, material.id);
    if (loop) throw substituteLoop([material.code, ...loop]);
    const row = { materialId: material.id, substituteId: substitute.id, priority: v.priority, ratio: v.ratio.toFixed(), validFrom: v.validFrom, validTo: v.validTo, productId };
    const created = await store.upsertSubstitute(tx, row);
    await writeAudit(tx, principal, "Substitute", `${material.code}/${substitute.code}`, created ? "create" : "update", { ...row, productCode: v.productCode });
    return (await store.substituteOf(tx, material.id, substitute.id))!;
  }

  save(input: SubstituteInput, principal: Principal) {
    return runCommand(this.db, unkeyed(principal, "saveSubstitute"), (tx) => this.upsertSubstitute(tx, input, principal));
  }

  async delete(materialCode: string, substituteCode: string, principal: Principal): Promise<boolean> {
    const { deleted } = await runCommand(this.db, unkeyed(principal, "deleteSubstitute"), async (tx) => {
      const material = await this.materials.requireMaterial(tx, materialCode, "materialCode");
      const substitute = await this.materials.requireMaterial(tx, substituteCode, "substituteCode");
      if (!(await store.deleteSubstitute(tx, material.id, substitute.id))) throw notFound("Substitute", `${material.code}/${substitute.code}`);
      await writeAudit(tx, principal, "Substitute", `${material.code}/${substitute.code}`, "delete", {});
      return { deleted: true };
    });
    return deleted;
  }
}
