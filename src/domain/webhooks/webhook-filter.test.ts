import { payloadRefs, webhookWants, type EventFacts, type WebhookFilter } from "./webhook-filter";

const hook = (f: Partial<WebhookFilter> = {}): WebhookFilter => ({ topics: ["stock.low"], warehouseCode: null, materialCode: null, buyer: null, supplierCode: null, ...f });
const facts = (f: Partial<EventFacts> = {}): EventFacts => ({
  warehouseCode: "W1",
  material: { code: "M1", buyer: "ANNA", supplierCodes: ["S1", "S2"] },
  supplierCode: null,
  ...f,
});

test("the topic must be one of the webhook's", () => {
  expect(webhookWants(hook(), "stock.low", null)).toBe(true);
  expect(webhookWants(hook(), "alarm.raised", null)).toBe(false);
});

test("every filter set must match the event's facts", () => {
  expect(webhookWants(hook({ warehouseCode: "W1" }), "stock.low", facts())).toBe(true);
  expect(webhookWants(hook({ warehouseCode: "W2" }), "stock.low", facts())).toBe(false);
  expect(webhookWants(hook({ warehouseCode: "W1" }), "stock.low", facts({ warehouseCode: null }))).toBe(false);
  expect(webhookWants(hook({ materialCode: "M1", buyer: "ANNA" }), "stock.low", facts())).toBe(true);
  expect(webhookWants(hook({ materialCode: "M1", buyer: "BEN" }), "stock.low", facts())).toBe(false);
  expect(webhookWants(hook({ supplierCode: "S2" }), "stock.low", facts())).toBe(true);
  expect(webhookWants(hook({ supplierCode: "S3" }), "stock.low", facts())).toBe(false);
  expect(webhookWants(hook({ supplierCode: "S3" }), "stock.low", facts({ supplierCode: "S3", material: null }))).toBe(true);
});

test("an event naming no material reaches no material, buyer or supplier filter", () => {
  for (const f of [{ materialCode: "M1" }, { buyer: "ANNA" }, { supplierCode: "S1" }]) {
    expect(webhookWants(hook(f), "stock.low", facts({ material: null }))).toBe(false);
  }
});

test("a payload's material and supplier are read by their field names, whatever the topic", () => {
  expect(payloadRefs({ materialId: 7, materialCode: "M7", supplierCode: "S1", other: 1 })).toEqual({ materialId: 7, materialCode: "M7", supplierCode: "S1" });
  expect(payloadRefs({ materialId: null, apiKeyId: 3 })).toEqual({ materialId: null, materialCode: null, supplierCode: null });
});
