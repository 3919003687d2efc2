/**
 * The stock area's public face. Commands and reads: StockService, TransferService, ScanService (the resolvers
 * and connectors reach them as ctx.services.stock / transfers / scans). For other areas, inside their own
 * transaction (`tx`): resolving what a movement names, posting movements, holding stock for work orders,
 * the usable-stock rule, and facts about stock that master-data changes must respect.
 */
export {
  StockService, type AdjustInput, type IssueInput, type LotLoss, type MoveInput, type OrderAreas, type PurchaseReceipt, type ReceiptInput,
  type StockArrival, type StockPolicy, type WorkOrderIssue,
} from "./stock.service";
export { TransferService, type CreateTransferInput, type ReceiveTransferInput, type ShipTransferInput } from "./transfer.service";
export { ScanService, type CountScans, type ScanAction, type ScanInput } from "./scan.service";
export { decodeScan } from "./scan-code";
export { LotQcService, type LotQcAction, type LotQcInput, type LotQcResult } from "./lot-qc";

// what a movement names
export {
  assertActive, assertIssuable, assertLotRule, defaultLocation, location, lookupOf, lotByCode, lotForReceipt, lotsForReceipt, material, materialFrom, quantityIn, quantityOf,
  warehouse, warehouseFrom, type LocationRef, type LotRef, type MaterialRef, type WarehouseRef,
} from "./stock-refs";

// posting movements
export { postMovement, type BalanceChange } from "./balances";
export type { MovementResult, MovementType, NewLedgerEntry } from "./ledger-writer";

// stock held for work orders
export {
  afterReserved, planReservation, releaseReservedAt, reservationWrites, reserve, takeForWorkOrder, type Consumption, type OpenRequirement, type Posting, type ReservationPlan, type Shortage,
} from "./reservations";
export { bookOffShortPick, SHORT_PICK_REASON } from "./short-pick-book-off";
export { openReservationsOf, releaseReservations, type HeldReservation, type ReleasedReservation, type ReservedAt } from "./reservation.store";

// transfers another area orders (the shortage policy)
export { orderTransfer, stillComing, transferableFrom, type TransferToOrder } from "./transfer-supply";

// locations being counted take no movements; a count's differences posted
export { assertNotBeingCounted, blockLocationsForCount, countBlocked, releaseCountBlocks } from "./location-block.store";
export { postCountDifferences, type CountDifference } from "./count-posting";

// free stock to allocate (pick lists), what lies at locations (counts, putaway), lots by code
export { allocate, type StockCandidate, type Take } from "./allocate";
export { lockCandidates, loadOfLocations, stockAtLocations, type LocationLoad, type LocationStock } from "./balance.store";
export { lotIdsByCodes } from "./lot.store";

// usable stock: the one rule (SQL and code), and where it lies free
export { BALANCES_WITH_LOTS, USABLE_STOCK, lotBlock } from "./usable-stock.store";
export { usableFreeByWarehouse } from "./balance.store";

// facts about stock for master-data changes and valuation
export { locationHasStock, locationIsReferenced, materialWithStockFinerThan, stockOnHand, warehouseHasStock, type StockOnHand } from "./stock-facts.queries";

// demand as the ledger recorded it (forecasting, safety stock, ABC/XYZ, KPIs)
export { DEMAND_MOVEMENTS, demandHistory, type DemandHistoryFilter, type DemandPoint } from "./demand-history.queries";
export { bucketStart, bucketStarts, demandSeries, nextBucket, type DemandBucket } from "./demand-series";

// rows the graph shows
export type { BalanceRow, LotRow } from "./inventory.queries";
export type { IntegrityDifference, LedgerEntryRow, LedgerFilter, TransferOrderRow, WarehouseAvailabilityRow, WorkOrderReservationDifference } from "./stock.queries";
export type { GenealogyLink } from "./genealogy.queries";
export type { LedgerVerification } from "./ledger-verify";
