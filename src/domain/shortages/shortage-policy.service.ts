import type { Principal } from "../../auth/principal";
import { assertMayUse, assertUnlimited, canSee } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { Config } from "../../runtime/config";
import { runCommand } from "../idempotency/command";
import { writeAudit } from "../security/audit";
import { badInput, notFound } from "../shared/domain-error";
import { assertValid, validValue } from "../shared/field-errors";
import { namedIn, optionalNamedIn, type Named } from "../shared/ref";
import { warehousesByCodes, warehousesByIds } from "../sites";
import * as refs from "../stock/stock-refs";
import { readPolicyFields, readTransitDays } from "./shortage-policy.rules";
import * as store from "./shortage-policy.store";

/** Which policy: for a material and/or a warehouse, or neither (global). */
export type PolicyScope = Named<"material"> & Named<"warehouse">;
export type ShortagePolicyInput = PolicyScope & {
  mode: string;
  substitutes?: boolean | null;
  transfers?: boolean | null;
  transferSources?: string[] | null;
  sourceSelection?: string | null;
  purchase?: boolean | null;
};
export type TransitLaneInput = Named<"fromWarehouse"> & Named<"toWarehouse"> & { transitDays: number };

/**
 * The shortage policy as planners configure it, and the transit lanes its NEAREST selection reads.
 * A policy of one warehouse belongs to it (scope as for any object of a warehouse); a global or per-material
 * policy acts in every warehouse, so only an identity limited to none may change it.
 */
export class ShortagePolicyService {
  constructor(
    private readonly db: Database,
    private readonly config: Pick<Config, "idempotencyTtlHours">,
  ) {}

  /** The policies an identity may see: those of no warehouse and of its own (their sources: see the resolver). */
  async policies(principal: Principal) {
    const rows = await store.allPolicies(this.db.sql);
    const codes = await this.codesOf(rows.map((r) => r.warehouseId));
    return rows.filter((r) => r.warehouseId === null || canSee(principal, codes.get(r.warehouseId)));
  }

  /** Lanes between two warehouses the identity may see. */
  async lanes(principal: Principal) {
    const rows = await store.allLanes(this.db.sql);
    const codes = await this.codesOf(rows.flatMap((r) => [r.fromWarehouseId, r.toWarehouseId]));
    return rows.filter((r) => canSee(principal, codes.get(r.fromWarehouseId)) && canSee(principal, codes.get(r.toWarehouseId)));
  }

  setPolicy(input: ShortagePolicyInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "setShortagePolicy", idempotencyKey: key, payload: input, ttlHours: this.config.idempotencyTtlHours }, async (tx) => {
      const scope = await policyScope(tx, input, principal);
      const fields = validValue(readPolicyFields(input, scope.warehouse?.code ?? null));
      const sources = await sourceWarehouses(tx, fields.sources, principal);
      const row = await store.upsertPolicy(tx, {
        materialId: scope.material?.id ?? null, warehouseId: scope.warehouse?.id ?? null, mode: fields.mode, sourceSelection: fields.sourceSelection,
        useSubstitutes: input.substitutes ?? true, useTransfers: input.transfers ?? true, usePurchase: input.purchase ?? true,
        transferSourceIds: sources.map((s) => s.id), updatedBy: principal.id,
      });
      await writeAudit(tx, principal, "ShortagePolicy", scope.key, "set", {
        mode: row.mode, substitutes: row.useSubstitutes, transfers: row.useTransfers, sourceSelection: row.sourceSelection,
        transferSources: sources.map((s) => s.code), purchase: row.usePurchase,
      });
      return row;
    });
  }

  deletePolicy(input: PolicyScope, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "deleteShortagePolicy", idempotencyKey: key, payload: input, ttlHours: this.config.idempotencyTtlHours }, async (tx) => {
      const scope = await policyScope(tx, input, principal);
      if (!(await store.deletePolicy(tx, scope.material?.id ?? null, scope.warehouse?.id ?? null))) throw notFound("ShortagePolicy", scope.key);
      await writeAudit(tx, principal, "ShortagePolicy", scope.key, "delete", {});
      return { deleted: true };
    });
  }

  setLane(input: TransitLaneInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "setTransitLane", idempotencyKey: key, payload: input, ttlHours: this.config.idempotencyTtlHours }, async (tx) => {
      const { from, to } = await laneEnds(tx, input, principal);
      assertValid(readTransitDays(input.transitDays));
      const row = await store.upsertLane(tx, from.id, to.id, input.transitDays, principal.id);
      await writeAudit(tx, principal, "TransitLane", `${from.code}>${to.code}`, "set", { transitDays: input.transitDays });
      return row;
    });
  }

  deleteLane(input: Named<"fromWarehouse"> & Named<"toWarehouse">, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "deleteTransitLane", idempotencyKey: key, payload: input, ttlHours: this.config.idempotencyTtlHours }, async (tx) => {
      const { from, to } = await laneEnds(tx, input, principal);
      if (!(await store.deleteLane(tx, from.id, to.id))) throw notFound("TransitLane", `${from.code}>${to.code}`);
      await writeAudit(tx, principal, "TransitLane", `${from.code}>${to.code}`, "delete", {});
      return { deleted: true };
    });
  }

  private async codesOf(ids: readonly (number | null)[]): Promise<Map<number, string>> {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    return new Map((await warehousesByIds(this.db.sql, wanted)).map((w) => [w.id, w.code]));
  }
}

/** The material and warehouse a policy is for (each optional), and its key in the audit log: `MATERIAL@WAREHOUSE`, `*` for any. */
async function policyScope(tx: Tx, input: PolicyScope, principal: Principal) {
  const m = optionalNamedIn("Material", input, "material");
  const w = optionalNamedIn("Warehouse", input, "warehouse");
  const material = m ? await refs.material(tx, m) : null;
  const warehouse = w ? await refs.warehouse(tx, w, principal) : null;
  // a policy of no warehouse acts in all of them
  if (!warehouse) assertUnlimited(principal);
  return { material, warehouse, key: `${material?.code ?? "*"}@${warehouse?.code ?? "*"}` };
}

/** The warehouses a policy names as transfer sources, in its order: out of scope FORBIDDEN, unknown BAD_USER_INPUT. */
async function sourceWarehouses(tx: Tx, codes: readonly string[], principal: Principal) {
  for (const code of codes) assertMayUse(principal, code);
  const found = new Map((await warehousesByCodes(tx, codes)).map((w) => [w.code, w]));
  const unknown = codes.filter((c) => !found.has(c));
  if (unknown.length) throw badInput(`unknown warehouse${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} in transferSources`, { field: "transferSources", unknown });
  return codes.map((c) => found.get(c)!);
}

async function laneEnds(tx: Tx, input: Named<"fromWarehouse"> & Named<"toWarehouse">, principal: Principal) {
  const from = await refs.warehouse(tx, namedIn("Warehouse", input, "fromWarehouse"), principal);
  const to = await refs.warehouse(tx, namedIn("Warehouse", input, "toWarehouse"), principal);
  if (from.id === to.id) throw badInput("a lane needs two different warehouses", { field: "toWarehouseCode" });
  return { from, to };
}
