export { SiteService } from "./sites.service";
export { readLocation, readWarehouse, validateLocation, validateWarehouse, type LocationInput, type WarehouseInput, type LocationKind, type WarehouseKind } from "./site.rules";
export { warehousesByCodes, warehousesByIds, type LocationRow, type WarehouseRow } from "./sites.store";
