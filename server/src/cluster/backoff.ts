/**
 * How long to wait before trying again: exponential backoff with jitter, honouring Retry-After.
 * Pure: the attempt number, the policy and a random number in, milliseconds out.
 *
 *   base(attempt) = min(maxMs, initialMs * factor^attempt)
 *   delay         = base * (1 - jitter * random)        "equal-ish" jitter: never below
 *                                                       (1 - jitter) of the base, so clients
 *                                                       spread out yet still back off
 *   Retry-After   = the server's word is a floor: max(delay, retryAfterMs), capped at
 *                   maxRetryAfterMs so a silly header cannot park us for hours
 *
 * Attempt 0 is the first retry after a failure. Callers reset the attempt count once things work
 * again (a list succeeded, a watch stayed open), so one blip long ago does not slow the next retry.
 */

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** 0: no jitter; 1: anywhere between 0 and the base. */
  readonly jitter: number;
  readonly maxRetryAfterMs: number;
}

/** client-go's reflector backs off from 800 ms to 30 s; we start a little lower for an editor. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5, maxRetryAfterMs: 5 * 60_000 };

/** The delay before retry number `attempt` (0-based). `random` is in [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: number = Math.random(), retryAfterMs?: number): number {
  const n = Math.max(0, Math.floor(attempt));
  // factor^n overflows to Infinity for large n, which min() then caps.
  const base = Math.min(policy.maxMs, policy.initialMs * Math.pow(policy.factor, n));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  const r = Math.min(1, Math.max(0, random));
  const delay = Math.round(base * (1 - jitter * r));
  if (retryAfterMs === undefined || !(retryAfterMs > 0)) return delay;
  return Math.max(delay, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (relative to `now`); undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
