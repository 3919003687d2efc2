import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { ADJUST, ISSUE, MOVE, RECEIVE, SCAN, SCRAP, assertStockConsistent, onHand } from "./stock-fixture";

let t: TestHub;
let storekeeper: string;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  storekeeper = await t.token([Role.STOREKEEPER]);
});
afterAll(() => t.stop());

const gql = (q: string, input: object) => t.gql(q, { input }, { auth: storekeeper });

describe("stock movements", () => {
  it("receives a new lot with expiry and records who posted it", async () => {
    const res = await gql(RECEIVE, { materialCode: "PAINT-BLACK", warehouseCode: "PLANT-1", locationCode: "RECV", quantity: "12.5", lotCode: "PB-NEW-1", expiresAt: "2030-01-01T00:00:00.000Z", uom: "KG" });
    expect(res.errors).toBeUndefined();
    const [e] = res.data.receiveStock.entries;
    expect(e).toMatchObject({ type: "RECEIPT", quantity: "12.5", postedBy: "user:test-storekeeper", lot: { code: "PB-NEW-1" }, location: { code: "RECV" } });
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    const [lot] = await t.db.sql.query<{ expires: string }>(`SELECT to_char(expires_at, 'YYYY-MM-DD') AS expires FROM lot WHERE code = 'PB-NEW-1'`);
    expect(lot.expires).toBe("2030-01-01");
  });

  it("issues FEFO across lots when no lot is named", async () => {
    // SOLDER-PASTE: SP-2610-C (1200, expires in 12 days) goes before SP-2611-A (2500, 45 days)
    const res = await gql(ISSUE, { materialCode: "SOLDER-PASTE", warehouseCode: "PLANT-1", quantity: "1300" });
    expect(res.errors).toBeUndefined();
    expect(res.data.issueStock.entries.map((e: any) => [e.lot.code, e.quantity])).toEqual([["SP-2610-C", "-1200"], ["SP-2611-A", "-100"]]);
  });

  it("moves between locations keeping the lot", async () => {
    const res = await gql(MOVE, { materialCode: "STEEL-SHEET-06", warehouseCode: "PLANT-1", fromLocationCode: "A-01", toLocationCode: "LINE-1", quantity: "100", lotCode: "SS-2611-02" });
    expect(res.errors).toBeUndefined();
    expect(res.data.moveStock.entries.map((e: any) => [e.type, e.location.code, e.lot.code, e.quantity])).toEqual([
      ["MOVE_OUT", "A-01", "SS-2611-02", "-100"], ["MOVE_IN", "LINE-1", "SS-2611-02", "100"],
    ]);
    expect(await onHand(t, "STEEL-SHEET-06", "PLANT-1", "LINE-1")).toBe("100");
  });

  it("adjusts with a reason code and scraps", async () => {
    const adj = await gql(ADJUST, { materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "-20", reasonCode: "DAMAGED" });
    expect(adj.errors).toBeUndefined();
    expect(adj.data.adjustStock.entries[0]).toMatchObject({ type: "ADJUSTMENT", quantity: "-20", reasonCode: "DAMAGED" });
    const scrap = await gql(SCRAP, { materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "5", reasonCode: "CRACKED" });
    expect(scrap.data.scrapStock.entries[0]).toMatchObject({ type: "SCRAP", quantity: "-5" });
    expect(await onHand(t, "MICA-SHEET", "PLANT-1")).toBe("475");
  });

  it("transfers between warehouses through in transit, with partial receipts", async () => {
    const created = await t.gql(`mutation { createTransfer(input: { materialCode: "MCU-8BIT", fromWarehouseCode: "PLANT-1", toWarehouseCode: "DC-1", quantity: "300" }) { transferOrder { number status } } }`);
    expect(created.errors).toBeUndefined();
    const number = created.data.createTransfer.transferOrder.number;
    const ship = await t.gql(`mutation($n: String!) { shipTransfer(input: { number: $n }) { entries { type quantity inTransitDelta warehouse { code } } transferOrder { status shippedQuantity } } }`, { n: number });
    expect(ship.errors).toBeUndefined();
    expect(ship.data.shipTransfer.transferOrder).toEqual({ status: "IN_TRANSIT", shippedQuantity: "300" });
    const avail = await t.gql(`{ stockAvailability(materialCode: "MCU-8BIT", warehouseCode: "DC-1") { onHand inTransit available } }`);
    expect(avail.data.stockAvailability).toEqual([{ onHand: "200", inTransit: "300", available: "200" }]);
    const part = await t.gql(`mutation($n: String!) { receiveTransfer(input: { number: $n, quantity: "120", locationCode: "B-01" }) { transferOrder { status receivedQuantity } } }`, { n: number });
    expect(part.data.receiveTransfer.transferOrder).toEqual({ status: "PARTIALLY_RECEIVED", receivedQuantity: "120" });
    const rest = await t.gql(`mutation($n: String!) { receiveTransfer(input: { number: $n }) { transferOrder { status receivedQuantity } } }`, { n: number });
    expect(rest.data.receiveTransfer.transferOrder).toEqual({ status: "RECEIVED", receivedQuantity: "300" });
    expect(await onHand(t, "MCU-8BIT", "DC-1")).toBe("500");
    expect(await onHand(t, "MCU-8BIT", "PLANT-1")).toBe("1050");
    const more = await t.gql(`mutation($n: String!) { receiveTransfer(input: { number: $n, quantity: "1" }) { replayed } }`, { n: number });
    expect(more.errors?.[0].extensions?.code).toBe("INVALID_STATE");
  });

  it("shows availability by warehouse, location and lot, and the ledger filtered and paginated", async () => {
    const avail = await t.gql(`{ stockAvailability(materialCode: "STEEL-SHEET-06") { warehouse { code } onHand reserved available inTransit balances { location { id code } lot { code } onHand } } }`);
    expect(avail.errors).toBeUndefined();
    expect(avail.data.stockAvailability[0]).toMatchObject({ warehouse: { code: "PLANT-1" }, onHand: "950", reserved: "0", available: "950" });
    expect(avail.data.stockAvailability[0].balances).toHaveLength(3);
    const page1 = await t.gql(`{ stockLedger(first: 2, filter: { materialCode: "SOLDER-PASTE" }) { totalCount pageInfo { hasNextPage endCursor } nodes { type quantity lot { code } } } }`);
    expect(page1.errors).toBeUndefined();
    expect(page1.data.stockLedger.totalCount).toBe(4); // two opening receipts, two issue lines
    expect(page1.data.stockLedger.nodes.map((n: any) => n.type)).toEqual(["ISSUE", "ISSUE"]);
    const page2 = await t.gql(`query($after: String) { stockLedger(first: 2, after: $after, filter: { materialCode: "SOLDER-PASTE" }) { pageInfo { hasNextPage } nodes { type } } }`, { after: page1.data.stockLedger.pageInfo.endCursor });
    expect(page2.data.stockLedger).toEqual({ pageInfo: { hasNextPage: false }, nodes: [{ type: "RECEIPT" }, { type: "RECEIPT" }] });
    const byType = await t.gql(`{ stockLedger(filter: { type: SCRAP, from: "2020-01-01T00:00:00Z" }) { totalCount } }`);
    expect(byType.data.stockLedger.totalCount).toBe(1);
    // one location: the steel's rack A-01 and not the receiving dock
    const [a01] = avail.data.stockAvailability[0].balances.filter((b: any) => b.location.code === "A-01").map((b: any) => b.location.id);
    const atA01 = await t.gql(`query($id: ID!) { stockLedger(filter: { materialCode: "STEEL-SHEET-06", locationId: $id }) { nodes { location { code } } } }`, { id: a01 });
    expect(atA01.errors).toBeUndefined();
    expect(atA01.data.stockLedger.nodes.length).toBeGreaterThan(0);
    expect(new Set(atA01.data.stockLedger.nodes.map((n: any) => n.location.code))).toEqual(new Set(["A-01"]));
    const everywhere = await t.gql(`{ stockLedger(filter: { materialCode: "STEEL-SHEET-06" }) { totalCount } }`);
    expect(everywhere.data.stockLedger.totalCount).toBeGreaterThan(atA01.data.stockLedger.nodes.length);
    const nowhere = await t.gql(`{ stockLedger(filter: { locationId: "0" }) { totalCount } }`);
    expect(nowhere.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("posts scans: a move by barcode; a count only into a count session (test/counting)", async () => {
    const scan = (input: object) => gql(SCAN, { deviceId: "HH-7", warehouseCode: "PLANT-1", ...input });
    const move = await scan({ code: "CABLE-3X075|CB-2611-4", action: "MOVE", quantity: "50", locationCode: "A-02", toLocationCode: "LINE-1" });
    expect(move.errors).toBeUndefined();
    expect(move.data.scan.entries.map((e: any) => [e.type, e.location.code, e.lot.code, e.quantity])).toEqual([
      ["MOVE_OUT", "A-02", "CB-2611-4", "-50"], ["MOVE_IN", "LINE-1", "CB-2611-4", "50"],
    ]);
    const count = await scan({ code: "CRUMB-TRAY", action: "COUNT", quantity: "176", locationCode: "A-02" });
    expect(count.errors?.[0].extensions).toMatchObject({ code: "NO_COUNT_SESSION", location: "A-02" });
  });

  it("writes stock.low to the outbox when available stock falls below safety stock", async () => {
    // MCU-8BIT: safety stock 100; 1050 left in PLANT-1 after the transfer
    await gql(ISSUE, { materialCode: "MCU-8BIT", warehouseCode: "PLANT-1", quantity: "900" });
    expect(await t.db.sql.query(`SELECT payload FROM event WHERE topic = 'stock.low'`)).toEqual([]);
    await gql(ISSUE, { materialCode: "MCU-8BIT", warehouseCode: "PLANT-1", quantity: "100" });
    const events = await t.db.sql.query<{ payload: object }>(`SELECT payload FROM event WHERE topic = 'stock.low'`);
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ materialCode: "MCU-8BIT", warehouseCode: "PLANT-1", available: "50", safetyStock: "100", reorderPoint: "100" })]);
  });

  it("refuses an expired lot by name and skips it when picking", async () => {
    await t.db.sql.query(`UPDATE lot SET expires_at = now() - interval '1 day' WHERE code = 'SS-2611-01'`);
    const named = await gql(ISSUE, { materialCode: "STEEL-SHEET-06", warehouseCode: "PLANT-1", quantity: "1", lotCode: "SS-2611-01" });
    expect(named.errors?.[0].extensions?.code).toBe("LOT_NOT_RELEASED");
    const picked = await gql(ISSUE, { materialCode: "STEEL-SHEET-06", warehouseCode: "PLANT-1", quantity: "5" });
    expect(picked.data.issueStock.entries.map((e: any) => e.lot.code)).toEqual(["SS-2611-02"]);
    const avail = await t.gql(`{ stockAvailability(materialCode: "STEEL-SHEET-06") { onHand available blocked } }`);
    expect(avail.data.stockAvailability).toEqual([{ onHand: "945", available: "305", blocked: "640" }]);
  });

  it("keeps balances, ledger and chain consistent", async () => {
    await assertStockConsistent(t);
  });
});
