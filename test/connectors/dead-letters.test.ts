/**
 * Connector health and dead letters through the graph: listing, replaying (one replay at a time) and
 * discarding with an audit record. The hub here has no connector configured, so a replay fails and
 * keeps the letter; the connector tests replay into a live connector.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(() => t?.stop());

const letter = async (connector: string, payload: unknown) =>
  (await t.db.sql.query<{ id: number }>(`INSERT INTO dead_letter (connector, payload, error, attempts) VALUES ($1, $2::jsonb, 'timeout', 5) RETURNING id`, [connector, JSON.stringify(payload)]))[0].id;

const LIST = `query($connector: String, $first: Int, $after: String) {
  deadLetters(connector: $connector, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id connector payload error attempts } } }`;
const REPLAY = `mutation($id: ID!) { replayDeadLetter(id: $id) { delivered deadLetter { id attempts error } } }`;

test("with no connector configured the hub lists none", async () => {
  const res = await t.gql(`{ connectors { name state } }`, {}, { auth: await t.token([Role.VIEWER]) });
  expect(res.errors).toBeUndefined();
  expect(res.data.connectors).toEqual([]);
});

test("dead letters are listed newest first, by connector, a page at a time; a viewer may not see them", async () => {
  const a = await letter("erp", { number: "PS-1" });
  const b = await letter("mqtt", { topic: "plant/W1/sensors/T1/temp", value: 99 });
  const c = await letter("erp", { number: "PS-2" });
  const integration = await t.token([Role.INTEGRATION]);
  const first = await t.gql(LIST, { connector: "erp", first: 1 }, { auth: integration });
  expect(first.errors).toBeUndefined();
  expect(first.data.deadLetters.totalCount).toBe(2);
  expect(first.data.deadLetters.nodes).toEqual([{ id: String(c), connector: "erp", payload: { number: "PS-2" }, error: "timeout", attempts: 5 }]);
  const next = await t.gql(LIST, { connector: "erp", first: 1, after: first.data.deadLetters.pageInfo.endCursor }, { auth: integration });
  expect(next.data.deadLetters.nodes.map((n: { id: string }) => n.id)).toEqual([String(a)]);
  expect(next.data.deadLetters.pageInfo.hasNextPage).toBe(false);
  const all = await t.gql(LIST, {}, { auth: integration });
  expect(all.data.deadLetters.nodes.map((n: { id: string }) => n.id)).toEqual([c, b, a].map(String));
  const viewer = await t.gql(LIST, {}, { auth: await t.token([Role.VIEWER]) });
  expect(viewer.errors?.[0].extensions?.code).toBe("FORBIDDEN");
});

test("a replay to a connector this hub does not run fails, counts the attempt and keeps the letter", async () => {
  const id = await letter("erp-old", { number: "PS-9" });
  const res = await t.gql(REPLAY, { id: String(id) }, { auth: await t.token([Role.INTEGRATION]) });
  expect(res.errors).toBeUndefined();
  expect(res.data.replayDeadLetter).toEqual({ delivered: false, deadLetter: { id: String(id), attempts: 6, error: "connector erp-old is not configured in this hub" } });
  const [row] = await t.db.sql.query<{ claimed: boolean }>(`SELECT claimed_until IS NOT NULL AS claimed FROM dead_letter WHERE id = $1`, [id]);
  expect(row.claimed).toBe(false);
});

test("a letter being replayed cannot be replayed again at the same time; an unknown one is NOT_FOUND", async () => {
  const id = await letter("erp", { number: "PS-10" });
  await t.db.sql.query(`UPDATE dead_letter SET claimed_until = now() + interval '1 minute' WHERE id = $1`, [id]);
  const auth = await t.token([Role.INTEGRATION]);
  const busy = await t.gql(REPLAY, { id: String(id) }, { auth });
  expect(busy.errors?.[0].extensions?.code).toBe("CONFLICT");
  const [row] = await t.db.sql.query<{ attempts: number }>(`SELECT attempts FROM dead_letter WHERE id = $1`, [id]);
  expect(row.attempts).toBe(5);
  const unknown = await t.gql(REPLAY, { id: "999999" }, { auth });
  expect(unknown.errors?.[0].extensions?.code).toBe("NOT_FOUND");
});

test("an administrator discards a letter; the audit log keeps the message and who dropped it", async () => {
  const id = await letter("erp", { number: "PS-11" });
  const DISCARD = `mutation($id: ID!) { discardDeadLetter(id: $id) { id payload } }`;
  const refused = await t.gql(DISCARD, { id: String(id) }, { auth: await t.token([Role.INTEGRATION]) });
  expect(refused.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  const res = await t.gql(DISCARD, { id: String(id) });
  expect(res.errors).toBeUndefined();
  expect(res.data.discardDeadLetter.payload).toEqual({ number: "PS-11" });
  expect(await t.db.sql.query(`SELECT 1 FROM dead_letter WHERE id = $1`, [id])).toHaveLength(0);
  const [audit] = await t.db.sql.query<{ actor: string; changes: { payload: unknown } }>(
    `SELECT actor, changes FROM audit_log WHERE entity = 'DeadLetter' AND entity_id = $1 AND action = 'discard'`,
    [String(id)],
  );
  expect(audit.actor).toBe("user:test-admin");
  expect(audit.changes.payload).toEqual({ number: "PS-11" });
  const again = await t.gql(DISCARD, { id: String(id) });
  expect(again.errors?.[0].extensions?.code).toBe("NOT_FOUND");
});
