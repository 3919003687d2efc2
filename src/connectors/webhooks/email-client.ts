import { createTransport } from "nodemailer";
import { PermanentFailure } from "../retry";
import { emailOf } from "./email-message";
import { WebhookUnreachable } from "./webhook-client";

/** One delivery of an e-mail webhook: the stored body, to the address of its `mailto:` URL. */
export interface MailedDelivery {
  to: string;
  eventId: number;
  topic: string;
  body: string;
}

export type SendMail = (delivery: MailedDelivery) => Promise<void>;

/**
 * Sends deliveries through the SMTP server of `smtp` (nodemailer, a connection per message). Resolves once the
 * server accepted the message; throws `PermanentFailure` when it refused it for good (a 5xx answer: unknown
 * address, message refused) or no server is configured, `WebhookUnreachable` when the server could not be
 * reached or did not answer within `timeoutMs`, a plain Error for a 4xx answer (try later).
 */
export function smtpSender(smtp: { url: string; from: string } | undefined, timeoutMs: number): SendMail {
  if (smtp === undefined) {
    return async () => {
      throw new PermanentFailure("no SMTP server: set SMTP_URL, then replay the dead letter");
    };
  }
  const transport = createTransport({ url: smtp.url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  return async (d) => {
    const { subject, text } = emailOf(d.body);
    try {
      await transport.sendMail({ from: smtp.from, to: d.to, subject, text, headers: { "X-Hub-Event-Id": String(d.eventId), "X-Hub-Topic": d.topic } });
    } catch (err) {
      const e = err as Error & { responseCode?: number; code?: string };
      if (e.responseCode !== undefined && e.responseCode >= 500) throw new PermanentFailure(`SMTP server refused it: ${e.message}`);
      if (e.responseCode !== undefined) throw new Error(`SMTP server answered ${e.message}`);
      throw new WebhookUnreachable(`SMTP server unreachable: ${e.code ?? e.message}`);
    }
  };
}
