import { SYSTEM } from "../auth/principal";
import type { Database } from "../db/database";
import { computeLowLevelCodes } from "../domain/bom/low-level-codes";
import { Decimal } from "../domain/shared/quantity";
import { postMovement } from "../domain/stock/balances";
import type { NewLedgerEntry } from "../domain/stock/ledger-writer";
import { txOf } from "../db/transaction";
import { BOMS, MATERIALS, STOCK, UNITS, WAREHOUSES } from "./demo-plant";

const SEED_LOCK = 74_260_003;
const DAY = 86_400_000;

/**
 * Loads the demo plant into an empty database, once: does nothing when any material exists. The stock
 * enters as RECEIPT ledger entries with matching balances, as if it had been received.
 */
export async function seedDemoPlant(db: Database): Promise<boolean> {
  return db.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
      if ((await tx.material.count()) > 0) return false;
      const by = SYSTEM.id;
      await tx.unitOfMeasure.createMany({ data: UNITS, skipDuplicates: true });
      await tx.material.createMany({
        data: MATERIALS.map(([code, name, uomCode, type, leadTimeDays, abcClass, extra]) => ({
          code, name, uomCode, type, leadTimeDays, abcClass, createdBy: by, updatedBy: by, ...extra,
        })),
      });
      const ids = new Map((await tx.material.findMany({ select: { id: true, code: true } })).map((m) => [m.code, m.id]));
      const edges: { parentId: number; componentId: number }[] = [];
      for (const [parent, lines] of Object.entries(BOMS)) {
        const bom = await tx.bom.create({ data: { materialId: ids.get(parent)!, createdBy: by, updatedBy: by } });
        await tx.bomLine.createMany({
          data: lines.map(([component, quantityPer, scrapPct, operationSeq], i) => ({
            bomId: bom.id, position: i + 1, componentId: ids.get(component)!, quantityPer, scrapPct: scrapPct ?? "0", operationSeq: operationSeq ?? null,
          })),
        });
        for (const [component] of lines) edges.push({ parentId: ids.get(parent)!, componentId: ids.get(component)! });
      }
      for (const [id, level] of computeLowLevelCodes(ids.values(), edges)) {
        if (level > 0) await tx.material.update({ where: { id }, data: { lowLevelCode: level } });
      }
      const locations = new Map<string, { id: number; warehouseId: number }>();
      for (const w of WAREHOUSES) {
        const wh = await tx.warehouse.create({ data: { code: w.code, name: w.name, kind: w.kind } });
        for (const [code, name, kind] of w.locations) {
          const loc = await tx.location.create({ data: { warehouseId: wh.id, code, name, kind: kind as "STORAGE" } });
          locations.set(`${w.code}/${code}`, { id: loc.id, warehouseId: wh.id });
        }
      }
      const now = Date.now();
      const receipts: NewLedgerEntry[] = [];
      for (const [material, warehouse, location, quantity, lotCode, expiryDays] of STOCK) {
        const materialId = ids.get(material)!;
        const loc = locations.get(`${warehouse}/${location}`)!;
        const lot = lotCode
          ? await tx.lot.upsert({
              where: { materialId_code: { materialId, code: lotCode } },
              create: { materialId, code: lotCode, expiresAt: expiryDays ? new Date(now + expiryDays * DAY) : null },
              update: {},
            })
          : null;
        receipts.push({ type: "RECEIPT", materialId, warehouseId: loc.warehouseId, locationId: loc.id, lotId: lot?.id ?? null, quantity: new Decimal(quantity), reasonCode: "DEMO", note: "demo opening stock" });
      }
      // Through the ledger writer, so the demo stock is hash-chained and covered by the integrity checks.
      await postMovement(txOf(tx), receipts, by);
      return true;
    },
    { timeout: 120_000 },
  );
}
