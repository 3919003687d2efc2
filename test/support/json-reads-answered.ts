import type { TestHub } from "./test-hub";

/** How many `materials` operations each path has answered so far (/metrics): SQL-built JSON, or the resolvers. */
export async function jsonReadsAnswered(t: TestHub): Promise<{ sql: number; resolvers: number }> {
  const text = await (await fetch(new URL("/metrics", t.hub.url))).text();
  const count = (answered: string) => Number(new RegExp(`^hub_graphql_json_reads_total\\{answered="${answered}"\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
  return { sql: count("sql"), resolvers: count("resolvers") };
}
