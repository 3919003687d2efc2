import { badInput } from "../shared/domain-error";

export interface ScannedItem { materialCode: string; lotCode: string | null }

/**
 * What a label or tag carries: `MATERIAL` or `MATERIAL|LOT` as text (barcode), or the same text
 * hex-encoded in an RFID tag's EPC. Exactly one of code and epc is given.
 */
export function decodeScan(code: string | null | undefined, epc: string | null | undefined): ScannedItem {
  if ((code == null) === (epc == null)) throw badInput("give either code or epc", { field: "code" });
  let text = code ?? "";
  if (epc != null) {
    if (!/^([0-9a-fA-F]{2}){1,64}$/.test(epc)) throw badInput("epc must be hexadecimal", { field: "epc" });
    text = Buffer.from(epc, "hex").toString("utf8");
  }
  const [materialCode, lotCode, ...rest] = text.trim().split("|");
  if (!materialCode || rest.length > 0 || lotCode === "") throw badInput("the scanned code is not MATERIAL or MATERIAL|LOT", { field: epc != null ? "epc" : "code" });
  return { materialCode, lotCode: lotCode ?? null };
}
