-- Guards Prisma's schema language cannot express. They back up the domain rules at the last line:
-- even a bug in a service cannot make stock negative, over-reserve it, or rewrite history.

ALTER TABLE "stock_balance"
  ADD CONSTRAINT "stock_balance_on_hand_not_negative" CHECK ("on_hand" >= 0),
  ADD CONSTRAINT "stock_balance_reserved_within_on_hand" CHECK ("reserved" >= 0 AND "reserved" <= "on_hand"),
  ADD CONSTRAINT "stock_balance_in_transit_not_negative" CHECK ("in_transit" >= 0);

-- The stock ledger is append-only.
CREATE FUNCTION "stock_ledger_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock_ledger_entry is append-only (% refused)', TG_OP USING ERRCODE = 'P0001';
END $$;

CREATE TRIGGER "stock_ledger_entry_append_only"
  BEFORE UPDATE OR DELETE ON "stock_ledger_entry"
  FOR EACH ROW EXECUTE FUNCTION "stock_ledger_entry_append_only"();
