/** What other areas use of the stock area inside their transactions. */
export { StockService, type MovementResult } from "./stock.service";
export { TransferService } from "./transfer.service";
export * as stockRefs from "./stock-refs";
export type { LocationRef, LotRef, MaterialRef, WarehouseRef } from "./stock-refs";
export { decodeScan } from "./scan-code";
export { allocate, type StockCandidate, type Take } from "./allocate";
export { lockCandidates } from "./balances";
export { postCountDifferences, type CountDifference } from "./count-posting";
export { assertNotBeingCounted, blockLocationsForCount, countBlocked, releaseCountBlocks } from "./location-block.store";
export { loadOfLocations, lotIdsByCodes, stockAtLocations, type LocationLoad, type LocationStock } from "./stock-reads.store";
export { openReservationsOf, releaseReservedAt, type OpenReservation } from "./reservations.store";
