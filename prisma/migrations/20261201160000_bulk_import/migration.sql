-- CreateTable
CREATE TABLE "import_run" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "actor" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "import_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "opening_stock_posting" (
    "reference" TEXT NOT NULL,
    "import_id" INTEGER NOT NULL,
    "ledger_entry_id" BIGINT NOT NULL,

    CONSTRAINT "opening_stock_posting_pkey" PRIMARY KEY ("reference")
);

-- CreateIndex
CREATE INDEX "opening_stock_posting_import_id_idx" ON "opening_stock_posting"("import_id");

-- AddForeignKey
ALTER TABLE "opening_stock_posting" ADD CONSTRAINT "opening_stock_posting_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "import_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

