import type { Database } from "./db/database";
import { BomService } from "./domain/bom/bom.service";
import { MaterialService } from "./domain/materials/material.service";
import { ExceptionService } from "./domain/exceptions/exception.service";
import { ApiKeyService } from "./domain/security/api-key.service";
import { ScanService } from "./domain/stock/scan.service";
import { StockService, type StockPolicy } from "./domain/stock/stock.service";
import { TransferService } from "./domain/stock/transfer.service";
import { WorkOrderService } from "./domain/work-orders/work-order.service";
import type { EventBus } from "./events/event-bus";

/** The composition root of the domain layer: one instance of each service per process. */
export function createServices(db: Database, bus: EventBus, stockPolicy?: StockPolicy) {
  const stock = new StockService(db, stockPolicy);
  return {
    db,
    events: { bus, db },
    exceptions: new ExceptionService(db.prisma),
    materials: new MaterialService(db.prisma),
    boms: new BomService(db.prisma, db.sql),
    apiKeys: new ApiKeyService(db.prisma),
    stock,
    transfers: new TransferService(stock),
    workOrders: new WorkOrderService(stock),
    scans: new ScanService(stock),
  };
}

export type Services = ReturnType<typeof createServices>;
