import { Decimal } from "../shared/quantity";
import type { Point } from "./walk-order";

/** A storage location that could take a receipt. */
export interface PutawayCandidate {
  locationId: number;
  code: string;
  position: Point | null;
  /** null: unlimited */
  capacity: Decimal | null;
  /** what lies there now (all materials) */
  load: Decimal;
  holdsMaterial: boolean;
}

export interface PutawaySuggestion {
  locationId: number;
  /** room left after the receipt; null: unlimited */
  roomAfter: Decimal | null;
  /** to the nearest location holding the material (0 there); null when either has no coordinates or none holds it */
  distance: number | null;
  holdsMaterial: boolean;
}

/**
 * Where to put `quantity` away: locations with room for all of it, nearest first to where the material
 * already is (a location holding it counts as distance 0), then those without a known distance; ties go
 * to the location with less room left (fill up before opening another), then by code.
 */
export function rankPutaway(candidates: readonly PutawayCandidate[], quantity: Decimal): PutawaySuggestion[] {
  const stocked = candidates.filter((c) => c.holdsMaterial);
  const distanceOf = (c: PutawayCandidate): number | null => {
    if (c.holdsMaterial) return 0;
    const near = stocked.flatMap((s) => (s.position && c.position ? [Math.hypot(s.position.x - c.position.x, s.position.y - c.position.y)] : []));
    return near.length ? Math.min(...near) : null;
  };
  return candidates
    .map((c) => ({ c, roomAfter: c.capacity === null ? null : c.capacity.minus(c.load).minus(quantity), distance: distanceOf(c) }))
    .filter((s) => s.roomAfter === null || s.roomAfter.gte(0))
    .sort((a, b) =>
      (a.distance ?? Infinity) - (b.distance ?? Infinity) ||
      (a.roomAfter === null ? 1 : 0) - (b.roomAfter === null ? 1 : 0) ||
      (a.roomAfter && b.roomAfter ? a.roomAfter.comparedTo(b.roomAfter) : 0) ||
      a.c.code.localeCompare(b.c.code))
    .map((s) => ({ locationId: s.c.locationId, roomAfter: s.roomAfter, distance: s.distance, holdsMaterial: s.c.holdsMaterial }));
}
