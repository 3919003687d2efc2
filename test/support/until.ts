/**
 * Polls `probe` until it returns something other than undefined, null or false, and returns that; fails
 * naming `what` after `ms`. For effects that happen after a request returns (publishing, connectors,
 * background runs): tests wait for the effect, never for a fixed time.
 */
export async function until<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
