// The one polling helper of every suite (unit, integration, e2e): tests wait for a condition, never for a time.

/**
 * Polls `value` every `everyMs` until it gives something (not `undefined`, not `false`) and returns that; fails
 * naming `what` (and `detail()`, when given) after `timeoutMs`.
 */
export async function waitFor<T>(
  what: string,
  value: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
  detail?: () => string,
  everyMs = 10,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await value();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${detail ? `; ${detail()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
