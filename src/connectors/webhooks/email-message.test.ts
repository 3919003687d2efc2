import { emailOf } from "./email-message";

const body = (topic: string, payload: Record<string, unknown>) => JSON.stringify({ id: 7, topic, createdAt: "2026-12-02T08:00:00.000Z", payload });

test("a rule's message is the subject and the first line; the event follows", () => {
  const mail = emailOf(body("rule.notified", { ruleId: 1, message: "RELAY-10A low in PLANT-1: 4 left", materialCode: "RELAY-10A" }));
  expect(mail.subject).toBe("RELAY-10A low in PLANT-1: 4 left");
  expect(mail.text.split("\n")[0]).toBe("RELAY-10A low in PLANT-1: 4 left");
  expect(mail.text).toContain("Event 7 (rule.notified) at 2026-12-02T08:00:00.000Z:");
  expect(mail.text).toContain('"ruleId": 1');
});

test("another topic is named with the material and warehouse it is about, or alone", () => {
  expect(emailOf(body("stock.low", { materialCode: "M1", warehouseCode: "W1", available: "4" })).subject).toBe("stock.low: M1 in W1");
  expect(emailOf(body("mrp.progress", { runId: 3 })).subject).toBe("mrp.progress");
});

test("a long or multi-line message makes a one-line subject of at most 150 characters", () => {
  const subject = emailOf(body("rule.notified", { message: `first\nsecond ${"x".repeat(300)}` })).subject;
  expect(subject.length).toBe(150);
  expect(subject).not.toContain("\n");
  expect(subject.endsWith("…")).toBe(true);
});
