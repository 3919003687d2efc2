import { badInput } from "../shared/domain-error";
import { decodeSgtin96, isSgtin96 } from "./sgtin";

/**
 * What an RFID tag's EPC may name, before the mapping tables are asked: an SGTIN-96 (a GTIN and a serial),
 * the hub's own text encoding (`MATERIAL` or `MATERIAL|LOT`, hex-encoded, as `scan` reads it), or nothing
 * it can read on its own (then only an explicit EPC mapping names its material).
 */
export type ReadEpc =
  | { epc: string; kind: "SGTIN"; gtin: string }
  | { epc: string; kind: "TEXT"; materialCode: string; lotCode: string | null }
  | { epc: string; kind: "OTHER" };

const HEX = /^([0-9A-F]{2}){1,64}$/;
const TEXT = /^[A-Z0-9][A-Z0-9._\-/]{0,39}(\|[^|]{1,64})?$/;

/**
 * One EPC as a reader reported it: hex (any case, whole bytes, at most 64). An EPC with the SGTIN-96 header and
 * length must decode as one (a partition or values out of range are malformed). Malformed EPCs are
 * BAD_USER_INPUT naming `field`.
 */
export function readEpc(raw: string, field = "epc"): ReadEpc {
  const epc = raw.trim().toUpperCase();
  if (!HEX.test(epc)) throw badInput(`EPC ${JSON.stringify(raw)} is not hexadecimal whole bytes (2 to 128 digits)`, { field });
  if (isSgtin96(epc)) return { epc, kind: "SGTIN", gtin: decodeSgtin96(epc, field).gtin };
  const text = Buffer.from(epc, "hex").toString("utf8").trim();
  if (TEXT.test(text)) {
    const [materialCode, lotCode] = text.split("|");
    return { epc, kind: "TEXT", materialCode, lotCode: lotCode?.trim() || null };
  }
  return { epc, kind: "OTHER" };
}
