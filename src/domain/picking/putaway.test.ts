import { Decimal } from "../shared/quantity";
import { rankPutaway, type PutawayCandidate } from "./putaway";

const loc = (locationId: number, code: string, x: number | null, capacity: number | null, load: number, holdsMaterial = false): PutawayCandidate => ({
  locationId, code, position: x === null ? null : { x, y: 0 }, capacity: capacity === null ? null : new Decimal(capacity), load: new Decimal(load), holdsMaterial,
});

describe("rankPutaway", () => {
  it("puts away where the material is when it has room, else next to it", () => {
    const bins = [loc(1, "A-01", 0, 100, 10), loc(2, "A-02", 1, 100, 90, true), loc(3, "A-03", 2, 100, 0), loc(4, "A-09", 9, 100, 0)];
    expect(rankPutaway(bins, new Decimal(5)).map((s) => s.locationId)).toEqual([2, 1, 3, 4]);
    // A-02 is too full for 20: its neighbours first (equally near: the fuller one first)
    const ranked = rankPutaway(bins, new Decimal(20));
    expect(ranked.map((s) => s.locationId)).toEqual([1, 3, 4]);
    expect(ranked[0]).toEqual({ locationId: 1, roomAfter: new Decimal(70), distance: 1, holdsMaterial: false });
  });

  it("leaves out locations without room, keeps unlimited ones, and puts unknown distances last", () => {
    const bins = [loc(1, "B", null, null, 500), loc(2, "A", 3, 10, 0), loc(3, "C", 4, null, 0, true)];
    expect(rankPutaway(bins, new Decimal(50)).map((s) => [s.locationId, s.distance, s.roomAfter])).toEqual([[3, 0, null], [1, null, null]]);
  });

  it("without stock of the material anywhere, fills the fullest location with room first", () => {
    const bins = [loc(1, "A", 0, 100, 0), loc(2, "B", 1, 100, 60), loc(3, "C", 2, null, 0)];
    expect(rankPutaway(bins, new Decimal(30)).map((s) => s.locationId)).toEqual([2, 1, 3]);
  });
});
