/** Shared by the counting tests: documents, SGTIN-96 tags, and what a refused command must leave untouched. */
import type { TestHub } from "../support/test-hub";
import { snapshot } from "../stock/stock-fixture";

/** The Tag Data Standard's example tag (GTIN 80614141123458) with another serial: the low 38 bits. */
export const GTIN = "80614141123458";
const BASE = BigInt("0x3074257BF7194E4000001A85") & ~((1n << 38n) - 1n);
export const tag = (serial: number) => (BASE | BigInt(serial)).toString(16).toUpperCase().padStart(24, "0");

export const SESSION = `id number status blind accuracy linesCounted linesWithinTolerance
  lines { location { code } material { code } lot { code } enteredQuantity tagsRead countedQuantity bookQuantity difference value currency withinTolerance recountRequested recounts }`;
export const CREATE = `mutation($input: CreateCountSessionInput!, $key: String) { createCountSession(input: $input, idempotencyKey: $key) { replayed countSession { ${SESSION} locations { code } } } }`;
export const START = `mutation($number: String!) { startCountSession(number: $number) { countSession { status } } }`;
export const READS = `mutation($input: RfidReadsInput!, $key: String) { recordRfidReads(input: $input, idempotencyKey: $key) { replayed tagsRead counted alreadyCounted unknownEpcs } }`;
export const COUNT = `mutation($input: RecordCountInput!) { recordCount(input: $input) { countSession { status } } }`;
export const SUBMIT = `mutation($number: String!) { submitCountSession(number: $number) { recountLines countSession { status } } }`;
export const APPROVE = `mutation($number: String!, $key: String) { approveCountSession(number: $number, idempotencyKey: $key) { replayed entries { type quantity reasonCode location { code } material { code } } countSession { status accuracy } } }`;
export const CANCEL = `mutation($number: String!) { cancelCountSession(number: $number) { countSession { status } } }`;
export const SESSION_QUERY = `query($number: String!) { countSession(number: $number) { ${SESSION} } }`;

/** The stock snapshot plus every counting table: a refused command changes none of it. */
export async function countingSnapshot(t: TestHub) {
  const stock = await snapshot(t);
  const tables = ["count_session", "count_location", "count_line", "count_read", "epc_mapping", "gtin_mapping", "location_block", "audit_log"];
  const rows = await Promise.all(tables.map(async (table) => (await t.db.sql.query<{ h: string }>(`SELECT md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${table} t`))[0].h));
  return { stock, counting: Object.fromEntries(tables.map((table, i) => [table, rows[i]])) };
}

/** A storage location of PLANT-1 (created through the graph) holding `stock` (material → quantity) received there. */
export async function stockedLocation(t: TestHub, code: string, stock: Record<string, string>, at: { x?: string; y?: string } = {}) {
  const created = await t.gql(`mutation($input: LocationInput!) { createLocation(input: $input) { id } }`, { input: { warehouseCode: "PLANT-1", code, name: `Bin ${code}`, ...at } });
  expect(created.errors).toBeUndefined();
  for (const [materialCode, quantity] of Object.entries(stock)) {
    const res = await t.gql(`mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { replayed } }`, { input: { materialCode, warehouseCode: "PLANT-1", locationCode: code, quantity } });
    expect(res.errors).toBeUndefined();
  }
}
