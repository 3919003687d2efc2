export { CostService, readStandardCost, validateStandardCost, type StandardCostInput } from "./costs.service";
export { inventoryValue, type ValueGrouping, type ValueLine } from "./inventory-value";
export { costsOfMaterialsOn, type CostRow } from "./costs.store";
