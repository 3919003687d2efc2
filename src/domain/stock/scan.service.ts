import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import { runCommand } from "../idempotency/command";
import type { Tx } from "../../db/transaction";
import { badInput } from "../shared/domain-error";
import { decodeScan } from "./scan-code";
import type { MovementResult, StockPolicy, StockService } from "./stock.service";

export type ScanAction = "RECEIVE" | "ISSUE" | "MOVE" | "COUNT";

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
}

/** Where COUNT scans go (the counting area): into the count session counting their location. */
export interface CountScans {
  recordScan(tx: Tx, scan: ScanInput, principal: Principal): Promise<void>;
}

/**
 * Barcode and RFID readers: a scan becomes the matching movement, noted with the device that read it; a
 * COUNT scan is a count in the open count session of its location (none: NO_COUNT_SESSION), not a movement.
 */
export class ScanService {
  constructor(
    private readonly db: Database,
    private readonly policy: StockPolicy,
    private readonly stock: StockService,
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
      const common = { materialCode, lotCode, warehouseCode: input.warehouseCode, uom: input.uom, note: `scan by ${deviceId}` };
      switch (input.action) {
        case "RECEIVE":
          return this.stock.postReceipt(tx, { ...common, locationCode: input.locationCode, quantity: input.quantity, reasonCode: "SCAN" }, principal);
        case "ISSUE":
          return this.stock.postIssue(tx, { ...common, locationCode: input.locationCode, quantity: input.quantity, reasonCode: "SCAN" }, principal);
        case "MOVE":
          if (!input.toLocationCode) throw badInput("a MOVE scan needs toLocationCode", { field: "toLocationCode" });
          return this.stock.postMove(tx, { ...common, fromLocationCode: input.locationCode, toLocationCode: input.toLocationCode, quantity: input.quantity }, principal);
      }
    });
  }
}
