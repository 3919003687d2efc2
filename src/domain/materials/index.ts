export { MaterialService, type CreateMaterial } from "./material.service";
export { materialsPlanningChanged } from "./planning-changed";
export { normalizeCode, validateMaterial, type AbcClass, type XyzClass, type LotSizingPolicy, type MaterialFields, type MaterialType } from "./material.validation";
export { readMaterialUnit, toBaseQuantity, validateMaterialUnit, type MaterialUnitInput } from "./material-units";
export { changedFields, MATERIAL_DEFAULTS, type MaterialRecord, type MaterialWrite, type StoredMaterial } from "./material.bulk";
export {
  findMaterials, materialColumnsByIds, materialsByCodes, materialsByIds, materialSelectList,
  type MaterialFilter, type MaterialRow,
} from "./material.queries";
export { materialIdOfCode, materialJoin, materialUnits, storedMaterialsByCode, writeMaterials, type MaterialKey, type MaterialSummary, type MaterialUnitRow } from "./material.store";
