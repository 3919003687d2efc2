-- Rough-cut capacity (src/domain/planning: capacity-load.ts): overloaded work centers raise CAPACITY exceptions,
-- and each work center has its working days (ISO weekdays, 1 = Monday … 7 = Sunday; default Monday to Friday).

-- AlterEnum
ALTER TYPE "ExceptionType" ADD VALUE 'CAPACITY';

-- AlterTable
ALTER TABLE "work_center" ADD COLUMN "working_days" INTEGER[] DEFAULT ARRAY[1, 2, 3, 4, 5]::INTEGER[];
