import type { Logger } from "pino";
import type { Config } from "./runtime/config";
import type { Database } from "./db/database";
import { MpsService } from "./domain/planning/mps.service";
import { MrpRunService } from "./domain/planning/mrp-run.service";
import { NetChangePlanner } from "./domain/planning/net-change.service";
import { CapacityService } from "./domain/planning/capacity.service";
import { PromiseService } from "./domain/planning/promise.service";
import { SYSTEM } from "./auth/principal";
import { PurchaseOrderService } from "./domain/purchasing";
import { ReleaseService } from "./domain/planning/release.service";
import { BomService } from "./domain/bom/bom.service";
import { MaterialService } from "./domain/materials/material.service";
import { ImportService, importKinds } from "./domain/imports";
import { AlarmFailureFollower, EquipmentService, ExceptionService } from "./domain/exceptions";
import { AlarmService } from "./domain/alerts";
import { Retention } from "./domain/housekeeping/retention";
import { DeviceService, ReadingsAnnouncer, SilenceWatch } from "./domain/devices";
import { ApiKeyService } from "./domain/security/api-key.service";
import { LotQcService, ScanService, StockService, TransferService } from "./domain/stock";
import { ShortagePolicyService } from "./domain/shortages";
import { WorkOrderService } from "./domain/work-orders";
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
import { ForecastRunService, ForecastService } from "./domain/forecasting";
import { InventoryPolicySchedule, InventoryPolicyService } from "./domain/inventory-policy";
import { KpiLiveRefresh, KpiService } from "./domain/kpis";
import { WebhookService } from "./domain/webhooks";
import { RuleRunner, RulesService, ruleActor } from "./domain/rules";

/** The composition root of the domain layer: one instance of each service per process. */
export function createServices(db: Database, bus: EventBus, config: Config, log: Logger) {
  const workOrders = new WorkOrderService(db, config);
  const purchaseOrders = new PurchaseOrderService(db, config);
  // work orders and purchasing build on stock; a movement naming one of their orders hands it to them
  const orderAreas = { workOrders, purchasing: purchaseOrders };
  const stock = new StockService(db, config, orderAreas);
  // a lot's QC change and a transfer's receipt hand what they did to work orders there (the shortage policy acts)
  const lots = new LotQcService(db, config, orderAreas);
  const materials = new MaterialService(db);
  const sites = new SiteService(db);
  const devices = new DeviceService(db, { sites, materials }, config.devices, config.idempotencyTtlHours);
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
  const equipment = new EquipmentService(db, config.idempotencyTtlHours);
  const transfers = new TransferService(db, config, orderAreas);
  const capacity = new CapacityService(db);
  const inventoryPolicies = new InventoryPolicyService(db, { idempotencyTtlHours: config.idempotencyTtlHours, countEveryDays: config.counting.everyDays });
  // every completed plan changes the load: overloads raise (and relieved ones resolve) CAPACITY exceptions
  const kpis = new KpiService(db, sites, materials, counting, config.kpiEveryMinutes * 60_000, log);
  const mrp = new MrpRunService(db, log, config.mrpKeepRuns, () => capacity.check(SYSTEM));
  return {
    events: new EventService(bus, db.sql, sites),
    exceptions: new ExceptionService(db, sites, { resolutionNoteRequired: config.exceptionResolutionNoteRequired, idempotencyTtlHours: config.idempotencyTtlHours }),
    equipment,
    alarmFailures: new AlarmFailureFollower(db, bus, equipment, log),
    materials,
    ...master,
    apiKeys: new ApiKeyService(db, sites),
    stock,
    transfers,
    lots,
    workOrders,
    shortagePolicies: new ShortagePolicyService(db, config),
    scans: new ScanService(db, config, stock, lots, counting),
    counting,
    picking: new PickingService(db, sites, transfers, config),
    devices,
    deviceHealth: new SilenceWatch(devices, config.devices.healthCheckMs, log),
    readingsAnnouncer: new ReadingsAnnouncer(devices, log),
    alarms: new AlarmService(db, config.idempotencyTtlHours),
    mps: new MpsService(db, config.idempotencyTtlHours),
    capacity,
    promises: new PromiseService(db, capacity),
    forecastRuns: new ForecastRunService(db, log),
    forecasts: new ForecastService(db),
    mrp,
    netChange: config.netChange ? new NetChangePlanner(db, bus, log) : undefined,
    rules: new RulesService(db),
    ruleRunner: new RuleRunner(db, bus, { lots, startMrp: (warehouseCode, ruleId) => mrp.start({ warehouseCode, bucket: "WEEK", horizonBuckets: 12 }, ruleActor(ruleId)) }, log),
    releases: new ReleaseService(db, workOrders, config.idempotencyTtlHours),
    purchaseOrders,
    imports: new ImportService(db, importKinds(master)),
    retention: new Retention(db, config.retention, log),
    inventoryPolicies,
    inventoryPolicySchedule: new InventoryPolicySchedule(inventoryPolicies, config.inventoryPolicyEveryHours * 3_600_000, log),
    kpis,
    kpiLive: config.kpiLiveSeconds > 0 ? new KpiLiveRefresh(db, bus, kpis, config.kpiLiveSeconds * 1000, log) : undefined,
    webhooks: new WebhookService(db, { sites, materials, suppliers: master.suppliers }),
  };
}

export type Services = ReturnType<typeof createServices>;
