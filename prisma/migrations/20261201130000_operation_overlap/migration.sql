-- An operation may start while the previous one is still running (routing overlap).
ALTER TABLE "work_order_operation" ADD COLUMN "allow_overlap" BOOLEAN NOT NULL DEFAULT false;
