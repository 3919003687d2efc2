-- Connectors that follow the outbox (the ERP push) keep how far they got, so a restart resumes there.

-- CreateTable
CREATE TABLE "connector_cursor" (
    "name" TEXT NOT NULL,
    "last_event_id" BIGINT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connector_cursor_pkey" PRIMARY KEY ("name")
);
