-- A weight sensor may open a count session of its location when its shelf disagrees with the books
ALTER TABLE "device" ADD COLUMN "count_on_mismatch" BOOLEAN NOT NULL DEFAULT false;

-- an exception linked to the count session it opened
ALTER TYPE "ExceptionLinkKind" ADD VALUE 'COUNT_SESSION';
