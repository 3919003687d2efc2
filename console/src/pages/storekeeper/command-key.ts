import { useCallback, useRef } from "react";

/** A random idempotency key (crypto.getRandomValues: randomUUID needs a secure context, a plant's LAN may not be one). */
export function newCommandKey(): string {
  return `console-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * One idempotency key per command: the same key while the same payload is sent again (a double Enter, a retry
 * after a lost response posts once), a new one for a new payload or once the command went through (`done`).
 */
export function useCommandKey() {
  const last = useRef<{ payload: string; key: string } | null>(null);
  const keyFor = useCallback((payload: unknown) => {
    const text = JSON.stringify(payload);
    if (last.current?.payload !== text) last.current = { payload: text, key: newCommandKey() };
    return last.current.key;
  }, []);
  const done = useCallback(() => void (last.current = null), []);
  return { keyFor, done };
}
