-- The warehouse a dead letter concerns, so that identities limited to other warehouses neither see nor replay it.
ALTER TABLE "dead_letter" ADD COLUMN "warehouse_code" TEXT;

-- ERP push requests carry their warehouse; device messages name it in their topic: <prefix…>/<warehouse>/devices/<device>/<kind>.
UPDATE "dead_letter" SET "warehouse_code" = CASE
  WHEN "payload" ? 'body' THEN "payload"->'body'->>'warehouseCode'
  WHEN "payload" ? 'topic' THEN upper((string_to_array("payload"->>'topic', '/'))[cardinality(string_to_array("payload"->>'topic', '/')) - 3])
END;

-- The warehouses of the identity that used an idempotency key (NULL = all): a replay needs the same.
ALTER TABLE "idempotency_key" ADD COLUMN "scope" TEXT;
