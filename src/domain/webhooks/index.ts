export { WebhookService, type WebhookView } from "./webhook.service";
export { emailAddressOf, isEmailUrl, secretPrefix, type WebhookInput } from "./webhook.rules";
export { needsFacts, webhookWants } from "./webhook-filter";
export type { DeliveryFigures, DeliveryRow, WebhookRow } from "./webhook.store";
