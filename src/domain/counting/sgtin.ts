/**
 * SGTIN-96 (GS1 EPC Tag Data Standard): the 96-bit EPC that item-level RFID tags carry.
 *   header 8 bits (0x30) | filter 3 | partition 3 | company prefix M | item reference N | serial 38
 * The partition says how the 44 bits of company prefix and item reference are split (M + N = 44) and how
 * many decimal digits each stands for (12 + 1, 11 + 2 … 6 + 7: always 13 digits).
 */
import { badInput } from "../shared/domain-error";

export const SGTIN96_HEADER = 0x30;

/** [company prefix bits, digits, item reference bits, digits] by partition value (TDS table 14-2). */
const PARTITIONS: readonly (readonly [number, number, number, number])[] = [
  [40, 12, 4, 1],
  [37, 11, 7, 2],
  [34, 10, 10, 3],
  [30, 9, 14, 4],
  [27, 8, 17, 5],
  [24, 7, 20, 6],
  [20, 6, 24, 7],
];

export interface Sgtin {
  filter: number;
  partition: number;
  companyPrefix: string;
  /** the item reference as encoded: its first digit is the GTIN's indicator digit */
  itemReference: string;
  serial: string;
  /** GTIN-14 with its check digit */
  gtin: string;
}

/** The GS1 check digit of a number's digits (weights 3, 1, 3 … from the right). */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** Whether an EPC (hex, any case) carries the SGTIN-96 header and length. */
export const isSgtin96 = (hex: string) => hex.length === 24 && parseInt(hex.slice(0, 2), 16) === SGTIN96_HEADER;

/**
 * Decodes an SGTIN-96 EPC given as 24 hex digits. Refuses (BAD_USER_INPUT naming `field`) another header, a
 * partition above 6, and a company prefix or item reference with more digits than its partition allows.
 */
export function decodeSgtin96(hex: string, field = "epc"): Sgtin {
  if (!/^[0-9a-fA-F]{24}$/.test(hex)) throw badInput("an SGTIN-96 EPC is 24 hexadecimal digits", { field });
  const bits = BigInt(`0x${hex}`);
  const take = (from: number, width: number) => (bits >> BigInt(96 - from - width)) & ((1n << BigInt(width)) - 1n);
  if (Number(take(0, 8)) !== SGTIN96_HEADER) throw badInput(`EPC ${hex} is not an SGTIN-96 (header 0x30)`, { field });
  const filter = Number(take(8, 3));
  const partition = Number(take(11, 3));
  if (partition > 6) throw badInput(`EPC ${hex} has SGTIN partition ${partition}; 0 to 6 exist`, { field });
  const [prefixBits, prefixDigits, itemBits, itemDigits] = PARTITIONS[partition];
  const prefix = take(14, prefixBits);
  const item = take(14 + prefixBits, itemBits);
  if (prefix >= 10n ** BigInt(prefixDigits) || item >= 10n ** BigInt(itemDigits)) {
    throw badInput(`EPC ${hex} holds more digits than its SGTIN partition ${partition} allows`, { field });
  }
  const companyPrefix = prefix.toString().padStart(prefixDigits, "0");
  const itemReference = item.toString().padStart(itemDigits, "0");
  const body = itemReference[0] + companyPrefix + itemReference.slice(1);
  return { filter, partition, companyPrefix, itemReference, serial: take(58, 38).toString(), gtin: body + gs1CheckDigit(body) };
}

/** A GTIN-8/12/13/14 written as GTIN-14 (zero-padded), if its check digit is right; else BAD_USER_INPUT. */
export function normalizeGtin(value: string, field = "gtin"): string {
  const digits = value.trim();
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(digits)) throw badInput("a GTIN is 8, 12, 13 or 14 digits", { field });
  const gtin = digits.padStart(14, "0");
  if (gs1CheckDigit(gtin.slice(0, 13)) !== Number(gtin[13])) throw badInput(`GTIN ${digits} has a wrong check digit`, { field });
  return gtin;
}
