/** Helpers to import through the real hub: the importData mutation and the streaming POST /import/<kind>. */
import type { TestHub } from "../support/test-hub";

export const IMPORT = `mutation($kind: String!, $format: ImportFormat!, $content: String!) {
  importData(kind: $kind, format: $format, content: $content) {
    importId kind status total created updated unchanged errorCount errors { line field code message }
  }
}`;

export async function importInline(t: TestHub, kind: string, content: string, format = "CSV", auth?: string) {
  const res = await t.gql(IMPORT, { kind, format, content }, auth === undefined ? {} : { auth });
  if (res.errors) return { errors: res.errors };
  return res.data.importData;
}

/** POSTs the file to /import/<kind> and returns the NDJSON lines of the answer (and its status). */
export async function importOverHttp(t: TestHub, kind: string, body: string | AsyncIterable<Uint8Array>, format = "csv", token?: string) {
  const url = new URL(`/import/${kind}?format=${format}`, t.hub.url);
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token ?? (await t.token())}` },
    body: body as string,
    ...(typeof body === "string" ? {} : { duplex: "half" }),
  } as RequestInit);
  const text = await res.text();
  const lines = res.headers.get("content-type")?.includes("ndjson") ? text.trim().split("\n").map((l) => JSON.parse(l)) : [JSON.parse(text)];
  return { status: res.status, lines, result: lines.find((l) => l.result)?.result };
}

export const count = async (t: TestHub, sql: string) => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`))[0].n;
