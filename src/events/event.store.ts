import type { Sql } from "../db/database";
import type { Tx } from "../db/transaction";
import type { EventCause, HubEvent, Topic } from "./topics";

/**
 * The only file whose SQL names the outbox table `event`. An event's `id` follows inserts; its `position`
 * is stamped when it is published and is the id subscribers see (see OutboxPublisher).
 */

/** The transaction-local setting that carries the cause of the events a transaction writes (see setEventCause). */
const CAUSE_SETTING = "hub.event_cause";

/** Appends an event (payload as JSON text) inside the caller's transaction, with the transaction's cause if one was set. */
export async function insertEvent(tx: Tx, topic: Topic, payloadJson: string): Promise<void> {
  await tx.query(`INSERT INTO event (topic, payload, cause) VALUES ($1, $2::jsonb, nullif(current_setting('${CAUSE_SETTING}', true), '')::jsonb)`, [topic, payloadJson]);
}

/**
 * An INSERT of one event of `topic` per row of `payloads` (an SQL query with a jsonb column `payload`), with the
 * transaction's cause: a store's statement that writes a change can write its event too, in the same round trip.
 * `topic` is a constant of the topic map, never input.
 */
export const insertEventsFrom = (topic: Topic, payloads: string) =>
  `INSERT INTO event (topic, payload, cause) SELECT '${topic}', p.payload, nullif(current_setting('${CAUSE_SETTING}', true), '')::jsonb FROM (${payloads}) p`;

/** Every event the transaction writes from now on carries `cause` (until it ends). */
export async function setEventCause(tx: Tx, cause: EventCause): Promise<void> {
  await tx.query(`SELECT set_config('${CAUSE_SETTING}', $1, true)`, [JSON.stringify(cause)]);
}

/** The position of the first event published at or after `since` (the next position to be used when none is). */
export async function firstPositionSince(sql: Sql, since: Date): Promise<number> {
  const [{ first }] = await sql.query<{ first: string | null }>(`SELECT min(position)::text AS first FROM event WHERE published_at >= $1`, [since]);
  return first === null ? (await lastPosition(sql)) + 1 : Number(first);
}

/** Appends events of one topic in the order given (ids follow it), in one statement, with the transaction's cause if one was set. */
export async function insertEvents(tx: Tx, topic: Topic, payloadsJson: readonly string[]): Promise<void> {
  await tx.query(
    `INSERT INTO event (topic, payload, cause)
     SELECT $1, p, nullif(current_setting('${CAUSE_SETTING}', true), '')::jsonb FROM unnest($2::jsonb[]) WITH ORDINALITY AS u(p, n) ORDER BY n`,
    [topic, payloadsJson],
  );
}

/** The position of the last published event (0 when none is). */
export async function lastPosition(sql: Sql): Promise<number> {
  const [{ last }] = await sql.query<{ last: string }>(`SELECT coalesce(max(position), 0)::text AS last FROM event`);
  return Number(last);
}

/** Up to `limit` published events of every topic after `position`, in position order. */
export async function publishedAfter(sql: Sql, position: number, limit: number): Promise<HubEvent[]> {
  const rows = await sql.query<{ id: string; topic: Topic; payload: unknown; createdAt: Date }>(
    `SELECT position::text AS id, topic, payload, created_at AS "createdAt" FROM event WHERE position > $1 ORDER BY position LIMIT $2`,
    [position, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), topic: r.topic, payload: r.payload as HubEvent["payload"], createdAt: r.createdAt }));
}

/** Up to `limit` published events of `topic` after `position`, in position order. */
export async function publishedOfTopicAfter(sql: Sql, topic: Topic, position: number, limit: number): Promise<HubEvent[]> {
  const rows = await sql.query<{ id: string | number; payload: unknown; createdAt: Date }>(
    `SELECT position AS id, payload, created_at AS "createdAt" FROM event
      WHERE topic = $1 AND position > $2 ORDER BY position LIMIT $3`,
    [topic, position, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), topic, payload: r.payload as HubEvent["payload"], createdAt: r.createdAt }));
}

