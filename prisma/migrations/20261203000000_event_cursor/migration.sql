-- One table of outbox cursors (src/events/event-cursor.store.ts) for every follower of the outbox: the ERP push,
-- equipment failures from alarms, rules, webhooks… instead of one per area.
ALTER TABLE "connector_cursor" RENAME TO "event_cursor";
ALTER TABLE "event_cursor" RENAME CONSTRAINT "connector_cursor_pkey" TO "event_cursor_pkey";
INSERT INTO "event_cursor" (name, last_event_id, updated_at)
  SELECT name, last_event_id, updated_at FROM "exception_event_cursor" ON CONFLICT (name) DO NOTHING;
DROP TABLE "exception_event_cursor";
