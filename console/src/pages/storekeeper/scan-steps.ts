import { useCallback } from "react";
import { StorekeeperMaterialDocument, type StorekeeperMaterialQuery } from "../../generated/graphql";
import { problem } from "./problem";
import { asItem, type Scan } from "./scan-code";
import { useStorekeeping } from "./storekeeper-context";
import { useLookup, type Outcome } from "./use-command";

export type ScannedMaterial = NonNullable<StorekeeperMaterialQuery["material"]>;
export interface ScannedItem { materialCode: string; lotCode: string | null; material: ScannedMaterial }

/** A scan where a location is due: a location of the warehouse, else why not. */
export function expectLocation(scan: Scan): Outcome<string> {
  switch (scan.kind) {
    case "location": return { data: scan.code };
    case "item": return { problem: problem("LOCATION_EXPECTED_ITEM_SCANNED", { code: scan.materialCode }) };
    case "code": return { problem: problem("NOT_A_LOCATION", { code: scan.code }) };
    case "tag": return { problem: problem("LOCATION_EXPECTED_TAG_SCANNED", { code: scan.epc }) };
    default: return { problem: problem("UNREADABLE", { code: scan.text }) };
  }
}

/** A scan where a material (label or text tag) is due: the material as the hub knows it, with its stock in the warehouse. */
export function useItemScan() {
  const { warehouseCode } = useStorekeeping();
  const lookup = useLookup();
  return useCallback(async (scan: Scan): Promise<Outcome<ScannedItem>> => {
    if (scan.kind === "location") return { problem: problem("ITEM_EXPECTED_LOCATION_SCANNED", { code: scan.code }) };
    if (scan.kind === "tag") return { problem: problem("ITEM_EXPECTED_TAG_SCANNED", { code: scan.epc }) };
    const item = asItem(scan);
    if (!item) return { problem: problem("UNREADABLE", { code: scan.kind === "invalid" ? scan.text : "" }) };
    const found = await lookup(StorekeeperMaterialDocument, { code: item.materialCode, warehouseCode });
    if (found.problem) return found;
    if (!found.data.material) return { problem: problem("UNKNOWN_MATERIAL", { code: item.materialCode }) };
    return { data: { ...item, material: found.data.material } };
  }, [lookup, warehouseCode]);
}

/** What of an item is available at a location (its lot if the label named one), as a decimal string. */
export function availableAt(item: ScannedItem, locationCode: string): string {
  const total = item.material.balances
    .filter((b) => b.location.code === locationCode && (item.lotCode === null || b.lot?.code === item.lotCode))
    .reduce((sum, b) => sum + Number(b.available), 0);
  return String(Math.round(total * 1e6) / 1e6);
}

export const itemText = (i: { materialCode: string; lotCode: string | null }) => (i.lotCode ? `${i.materialCode} · ${i.lotCode}` : i.materialCode);