/** Up to `limit` published events of any of `topics` after `position`, in position order, with their cause. */
/**
 * Held (xact, exclusive) by the publishing transaction: positions are handed out in the order publishers
 * commit, and a reader that takes it shared sees every event published to the bus before it.
 */
export const PUBLISH_LOCK = 74_260_040;

/**
 * Waits for a publisher's transaction in progress, if any: it hands events to the bus before it commits, so a
 * follower woken by one must let it commit before reading them (a statement of its own: the read after it
 * takes a fresh snapshot).
 */
export async function awaitPublishing(sql: Sql): Promise<void> {
  await sql.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock_shared(${PUBLISH_LOCK})`);
}

export async function publishedOfTopicsAfter(sql: Sql, topics: readonly Topic[], position: number, limit: number): Promise<HubEvent[]> {
  const rows = await sql.query<{ id: string; topic: Topic; payload: unknown; createdAt: Date; cause: EventCause | null }>(
    `SELECT position::text AS id, topic, payload, created_at AS "createdAt", cause FROM event
      WHERE topic = ANY($1::text[]) AND position > $2 ORDER BY position LIMIT $3`,
    [topics, position, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), topic: r.topic, payload: r.payload as HubEvent["payload"], createdAt: r.createdAt, cause: r.cause }));
}

export interface PublishedEvent {
  id: number;
  topic: Topic;
  payload: unknown;
  createdAt: Date;
}

/**
 * The oldest unpublished events, locked. Ordered by `(published_at, id)` — the same order as `id` among
 * unpublished rows — so PostgreSQL walks the `(published_at, id)` index from its NULL end and stops after `$1`
 * rows. Ordered by `id` alone, it chose to fetch every unpublished version the index holds and sort them: with
 * autovacuum off or behind, the dead versions net change's bursts leave made that one statement cost ~90 ms per
 * publish instead of ~1 ms (test/events/publish-scan.test.ts).
 */
export const OLDEST_UNPUBLISHED = `SELECT id FROM event WHERE published_at IS NULL ORDER BY published_at, id LIMIT $1 FOR UPDATE`;

/**
 * The statement that publishes the oldest `limit` events not yet published: locks them (until its
 * transaction ends), stamps them published now with fresh positions in id order and returns them (`published`
 * reads its rows). Without parameters (the limit is written in), so it can travel with the transaction's BEGIN.
 */
export const publishNextStatement = (limit: number) => {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`publishNextStatement: limit ${limit}`);
  return `WITH next AS (${OLDEST_UNPUBLISHED.replace("$1", String(limit))}),
          numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM next),
          positions AS (SELECT p, row_number() OVER (ORDER BY p) AS n FROM (SELECT nextval('event_position_seq') AS p FROM next) s)
     UPDATE event e SET published_at = now(), position = positions.p FROM numbered JOIN positions USING (n) WHERE e.id = numbered.id
     RETURNING e.position::text AS position, e.topic, e.payload, e.created_at AS "createdAt"`;
};

export type PublishedRow = { position: string; topic: Topic; payload: unknown; createdAt: Date };

/** The rows of `publishNextStatement`, as events in position order with their positions as `id`. */
export function published(rows: PublishedRow[]): PublishedEvent[] {
  return rows.map((r) => ({ id: Number(r.position), topic: r.topic, payload: r.payload, createdAt: r.createdAt })).sort((x, y) => x.id - y.id);
}

/** Deletes up to `limit` events published more than `days` ago; returns how many. */
export async function deletePublishedBefore(sql: Sql, days: number, limit: number): Promise<number> {
  const [{ n }] = await sql.query<{ n: number }>(
    `WITH gone AS (DELETE FROM event WHERE id IN (SELECT id FROM event WHERE published_at < now() - make_interval(days => $1) LIMIT $2) RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [days, limit],
  );
  return n;
}
