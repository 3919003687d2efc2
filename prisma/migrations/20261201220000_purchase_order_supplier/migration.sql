-- AlterTable
ALTER TABLE "purchase_order" ADD COLUMN     "supplier_code" TEXT;
