/**
 * Waits until the page has had no HTTP request in flight for `quietMs` and nothing on it is busy (`aria-busy`: a
 * chart still loading echarts, which it asks for only once drawn): pages re-read after live events and actions,
 * so a test settles before it reads what the page shows or opens another page.
 */
import type { Page } from "playwright-core";

const inFlight = new WeakMap<Page, Set<unknown>>();

/** Starts counting the page's requests (once per page). */
export function trackRequests(page: Page): void {
  if (inFlight.has(page)) return;
  const open = new Set<unknown>();
  inFlight.set(page, open);
  page.on("request", (r) => void open.add(r));
  page.on("requestfinished", (r) => void open.delete(r));
  page.on("requestfailed", (r) => void open.delete(r));
}

export async function settle(page: Page, quietMs = 300, timeoutMs = 15_000): Promise<void> {
  const open = inFlight.get(page);
  if (!open) throw new Error("trackRequests(page) first");
  const end = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() < end) {
    if (open.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) {
      if ((await page.locator('[aria-busy="true"]').count()) === 0) return;
      quietSince = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`requests still in flight after ${timeoutMs} ms`);
}
