-- Wakes the outbox publishers when events commit (NOTIFY is delivered at commit; repeated notifications
-- of one transaction collapse into one), so they need not poll the table.
CREATE FUNCTION "event_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hub_events', '');
  RETURN NULL;
END $$;

CREATE TRIGGER "event_notify" AFTER INSERT ON "event" FOR EACH STATEMENT EXECUTE FUNCTION "event_notify"();
