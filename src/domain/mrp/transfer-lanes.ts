import { badInput } from "../shared/domain-error";

/** A way stock may travel between two warehouses of a run: shipped at the source, received `transitDays` later. */
export interface TransferLane {
  fromWarehouseId: number;
  toWarehouseId: number;
  /** Whole days, 0‥365 (the shortage policy's transit_lane). */
  transitDays: number;
}

/** The longest transit a lane may have (as transit_lane allows). */
export const MAX_TRANSIT_DAYS = 365;

/**
 * Checks a run's warehouses and lanes (BAD_USER_INPUT naming the field): at least one warehouse, none twice,
 * lanes between two different warehouses of the run, each pair once, transit days whole and in range.
 */
export function checkLanes(warehouseIds: readonly number[], lanes: readonly TransferLane[]): void {
  if (warehouseIds.length === 0) throw badInput("a run needs at least one warehouse", { field: "warehouses" });
  const ids = new Set<number>();
  warehouseIds.forEach((id, i) => {
    if (ids.has(id)) throw badInput(`warehouse ${id} is named twice`, { field: `warehouses[${i}]`, warehouseId: id });
    ids.add(id);
  });
  const pairs = new Set<string>();
  lanes.forEach((lane, i) => {
    const field = `lanes[${i}]`;
    if (!ids.has(lane.fromWarehouseId) || !ids.has(lane.toWarehouseId)) throw badInput(`${field} joins a warehouse outside the run`, { field });
    if (lane.fromWarehouseId === lane.toWarehouseId) throw badInput(`${field} needs two different warehouses`, { field });
    if (!Number.isInteger(lane.transitDays) || lane.transitDays < 0 || lane.transitDays > MAX_TRANSIT_DAYS) {
      throw badInput(`${field}.transitDays must be a whole number from 0 to ${MAX_TRANSIT_DAYS}`, { field: `${field}.transitDays` });
    }
    const pair = `${lane.fromWarehouseId}>${lane.toWarehouseId}`;
    if (pairs.has(pair)) throw badInput(`${field} repeats the lane ${pair}`, { field });
    pairs.add(pair);
  });
}

/**
 * The order warehouses are settled in: a source before the destinations it supplies (a destination takes
 * only what its sources' own plans leave), otherwise as given; warehouses on a cycle of lanes in the order
 * given. Kahn's algorithm, always taking the earliest given warehouse that is ready.
 */
export function laneOrder(warehouseIds: readonly number[], lanes: readonly TransferLane[]): number[] {
  const pending = new Map(warehouseIds.map((id) => [id, 0]));
  for (const l of lanes) pending.set(l.toWarehouseId, pending.get(l.toWarehouseId)! + 1);
  const order: number[] = [];
  const done = new Set<number>();
  while (order.length < warehouseIds.length) {
    // a cycle leaves no warehouse ready: take the earliest one left
    const next = warehouseIds.find((id) => !done.has(id) && pending.get(id) === 0) ?? warehouseIds.find((id) => !done.has(id))!;
    done.add(next);
    order.push(next);
    for (const l of lanes) if (l.fromWarehouseId === next && !done.has(l.toWarehouseId)) pending.set(l.toWarehouseId, pending.get(l.toWarehouseId)! - 1);
  }
  return order;
}

/** The lanes into a warehouse, the quickest first (then by source, as given in `rank`). */
export function lanesInto(warehouseId: number, lanes: readonly TransferLane[], rank: ReadonlyMap<number, number>): TransferLane[] {
  return lanes
    .filter((l) => l.toWarehouseId === warehouseId)
    .sort((a, b) => a.transitDays - b.transitDays || rank.get(a.fromWarehouseId)! - rank.get(b.fromWarehouseId)!);
}
