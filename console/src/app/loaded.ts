/**
 * What the console waits for before its first page (the signed-in console's chunk, the viewer, the page's chunk),
 * rendered without Suspense: React holds a boundary's content back until 300 ms after its fallback showed (its
 * throttle of reveals), and these three in turn cost the first page up to 900 ms on that alone. Instead
 * `loading(promise)` notes when a promise settles, and `useLoaded(promise)` gives its value at once when it has
 * (the usual case: they start together as the console starts), undefined until then, rendering again when it does.
 */
import { useEffect, useReducer } from "react";

type Outcome = { value: unknown } | { error: unknown };
const settled = new WeakMap<Promise<unknown>, Outcome>();

/** `promise`, its outcome noted for `useLoaded` as soon as it settles. */
export function loading<T>(promise: Promise<T>): Promise<T> {
  promise.then(
    (value) => void settled.set(promise, { value }),
    (error) => void settled.set(promise, { error }),
  );
  return promise;
}

/** The value of a `loading` promise once settled (its error is thrown, as a component's own would be); none: undefined. */
export function useLoaded<T>(promise: Promise<T> | undefined): T | undefined {
  const [, settle] = useReducer((n: number) => n + 1, 0);
  const outcome = promise && settled.get(promise);
  useEffect(() => {
    if (!promise || outcome) return;
    let mounted = true;
    // called after loading()'s own callbacks (attached first), so the outcome is noted when this renders again
    promise.then(
      () => mounted && settle(),
      () => mounted && settle(),
    );
    return () => void (mounted = false);
  }, [promise, outcome]);
  if (outcome && "error" in outcome) throw outcome.error;
  return outcome?.value as T | undefined;
}
