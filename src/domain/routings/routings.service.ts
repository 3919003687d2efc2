/**
 * Work centers (hours available per day) and routings: how a product is made, operation by operation,
 * which work orders copy. For bulk import: `validateWorkCenter` / `validateRouting` (pure) list every field
 * problem of a row; `upsertWorkCenter(tx, …)` / `upsertRouting(tx, …)` write one inside the caller's
 * transaction (audited), throwing a DomainError naming the field when it cannot be written.
 */
import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { runCommand, unkeyed } from "../idempotency/command";
import type { MaterialService } from "../materials/material.service";
import { writeAudit } from "../security/audit";
import { badInput, conflict, notFound } from "../shared/domain-error";
import { validValue, type UpsertMode } from "../shared/field-errors";
import { readRouting, readWorkCenter, validateRouting, validateWorkCenter, type RoutingInput, type WorkCenterInput } from "./routing.rules";
import * as store from "./routings.store";

export class RoutingService {
  constructor(
    private readonly db: Database,
    private readonly materials: MaterialService,
  ) {}

  readonly validateWorkCenter = validateWorkCenter;
  readonly validateRouting = validateRouting;

  async upsertWorkCenter(tx: Tx, input: WorkCenterInput, principal: Principal, mode: UpsertMode = "sync"): Promise<store.WorkCenterRow> {
    const v = validValue(readWorkCenter(input));
    const { row, created } = await store.upsertWorkCenter(tx, v, mode === "create" ? "insert" : mode === "update" ? "update" : "upsert");
    if (!row && mode === "create") throw conflict(`work center ${v.code} already exists`, { field: "code" });
    if (!row) throw notFound("WorkCenter", v.code);
    await writeAudit(tx, principal, "WorkCenter", v.code, created ? "create" : "update", { ...v });
    return row;
  }

  /** Creates or replaces a product's routing as a whole. */
  async upsertRouting(tx: Tx, input: RoutingInput, principal: Principal): Promise<store.RoutingOperationRow[]> {
    const v = validValue(readRouting(input));
    const m = await this.materials.requireMaterial(tx, v.materialCode, "materialCode");
    if (m.type !== "MAKE") throw badInput(`${m.code} is bought, not made: it has no routing`, { field: "materialCode" });
    const centers = new Map((await store.workCentersByCodes(tx, v.operations.map((o) => o.workCenterCode))).map((w) => [w.code, w]));
    const ops = v.operations.map((o, i) => {
      const wc = centers.get(o.workCenterCode);
      if (!wc) throw badInput(`unknown work center ${JSON.stringify(o.workCenterCode)}`, { field: `operations[${i}].workCenterCode` });
      return { ...o, workCenterId: wc.id };
    });
    await store.replaceRouting(tx, m.id, ops);
    await writeAudit(tx, principal, "Routing", m.code, "replace", { operations: v.operations });
    return store.routingsOf(tx, [m.id]);
  }

  saveWorkCenter(input: WorkCenterInput, principal: Principal, mode: UpsertMode) {
    return runCommand(this.db, unkeyed(principal, "saveWorkCenter"), (tx) => this.upsertWorkCenter(tx, input, principal, mode));
  }

  async saveRouting(input: RoutingInput, principal: Principal) {
    return (await runCommand(this.db, unkeyed(principal, "saveRouting"), async (tx) => ({ operations: await this.upsertRouting(tx, input, principal) }))).operations;
  }

  workCenters() {
    return store.allWorkCenters(this.db.sql);
  }
}

