-- Planned orders' and purchase suggestions' pegs as json, not jsonb: a run writes 455k pegs (10k materials) with its
-- 160k rows, and parsing them into jsonb was about a quarter of the server's CPU for that COPY; json only validates
-- them (docs/benchmarks.md, "Persist, issue #18, third round"). They are only ever read whole.
ALTER TABLE "planned_order" ALTER COLUMN "pegs" DROP DEFAULT, ALTER COLUMN "pegs" SET DATA TYPE JSON USING "pegs"::json, ALTER COLUMN "pegs" SET DEFAULT '[]';
ALTER TABLE "purchase_suggestion" ALTER COLUMN "pegs" DROP DEFAULT, ALTER COLUMN "pegs" SET DATA TYPE JSON USING "pegs"::json, ALTER COLUMN "pegs" SET DEFAULT '[]';
