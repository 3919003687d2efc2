/**
 * EventScope's cache of warehouse codes (the hub-wide sharing itself is tested through the real hub in
 * test/events/fanout.test.ts): one read per warehouse while reads succeed, and a failed read is tried again.
 */
import type { Sql } from "../db/database";
import type { WarehouseRow } from "../domain/sites";
import { EventScope, type WarehouseLookup } from "./event-scope";

const raised = (warehouseId: number) =>
  ({ exceptionId: 1, type: "SHORTAGE", severity: "WARNING", message: "m", materialId: null, warehouseId, workOrderId: null }) as const;

function sites(failFirst: boolean) {
  const reads: number[][] = [];
  const lookup: WarehouseLookup = {
    async warehousesByIds(_tx, ids) {
      reads.push([...ids]);
      if (failFirst && reads.length === 1) throw new Error("connection lost");
      return ids.map((id) => ({ id, code: `W${id}` }) as WarehouseRow);
    },
  };
  return { reads, lookup };
}

test("a warehouse's code is read once for any number of events and scopes asking at once or later", async () => {
  const { reads, lookup } = sites(false);
  const scope = new EventScope({} as Sql, lookup);
  const seen = await Promise.all([["W7"], ["W1"], ["W7", "W1"], null].map((warehouses) => scope.visibleTo(warehouses, "exception.raised", raised(7))));
  expect(seen).toEqual([true, false, true, true]);
  expect(await scope.visibleTo(["W7"], "exception.raised", raised(7))).toBe(true);
  expect(reads).toEqual([[7]]);
});

test("a failed read is not kept: the next event reads again", async () => {
  const { reads, lookup } = sites(true);
  const scope = new EventScope({} as Sql, lookup);
  await expect(scope.visibleTo(["W7"], "exception.raised", raised(7))).rejects.toThrow("connection lost");
  expect(await scope.visibleTo(["W7"], "exception.raised", raised(7))).toBe(true);
  expect(await scope.visibleTo(["W7"], "exception.raised", raised(7))).toBe(true);
  expect(reads).toEqual([[7], [7]]);
});
