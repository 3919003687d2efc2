export { BomService, type BomLineInput } from "./bom.service";
export { SubstituteService } from "./substitute.service";
export { BomCycleError } from "./bom.errors";
export { readBom, validateBom, MAX_BOM_LINES, type BomLineValuesInput } from "./bom.rules";
export { readSubstitute, validateSubstitute, type SubstituteInput } from "./substitute.rules";
export type { BomLineRow, BomRow } from "./bom.queries";
export type { BomRecord, SubstituteRow } from "./bom.store";
export type { BomEdge, ComponentTotal, ExplosionNode, WhereUsedEntry } from "./explode-bom";
