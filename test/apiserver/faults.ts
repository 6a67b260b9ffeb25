/**
 * Fault injection: the failures a test asks for, decided per request.
 *
 * A test reaches these through `controls` (index.ts). Each request is checked, in this order:
 *   1. an outage: every request is reset (socket destroyed), answered 503, or never reaches the
 *      server at all ('refuse': the listener is closed until `restore()`, handled in index.ts);
 *   2. a pending connection reset for a matching request (the socket is destroyed before any byte
 *      of the response, as when a load balancer drops a connection);
 *   3. added latency (all requests, or matching ones);
 *   4. a pending failure for a matching request: a 5xx or 429 Status, with Retry-After if asked;
 *   5. a pending corruption for a matching request: the request is served, and its answer mangled
 *      (corrupt.ts says how). A rule names one corruption, or picks one per request from a seeded
 *      random sequence; body corruptions match plain requests, stream corruptions watches.
 * "Matching" is an optional filter on method and URL: a string matches as a substring of the path,
 * a RegExp is tested against path and query (`/api/v1/pods?watch=1`). Each rule counts down and
 * disappears when used up, so a test states exactly how many requests fail.
 *
 * Dropping open watches is not decided here: index.ts closes their streams on request.
 */
import { BODY_CORRUPTIONS, isStreamCorruption, STREAM_CORRUPTIONS, type AppliedCorruption, type Corruption } from './corrupt';
import { seededRandom } from '../support/random';
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

interface CorruptRule {
  remaining: number;
  match: RequestMatch;
  /** One corruption, or 'random': a seeded pick per request from the request's family. */
  kind: Corruption | 'random';
  random: () => number;
}

/** What to do with a request. */
export type FaultDecision =
  | { action: 'reset' }
  | { action: 'fail'; error: ApiError; delayMs: number }
  | { action: 'proceed'; delayMs: number; corrupt?: Corruption };

/** Whether a request is a watch (its answer is a stream of lines). */
export function isWatchRequest(url: string): boolean {
  return /[?&]watch=(1|true)(&|$)/.test(url);
}

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
  private corruptions: CorruptRule[] = [];
  /** Corruptions written to responses (bounded), oldest first. */
  readonly applied: AppliedCorruption[] = [];
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

  /** The next `count` matching requests are served with a corrupted answer (count may be Infinity). */
  corruptNext(count: number, match: RequestMatch = {}, kind: Corruption | 'random' = 'random', seed = 1): void {
    if (count > 0) this.corruptions.push({ remaining: count, match, kind, random: seededRandom(seed) });
  }

  /** Records a corruption that reached a response. */
  noteApplied(entry: AppliedCorruption): void {
    this.applied.push(entry);
    if (this.applied.length > 2000) this.applied.splice(0, this.applied.length - 1000);
  }

  /** Clears every rule and ends any outage. */
  clear(): void {
    this.latency = undefined;
    this.failures = [];
    this.resets = [];
    this.corruptions = [];
    this.outage = undefined;
  }

  /** Pending failures and resets not yet used up (for assertions). */
  pending(): { failures: number; resets: number; corruptions: number } {
    return {
      failures: this.failures.reduce((n, r) => n + r.remaining, 0),
      resets: this.resets.reduce((n, r) => n + r.remaining, 0),
      corruptions: this.corruptions.reduce((n, r) => n + r.remaining, 0),
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
    const corrupt = this.corruption(r);
    return corrupt ? { action: 'proceed', delayMs, corrupt } : { action: 'proceed', delayMs };
  }

  /** Takes the corruption of the first matching rule, if any (a rule only matches its family). */
  private corruption(r: RequestFacts): Corruption | undefined {
    const watch = isWatchRequest(r.url);
    const rule = this.corruptions.find((x) => matches(x.match, r) && (x.kind === 'random' || isStreamCorruption(x.kind) === watch));
    if (!rule) return undefined;
    if (--rule.remaining <= 0) this.corruptions.splice(this.corruptions.indexOf(rule), 1);
    if (rule.kind !== 'random') return rule.kind;
    const family: readonly Corruption[] = watch ? STREAM_CORRUPTIONS : BODY_CORRUPTIONS;
    return family[Math.floor(rule.random() * family.length)];
  }
}
