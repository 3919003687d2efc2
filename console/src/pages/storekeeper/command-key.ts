import { useCallback, useRef } from "react";
import { newIdempotencyKey } from "../../components/idempotency-key";

/**
 * One idempotency key per command: the same key while the same payload is sent again (a double Enter, a retry
 * after a lost response posts once), a new one for a new payload or once the command went through (`done`).
 */
export function useCommandKey() {
  const last = useRef<{ payload: string; key: string } | null>(null);
  const keyFor = useCallback((payload: unknown) => {
    const text = JSON.stringify(payload);
    if (last.current?.payload !== text) last.current = { payload: text, key: newIdempotencyKey() };
    return last.current.key;
  }, []);
  const done = useCallback(() => void (last.current = null), []);
  return { keyFor, done };
}
