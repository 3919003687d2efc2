import type { BomService } from "../../bom/bom.service";
import type { SubstituteService } from "../../bom/substitute.service";
import type { CostService } from "../../costs";
import type { RoutingService } from "../../routings";
import type { SiteService } from "../../sites";
import type { SupplierService } from "../../suppliers";
import type { UnitService } from "../../units";
import type { ImportKind } from "../import.types";
import { bomsKind } from "./boms";
import { materialsKind } from "./materials";
import { openingStockKind } from "./opening-stock";
import { routingsKind, workCentersKind } from "./routings";
import { locationsKind, warehousesKind } from "./sites";
import { standardCostsKind } from "./standard-costs";
import { substitutesKind } from "./substitutes";
import { supplierItemsKind, supplierPricesKind, suppliersKind } from "./suppliers";
import { unitsKind } from "./units";

export interface KindServices {
  units: UnitService;
  sites: SiteService;
  suppliers: SupplierService;
  substitutes: SubstituteService;
  costs: CostService;
  routings: RoutingService;
  boms: BomService;
}

/** Every kind of record the hub imports; a new kind is one file in this folder, listed here. */
export const importKinds = (s: KindServices): readonly ImportKind<any, any>[] => [
  unitsKind(s.units),
  warehousesKind(s.sites),
  locationsKind(s.sites),
  suppliersKind(s.suppliers),
  materialsKind,
  supplierItemsKind(s.suppliers),
  supplierPricesKind(s.suppliers),
  substitutesKind(s.substitutes),
  standardCostsKind(s.costs),
  workCentersKind(s.routings),
  routingsKind(s.routings),
  bomsKind(s.boms),
  openingStockKind,
];
