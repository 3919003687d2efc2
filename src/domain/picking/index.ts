/** Pick lists and putaway: the picking area's face. */
export { PickingService, type ConfirmPickInput, type CreatePickListInput, type PickResult, type PutawayInput } from "./picking.service";
export type { PickLineRow, PickListRow, PickListStatus } from "./picking.store";
export type { PutawaySuggestion } from "./putaway";
