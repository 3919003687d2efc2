-- Dead letters can be replayed: the last attempt's time, and a claim that keeps two replays of one message apart.

-- AlterTable
ALTER TABLE "dead_letter" ADD COLUMN     "claimed_until" TIMESTAMP(3),
ADD COLUMN     "last_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

