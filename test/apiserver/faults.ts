/**
 * Fault injection: the failures a test asks for, decided per request.
 *
 * A test reaches these through `controls` (index.ts). Each request is checked, in this order:
 *   1. an outage: every request is reset (socket destroyed), answered 503, or never reaches the
 *      server at all ('refuse': the listener is closed until `restore()`, handled in index.ts);
 *   2. a pending connection reset for a matching request (the socket is destroyed before any byte
 *      of the response, as when a load balancer drops a connection);
 *   3. added latency (all requests, or matching ones);
 *   4. a pending failure for a matching request: a 5xx or 429 Status, with Retry-After if asked.
 * "Matching" is an optional filter on method and URL: a string matches as a substring of the path,
 * a RegExp is tested against path and query (`/api/v1/pods?watch=1`). Each rule counts down and
 * disappears when used up, so a test states exactly how many requests fail.
 *
 * Dropping open watches is not decided here: index.ts closes their streams on request.
 */
import { injected, type ApiError } from './status';

/** Which requests a rule applies to. */
export interface RequestMatch {
  /** A substring of the path, or a RegExp tested against path and query. */
  path?: string | RegExp;
  /** HTTP method, e.g. 'GET' or 'PATCH'. */
  method?: string;
}

/** A request about to be handled. */
export interface RequestFacts {
  method: string;
  url: string;
}

interface FailRule {
  remaining: number;
  status: number;
  retryAfterSeconds?: number;
  match: RequestMatch;
}

interface ResetRule {
  remaining: number;
  match: RequestMatch;
}

/** What to do with a request. */
export type FaultDecision =
  | { action: 'reset' }
  | { action: 'fail'; error: ApiError; delayMs: number }
  | { action: 'proceed'; delayMs: number };

/** The kinds of outage a test can start. */
export type OutageMode = 'reset' | 'refuse' | 'unavailable';

export function matches(m: RequestMatch, r: RequestFacts): boolean {
  if (m.method && m.method.toUpperCase() !== r.method.toUpperCase()) return false;
  if (m.path === undefined) return true;
  if (typeof m.path === 'string') return r.url.split('?')[0].includes(m.path);
  m.path.lastIndex = 0;
  return m.path.test(r.url);
}

export class Faults {
  private latency: { ms: number; match: RequestMatch } | undefined;
  private failures: FailRule[] = [];
  private resets: ResetRule[] = [];
  /** The current outage, if any. */
  outage: OutageMode | undefined;

  setLatency(ms: number, match: RequestMatch = {}): void {
    this.latency = ms > 0 ? { ms, match } : undefined;
  }

  failNext(count: number, status: number, match: RequestMatch = {}, retryAfterSeconds?: number): void {
    if (count > 0) this.failures.push({ remaining: count, status, match, retryAfterSeconds });
  }

  resetNext(count: number, match: RequestMatch = {}): void {
    if (count > 0) this.resets.push({ remaining: count, match });
  }

  /** Clears every rule and ends any outage. */
  clear(): void {
    this.latency = undefined;
    this.failures = [];
    this.resets = [];
    this.outage = undefined;
  }

  /** Pending failures and resets not yet used up (for assertions). */
  pending(): { failures: number; resets: number } {
    return {
      failures: this.failures.reduce((n, r) => n + r.remaining, 0),
      resets: this.resets.reduce((n, r) => n + r.remaining, 0),
    };
  }

  decide(r: RequestFacts): FaultDecision {
    if (this.outage === 'reset' || this.outage === 'refuse') return { action: 'reset' };
    if (this.outage === 'unavailable') return { action: 'fail', error: injected(503, 1), delayMs: 0 };
    const reset = this.resets.find((x) => matches(x.match, r));
    if (reset) {
      if (--reset.remaining <= 0) this.resets.splice(this.resets.indexOf(reset), 1);
      return { action: 'reset' };
    }
    const delayMs = this.latency && matches(this.latency.match, r) ? this.latency.ms : 0;
    const fail = this.failures.find((x) => matches(x.match, r));
    if (fail) {
      if (--fail.remaining <= 0) this.failures.splice(this.failures.indexOf(fail), 1);
      return { action: 'fail', error: injected(fail.status, fail.retryAfterSeconds), delayMs };
    }
    return { action: 'proceed', delayMs };
  }
}
