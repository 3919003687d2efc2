-- A webhook whose URL is `mailto:<address>` is delivered as e-mail through SMTP_URL: not signed, so it has no secret.

-- AlterTable
ALTER TABLE "webhook" ALTER COLUMN "secret" DROP NOT NULL;
