import { hasAnyRole, type Principal } from "../../auth/principal";
import { QUALITY } from "../../auth/roles";
import { assertMayUse } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { runCommand } from "../idempotency/command";
import { badInput, DomainError } from "../shared/domain-error";
import type { LotQcAction, LotQcService } from "./lot-qc";
import { decodeScan } from "./scan-code";
import type { MovementResult, StockPolicy, StockService } from "./stock.service";

export type ScanAction = "RECEIVE" | "ISSUE" | "MOVE" | "COUNT" | "QC_HOLD" | "QC_RELEASE" | "QC_REJECT";
const QC_ACTIONS: Partial<Record<ScanAction, LotQcAction>> = { QC_HOLD: "HOLD", QC_RELEASE: "RELEASE", QC_REJECT: "REJECT" };

export interface ScanInput {
  deviceId: string;
  code?: string | null;
  epc?: string | null;
  action: ScanAction;
  quantity: string;
  warehouseCode: string;
  locationCode: string;
  /** MOVE only: where the stock goes */
  toLocationCode?: string | null;
  uom?: string | null;
  /** QC actions: why (default: the device that read it) */
  reason?: string | null;
}

/** Where COUNT scans go (the counting area): into the count session counting their location. */
export interface CountScans {
  recordScan(tx: Tx, scan: ScanInput, principal: Principal): Promise<void>;
}

/**
 * Barcode and RFID readers: a scan becomes the matching movement, noted with the device that read it; a
 * COUNT scan is a count in the open count session of its location (none: NO_COUNT_SESSION), not a movement; QC_HOLD, QC_RELEASE, QC_REJECT change the QC status of the lot read (the label must name
 * the lot; quantity is ignored).
 */
export class ScanService {
  constructor(
    private readonly db: Database,
    private readonly policy: StockPolicy,
    private readonly stock: StockService,
    private readonly lots: LotQcService,
    private readonly counts: CountScans,
  ) {}

  scan(input: ScanInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "scan", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, async (tx): Promise<MovementResult> => {
      const deviceId = input.deviceId.trim();
      if (!deviceId || deviceId.length > 100) throw badInput("deviceId must be 1 to 100 characters", { field: "deviceId" });
      if (input.action === "COUNT") {
        await this.counts.recordScan(tx, { ...input, deviceId }, principal);
        return { entryIds: [] };
      }
      const { materialCode, lotCode } = decodeScan(input.code, input.epc);
      const qc = QC_ACTIONS[input.action];
      if (qc) return this.qcScan(tx, qc, input, deviceId, { materialCode, lotCode }, principal);
      const common = { materialCode, lotCode, warehouseCode: input.warehouseCode, uom: input.uom, note: `scan by ${deviceId}` };
      switch (input.action) {
        case "RECEIVE":
          return this.stock.postReceipt(tx, { ...common, locationCode: input.locationCode, quantity: input.quantity, reasonCode: "SCAN" }, principal);
        case "ISSUE":
          return this.stock.postIssue(tx, { ...common, locationCode: input.locationCode, quantity: input.quantity, reasonCode: "SCAN" }, principal);
        case "MOVE":
          if (!input.toLocationCode) throw badInput("a MOVE scan needs toLocationCode", { field: "toLocationCode" });
          return this.stock.postMove(tx, { ...common, fromLocationCode: input.locationCode, toLocationCode: input.toLocationCode, quantity: input.quantity }, principal);
        default:
          throw badInput(`unknown scan action ${input.action}`, { field: "action" });
      }
    });
  }

  /** A QC scan at a station of a warehouse the identity may use, by an identity that may change QC. */
  private async qcScan(tx: Tx, action: LotQcAction, input: ScanInput, deviceId: string, item: { materialCode: string; lotCode: string | null }, principal: Principal): Promise<MovementResult> {
    if (!hasAnyRole(principal, QUALITY)) throw new DomainError("FORBIDDEN", "QC scans need the PLANNER or INTEGRATION role");
    assertMayUse(principal, input.warehouseCode.trim().toUpperCase());
    if (!item.lotCode) throw badInput("a QC scan must read a lot: MATERIAL|LOT", { field: input.epc != null ? "epc" : "code" });
    await this.lots.post(tx, action, { materialCode: item.materialCode, lotCode: item.lotCode, reason: input.reason ?? `QC scan by ${deviceId}` }, principal);
    return { entryIds: [] };
  }
}
