import { getEventListeners } from "node:events";
import { Wakeup } from "./wakeup";

const HOUR = 3_600_000;

test("a wake ends the wait in hand, or the next one at once; each wait takes its abort listener away with it", async () => {
  const stopping = new AbortController();
  const wakeup = new Wakeup();
  for (let i = 0; i < 50; i++) {
    const waiting = wakeup.wait(HOUR, stopping.signal);
    expect(getEventListeners(stopping.signal, "abort")).toHaveLength(1);
    wakeup.wake();
    await waiting;
    expect(getEventListeners(stopping.signal, "abort")).toHaveLength(0);
  }
  wakeup.wake();
  await wakeup.wait(HOUR, stopping.signal); // woken before it began
  expect(getEventListeners(stopping.signal, "abort")).toHaveLength(0);
});

test("a wait ends when its time is up, or when the signal aborts", async () => {
  const stopping = new AbortController();
  const wakeup = new Wakeup();
  await wakeup.wait(1, stopping.signal);
  expect(getEventListeners(stopping.signal, "abort")).toHaveLength(0);
  const waiting = wakeup.wait(HOUR, stopping.signal);
  stopping.abort();
  await waiting;
  await wakeup.wait(HOUR, stopping.signal); // already aborted: at once
});
