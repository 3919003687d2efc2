import type { Logger } from "pino";
import type { Config } from "./runtime/config";
import type { Database } from "./db/database";
import { MpsService } from "./domain/planning/mps.service";
import { MrpRunService } from "./domain/planning/mrp-run.service";
import { PurchaseOrderService } from "./domain/purchasing/purchase-order.service";
import { ReleaseService } from "./domain/planning/release.service";
import { BomService } from "./domain/bom/bom.service";
import { MaterialService } from "./domain/materials/material.service";
import { ImportService, importKinds } from "./domain/imports";
import { ExceptionService } from "./domain/exceptions/exception.service";
import { AlarmService } from "./domain/alerts/alarm.service";
import { Retention } from "./domain/housekeeping/retention";
import { DeviceService } from "./domain/devices/device.service";
import { ApiKeyService } from "./domain/security/api-key.service";
import { ScanService } from "./domain/stock/scan.service";
import { StockService } from "./domain/stock/stock.service";
import { TransferService } from "./domain/stock/transfer.service";
import { WorkOrderService } from "./domain/work-orders/work-order.service";
import type { EventBus } from "./events/event-bus";
import { Decimal } from "./domain/shared/quantity";
import { EventService } from "./events/event.service";
import { SiteService } from "./domain/sites";
import { SupplierService } from "./domain/suppliers";
import { SubstituteService } from "./domain/bom/substitute.service";
import { CostService } from "./domain/costs";
import { RoutingService } from "./domain/routings";
import { UnitService } from "./domain/units";
import { CountingService } from "./domain/counting";
import { PickingService } from "./domain/picking";

/** The composition root of the domain layer: one instance of each service per process. */
export function createServices(db: Database, bus: EventBus, config: Config, log: Logger) {
  const stock = new StockService(db, config);
  const materials = new MaterialService(db);
  const sites = new SiteService(db);
  const workOrders = new WorkOrderService(stock, db.sql);
  const counting = new CountingService(db, sites, materials, {
    tolerance: { quantity: new Decimal(config.counting.toleranceQuantity), pct: config.counting.tolerancePct },
    maxRecounts: config.counting.maxRecounts,
    everyDays: config.counting.everyDays,
    idempotencyTtlHours: config.idempotencyTtlHours,
  });
  const master = {
    units: new UnitService(db),
    sites,
    suppliers: new SupplierService(db, materials),
    substitutes: new SubstituteService(db, materials),
    costs: new CostService(db, materials, sites),
    routings: new RoutingService(db, materials),
    boms: new BomService(db),
  };
  const transfers = new TransferService(stock);
  return {
    events: new EventService(bus, db.sql),
    exceptions: new ExceptionService(db.prisma),
    materials,
    ...master,
    apiKeys: new ApiKeyService(db.prisma),
    stock,
    transfers,
    workOrders,
    scans: new ScanService(stock, counting),
    counting,
    picking: new PickingService(db, sites, stock, transfers),
    devices: new DeviceService(db),
    alarms: new AlarmService(db.prisma),
    mps: new MpsService(db, config.idempotencyTtlHours),
    mrp: new MrpRunService(db, log),
    releases: new ReleaseService(db, workOrders, config.idempotencyTtlHours),
    purchaseOrders: new PurchaseOrderService(db, config.idempotencyTtlHours),
    imports: new ImportService(db, importKinds(master)),
    retention: new Retention(db, config.retention, log),
  };
}

export type Services = ReturnType<typeof createServices>;
