-- A planning exception's identity (exceptionKey, src/domain/exceptions/exception-key.ts), written with it: a new plan
-- compares its exceptions' keys with these instead of reading and keying every open exception's details (issue #18).
-- Rows written before have none and are keyed from their fields when compared.
ALTER TABLE "exception" ADD COLUMN "plan_key" TEXT;
