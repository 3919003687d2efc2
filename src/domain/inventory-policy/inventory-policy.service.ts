import type { Principal } from "../../auth/principal";
import { assertUnlimited } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { runCommand } from "../idempotency/command";
import { storeClasses } from "../materials/material.store";
import type { AbcClass } from "../materials/material.validation";
import { writeAudit } from "../security/audit";
import { FieldChecks, assertValid, validValue } from "../shared/field-errors";
import { optionalRefOf, type Named, type Ref } from "../shared/ref";
import { warehousesByCodes } from "../sites/sites.store";
import * as refs from "../stock/stock-refs";
import { readHistoryBuckets, readSettings, type ClassificationSettings, type SettingsInput } from "./classification-settings";
import * as store from "./inventory-policy.store";
import { recompute } from "./recompute";

export type RecomputeInput = Named<"warehouse"> & { historyBuckets?: number | null };

export interface Recomputation {
  runId: number;
  computedAt: Date;
  /** the materials' ABC/XYZ classes were recomputed (a run of every warehouse) */
  classified: boolean;
  policies: number;
  /** what changed: classes (no warehouse), safety stock and reorder point per warehouse */
  changes: store.ChangeRow[];
}

/** Settings with the count frequency in effect (COUNT_EVERY_DAYS_<class> where the settings set none). */
export type EffectiveSettings = ClassificationSettings & { countEveryDaysInEffect: Record<AbcClass, number> };

/**
 * Inventory policies: ABC/XYZ classes of the materials and, per material and warehouse, the safety stock and
 * reorder point computed from demand history (src/domain/stock demandHistory), purchase-order lead times
 * and the service level of the material's class. Recomputed by a planner (one warehouse, or all with the
 * classes when limited to none) or on a schedule; each run records what it changed.
 */
export class InventoryPolicyService {
  constructor(
    private readonly db: Database,
    private readonly config: { idempotencyTtlHours: number; countEveryDays: Record<AbcClass, number> },
  ) {}

  async settings(): Promise<EffectiveSettings> {
    return this.effective(await store.classificationSettings(this.db.sql));
  }

  /** Changes the plant's settings (what the input leaves out stays): plant-wide, so only for an identity limited to no warehouse. */
  setSettings(input: SettingsInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "setClassificationSettings", idempotencyKey: key, payload: input, ttlHours: this.config.idempotencyTtlHours }, async (tx) => {
      assertUnlimited(principal);
      const next = validValue(readSettings(input, await store.classificationSettings(tx)));
      await store.saveSettings(tx, next, principal.id);
      const { updatedAt: _u, updatedBy: _b, ...audited } = next;
      await writeAudit(tx, principal, "ClassificationSettings", 1, "set", audited);
      return { settings: this.effective(await store.classificationSettings(tx)) };
    });
  }

  /** The policies of a warehouse the identity may see, or (none named) of every warehouse it may see; optionally of one material. */
  async policies(warehouse: Ref | undefined, material: Ref | undefined, principal: Principal) {
    const ids = warehouse ? [(await refs.warehouse(this.db.sql, warehouse, principal)).id] : await this.visibleWarehouseIds(principal);
    const m = material ? await refs.material(this.db.sql, material, { archived: true }) : undefined;
    return store.policiesOfWarehouses(this.db.sql, ids, m?.id);
  }

  /** The latest changes the identity may see (1 to 500): class changes, and those of its warehouses. */
  async changes(principal: Principal, first: number) {
    const c = new FieldChecks();
    const limit = c.int(first, "first", 1, 500);
    assertValid(c.errors);
    return store.latestChanges(this.db.sql, await this.visibleWarehouseIds(principal), limit!);
  }

  /** The ids of the warehouses the identity may see (null: all). */
  private async visibleWarehouseIds(principal: Principal): Promise<number[] | null> {
    return principal.warehouses === null ? null : (await warehousesByCodes(this.db.sql, principal.warehouses)).map((w) => w.id);
  }

  /** Recomputes a warehouse's policies, or (no warehouse: an identity limited to none) the classes and every warehouse's. */
  recompute(input: RecomputeInput, principal: Principal, key?: string | null): Promise<Recomputation & { replayed: boolean }> {
    return runCommand(this.db, { principal, operation: "recomputeInventoryPolicies", idempotencyKey: key, payload: input, ttlHours: this.config.idempotencyTtlHours }, async (tx) => {
      const ref = optionalRefOf("Warehouse", "warehouse", { id: input.warehouseId, code: input.warehouseCode });
      const warehouse = ref ? await refs.warehouse(tx, ref, principal) : null;
      if (!warehouse) assertUnlimited(principal);
      return this.run(tx, warehouse, input.historyBuckets, principal, "MUTATION");
    });
  }

  /** The scheduled run: classes and every warehouse, as the system. */
  recomputeAll(system: Principal): Promise<Recomputation> {
    return runCommand(this.db, { principal: system, operation: "recomputeInventoryPolicies", payload: null }, (tx) => this.run(tx, null, null, system, "SCHEDULE"));
  }

  private async run(tx: Tx, warehouse: { id: number; code: string } | null, buckets: number | null | undefined, principal: Principal, trigger: "MUTATION" | "SCHEDULE") {
    await store.lockRecomputation(tx);
    const settings = await store.classificationSettings(tx);
    const c = new FieldChecks();
    const historyBuckets = buckets == null ? settings.historyBuckets : readHistoryBuckets(c, buckets);
    assertValid(c.errors);
    const r = await recompute(tx, { warehouse, historyBuckets: historyBuckets!, settings: { ...settings, historyBuckets: historyBuckets! } });
    if (r.classified) await storeClasses(tx, r.classes, r.at);
    const runId = await store.insertRun(tx, {
      trigger, warehouseId: warehouse?.id ?? null, classified: r.classified, settings: { ...settings, historyBuckets: historyBuckets! }, policies: r.policies.length,
      computedAt: r.at, computedBy: principal.id,
    });
    await store.storePolicies(tx, runId, r.at, r.policies, r.staleIds);
    // computed safety stocks are what MRP plans with: net-change planning re-plans the materials whose policy changed
    const materialIds = [...new Set(r.changes.flatMap((c) => (c.warehouseId === null ? [] : [c.materialId])))];
    if (materialIds.length) await writeEvent(tx, "planning.masterChanged", { materialIds, cause: "POLICY", warehouseId: warehouse?.id ?? null, warehouseCode: warehouse?.code ?? null });
    const changes = await store.insertChanges(tx, runId, r.changes);
    await writeAudit(tx, principal, "InventoryPolicy", warehouse?.code ?? "*", "recompute", { runId, classified: r.classified, policies: r.policies.length, changes: changes.length });
    return { runId, computedAt: r.at, classified: r.classified, policies: r.policies.length, changes };
  }

  private effective(s: ClassificationSettings): EffectiveSettings {
    const d = this.config.countEveryDays;
    return { ...s, countEveryDaysInEffect: { A: s.countEveryDays.A ?? d.A, B: s.countEveryDays.B ?? d.B, C: s.countEveryDays.C ?? d.C } };
  }
}
