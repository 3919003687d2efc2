/**
 * What a scan is, read the way the hub reads labels and tags (src/domain/stock/scan-code.ts,
 * src/domain/counting/epc.ts):
 * - a location label carries the location's code (a code of the current warehouse's locations);
 * - a material label carries `MATERIAL` or `MATERIAL|LOT`;
 * - an RFID tag (a handheld typing its EPC) is hex: the same text hex-encoded, or an SGTIN-96 (header 0x30,
 *   24 digits) whose material only the hub's GTIN mappings know (counted through recordRfidReads);
 * - anything else is a plain code: a material, or an order's or list's number, as the step expects.
 * A plain code that names a location of the warehouse is read as that location.
 */
export type Scan =
  | { kind: "location"; code: string }
  | { kind: "item"; materialCode: string; lotCode: string | null; epc: string | null }
  | { kind: "tag"; epc: string }
  | { kind: "code"; code: string }
  | { kind: "invalid"; text: string };

const HEX = /^([0-9A-F]{2}){1,64}$/;
/** the hub's text EPC (epc.ts): a material code, optionally `|LOT` */
const TEXT = /^[A-Z0-9][A-Z0-9._\-/]{0,39}(\|[^|]{1,64})?$/;

export function classifyScan(raw: string, locationCodes: ReadonlySet<string>): Scan {
  const text = raw.trim();
  if (text.includes("|")) return label(text, null);
  const upper = text.toUpperCase();
  if (locationCodes.has(upper)) return { kind: "location", code: upper };
  if (HEX.test(upper)) {
    if (upper.length === 24 && upper.startsWith("30")) return { kind: "tag", epc: upper };
    const decoded = decodeHex(upper);
    if (decoded !== null && TEXT.test(decoded)) return label(decoded, upper);
  }
  if (!text) return { kind: "invalid", text };
  return { kind: "code", code: upper };
}

/** `MATERIAL` or `MATERIAL|LOT`, as decodeScan reads it: one bar at most, no empty part. */
function label(text: string, epc: string | null): Scan {
  const [material, lot, ...rest] = text.split("|");
  if (!material?.trim() || rest.length > 0 || lot?.trim() === "") return { kind: "invalid", text };
  return { kind: "item", materialCode: material.trim().toUpperCase(), lotCode: lot?.trim() ?? null, epc };
}

function decodeHex(hex: string): string | null {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).trim();
  } catch {
    return null;
  }
}

/** An item scan, or a plain code read as a material; null for anything else. */
export function asItem(scan: Scan): { materialCode: string; lotCode: string | null } | null {
  if (scan.kind === "item") return { materialCode: scan.materialCode, lotCode: scan.lotCode };
  if (scan.kind === "code") return { materialCode: scan.code, lotCode: null };
  return null;
}
