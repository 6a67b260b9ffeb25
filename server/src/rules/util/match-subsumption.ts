/**
 * Whether one VirtualService match accepts every request another accepts ("subsumes" it), proved
 * condition by condition and never guessed.
 *
 * A match is a conjunction of conditions, so an earlier match E takes every request of a later
 * match L exactly when each condition of E is implied by L's conditions: L may say more than E
 * (more headers, a longer prefix, a port), never less. Every answer here errs towards "not
 * implied": an unknown field, an unparsable or unprovable regex, or an empty string in E means E
 * is not shown to cover L, so a caller reporting "L is shadowed" never reports a false positive.
 *
 * String conditions follow Envoy's matching as Istio configures it: `exact` is equality,
 * `prefix` a string prefix, `regex` an RE2 expression that must match the whole value, and an
 * empty StringMatch (`{}`) on a header or query parameter means "present with any value". A URI
 * prefix of "/" and a URI regex of ".*" accept every request path.
 *
 * Regexes are compared only where that is provable: a regex equal to the other's, a regex of the
 * form `<literal>.*` (which is a prefix in disguise), or a regex tested against an exact string.
 * JavaScript's RegExp in unicode mode rejects most RE2-only syntax (`\Q…\E`, `(?P<n>…)`,
 * `[[:alpha:]]`), and anything it rejects counts as unprovable.
 */
import { hostCovers } from './hosts';
import { asArray, asNumber, asObject, asString, isObject, stringMap, type Json } from './values';

/** One parsed StringMatch. `present` is the empty match of a header or query parameter. */
export type StringCondition =
  | { readonly kind: 'exact' | 'prefix' | 'regex'; readonly value: string }
  | { readonly kind: 'present' };

/** A condition this module cannot reason about: as an earlier condition it proves nothing. */
const UNKNOWN = 'unknown' as const;
type Parsed = StringCondition | typeof UNKNOWN;

/** Parses a StringMatch; `allowPresent` for maps (headers, query parameters). */
export function parseStringMatch(value: unknown, allowPresent: boolean): Parsed {
  if (!isObject(value)) return UNKNOWN;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
  if (keys.length === 0) return allowPresent ? { kind: 'present' } : UNKNOWN;
  if (keys.length !== 1) return UNKNOWN;
  const kind = keys[0]!;
  const text = asString(value[kind]);
  if (text === undefined) return UNKNOWN;
  if (kind === 'exact' || kind === 'prefix' || kind === 'regex') return { kind, value: text };
  return UNKNOWN;
}

/** Options of a string comparison: whether each side ignores letter case (URIs only). */
interface CaseOptions {
  readonly laterIgnoresCase?: boolean;
  readonly earlierIgnoresCase?: boolean;
}

function hasCasedLetters(s: string): boolean {
  return s.toLowerCase() !== s.toUpperCase();
}

/** `^(?:r)$` as a unicode-mode RegExp, or undefined when JavaScript cannot read it faithfully. */
function fullMatcher(regex: string, ignoreCase: boolean): RegExp | undefined {
  try {
    return new RegExp(`^(?:${regex})$`, ignoreCase ? 'iu' : 'u');
  } catch {
    return undefined;
  }
}

/** Characters that have a meaning in a regex; any other character stands for itself. */
const REGEX_META = new Set([...'\\^$.|?*+()[]{}']);

/**
 * The literal L when `regex` is `L.*` (optionally anchored with ^ and $), where L is plain text
 * with meta characters escaped; such a regex accepts exactly the values starting with L.
 */
export function regexAsPrefix(regex: string): string | undefined {
  let r = regex;
  if (r.startsWith('^')) r = r.slice(1);
  if (r.endsWith('$') && !r.endsWith('\\$')) r = r.slice(0, -1);
  if (!r.endsWith('.*')) return undefined;
  const body = r.slice(0, -2);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const next = body[i + 1];
      // Only an escaped meta character is a plain literal; `\d`, `\w` and the like are classes.
      if (next === undefined || !REGEX_META.has(next) && next !== '/' && next !== '-') return undefined;
      out += next;
      i++;
      continue;
    }
    if (REGEX_META.has(c)) return undefined;
    out += c;
  }
  return out;
}

/**
 * Whether every value accepted by `later` is accepted by `earlier`. `later` undefined means the
 * later match has no such condition (any value, including none), which implies only a condition
 * that accepts everything, and this function never claims that for a string match.
 */
export function stringImplies(later: Parsed | undefined, earlier: Parsed, options: CaseOptions = {}): boolean {
  if (earlier === UNKNOWN || later === undefined || later === UNKNOWN) return false;
  if (earlier.kind === 'present') return true;
  if (later.kind === 'present') return false;
  const fold = options.earlierIgnoresCase === true;
  const laterFolds = options.laterIgnoresCase === true;
  // A case-insensitive later match accepts case variants; the earlier one then accepts them only
  // if it ignores case too, or its text has no letters whose case could differ.
  if (laterFolds && !fold && hasCasedLetters(earlier.value)) return false;
  const lower = fold || laterFolds;
  const norm = (s: string): string => (lower ? s.toLowerCase() : s);
  const e = norm(earlier.value);
  const l = norm(later.value);
  if (e === '' || l === '') return false;
  switch (earlier.kind) {
    case 'exact':
      return later.kind === 'exact' && l === e;
    case 'prefix':
      return (later.kind === 'exact' || later.kind === 'prefix') && l.startsWith(e);
    case 'regex': {
      if (later.kind === 'regex') return later.value === earlier.value && fold === laterFolds;
      const asPrefix = regexAsPrefix(earlier.value);
      if (asPrefix !== undefined && (later.kind === 'prefix' || later.kind === 'exact')) return l.startsWith(norm(asPrefix));
      if (later.kind !== 'exact' || laterFolds && hasCasedLetters(later.value)) return false;
      return fullMatcher(earlier.value, fold)?.test(later.value) ?? false;
    }
  }
}

/** Whether a URI condition accepts every request path (prefix "/" or regex ".*"). */
function acceptsEveryPath(c: Parsed): boolean {
  if (c === UNKNOWN || c.kind === 'present') return false;
  return (c.kind === 'prefix' && c.value === '/') || (c.kind === 'regex' && (c.value === '.*' || c.value === '^.*$'));
}

/** Every condition name of an http match; anything else makes an earlier match unprovable. */
const HTTP_FIELDS = new Set([
  'uri', 'scheme', 'method', 'authority', 'headers', 'port', 'sourceLabels', 'gateways', 'queryParams',
  'ignoreUriCase', 'withoutHeaders', 'sourceNamespace', 'statPrefix', 'name',
]);
const TCP_FIELDS = new Set(['destinationSubnets', 'port', 'sourceLabels', 'gateways', 'sourceNamespace', 'sourceSubnet']);
const TLS_FIELDS = new Set([...TCP_FIELDS, 'sniHosts']);

/** Which route section the matches belong to. */
export type RouteSection = 'http' | 'tcp' | 'tls';

/** What the caller knows about the VirtualService: the gateways a match without its own applies to. */
export interface MatchContext {
  /** Namespace of the VirtualService, to resolve gateway names. */
  readonly namespace: string;
  /** The VirtualService's `gateways`, resolved (['mesh'] when absent). */
  readonly defaultGateways: readonly string[];
  /** Resolves a gateway name as written to `ns/name` (or 'mesh'). */
  readonly resolveGateway: (name: string) => string;
}

function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === false || v === 0 || v === '' ||
    (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

/** The gateways a match applies on: its own, else the VirtualService's. */
function effectiveGateways(m: Json, ctx: MatchContext): Set<string> {
  const own = asArray(m['gateways']).filter((g): g is string => typeof g === 'string' && g !== '');
  return new Set(own.length > 0 ? own.map(ctx.resolveGateway) : ctx.defaultGateways);
}

function mapImplies(later: unknown, earlier: unknown, allowPresent: boolean): boolean {
  const l = asObject(later);
  for (const [name, em] of Object.entries(asObject(earlier))) {
    const parsedE = parseStringMatch(em, allowPresent);
    const key = Object.keys(l).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!stringImplies(key === undefined ? undefined : parseStringMatch(l[key], allowPresent), parsedE)) return false;
  }
  return true;
}

/**
 * `withoutHeaders` of E: the request must not carry a header matching E's condition. L implies
 * that when L excludes at least as much: L's own exclusion of the header accepts every value E
 * would exclude.
 */
function withoutImplies(later: unknown, earlier: unknown): boolean {
  const l = asObject(later);
  for (const [name, em] of Object.entries(asObject(earlier))) {
    const key = Object.keys(l).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) return false;
    const excludedByL = parseStringMatch(l[key], true);
    if (!stringImplies(parseStringMatch(em, true), excludedByL)) return false;
  }
  return true;
}

function labelsImply(later: unknown, earlier: unknown): boolean {
  const l = stringMap(later);
  return Object.entries(stringMap(earlier)).every(([k, v]) => l[k] === v);
}

/** Whether an IPv4 or IPv6 CIDR (or bare address) `inner` lies within `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i || o.bits.length !== i.bits.length) return outer === inner;
  if (i.prefix < o.prefix) return false;
  return o.bits.slice(0, o.prefix) === i.bits.slice(0, o.prefix);
}

function parseCidr(text: string): { bits: string; prefix: number } | undefined {
  const [addr, len] = text.split('/');
  if (addr === undefined) return undefined;
  let bits: string | undefined;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(addr)) {
    const parts = addr.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    bits = parts.map((p) => p.toString(2).padStart(8, '0')).join('');
  }
  // IPv6 and anything else: only literal equality (handled by the caller).
  if (bits === undefined) return undefined;
  const prefix = len === undefined ? bits.length : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits.length) return undefined;
  return { bits, prefix };
}

function subnetsImply(later: unknown, earlier: unknown): boolean {
  const e = asArray(earlier).filter((s): s is string => typeof s === 'string');
  const l = asArray(later).filter((s): s is string => typeof s === 'string');
  if (e.length === 0) return true;
  return l.length > 0 && l.every((inner) => e.some((outer) => cidrContains(outer, inner)));
}

/**
 * Whether earlier match `e` accepts every request later match `l` accepts. `l` may be `{}` (a
 * rule without matches accepts everything).
 */
export function matchSubsumes(section: RouteSection, e: Json, l: Json, ctx: MatchContext): boolean {
  const known = section === 'http' ? HTTP_FIELDS : section === 'tcp' ? TCP_FIELDS : TLS_FIELDS;
  for (const [key, value] of Object.entries(e)) {
    if (!known.has(key) && !isEmptyValue(value)) return false;
  }
  // Gateways: every gateway L applies on must be one E applies on.
  const eg = effectiveGateways(e, ctx);
  for (const g of effectiveGateways(l, ctx)) if (!eg.has(g)) return false;
  const ePort = asNumber(e['port']);
  if (ePort !== undefined && ePort !== 0 && asNumber(l['port']) !== ePort) return false;
  if (!labelsImply(l['sourceLabels'], e['sourceLabels'])) return false;
  const eNs = asString(e['sourceNamespace']);
  if (eNs !== undefined && asString(l['sourceNamespace']) !== eNs) return false;
  if (section === 'http') return httpConditionsImply(e, l);
  if (!subnetsImply(l['destinationSubnets'], e['destinationSubnets'])) return false;
  const eSrc = asString(e['sourceSubnet']);
  if (eSrc !== undefined) {
    const lSrc = asString(l['sourceSubnet']);
    if (lSrc === undefined || !cidrContains(eSrc, lSrc)) return false;
  }
  if (section === 'tls') {
    const eSni = asArray(e['sniHosts']).filter((s): s is string => typeof s === 'string');
    const lSni = asArray(l['sniHosts']).filter((s): s is string => typeof s === 'string');
    if (eSni.length > 0 && (lSni.length === 0 || !lSni.every((h) => eSni.some((p) => hostCovers(p, h))))) return false;
  }
  return true;
}

function httpConditionsImply(e: Json, l: Json): boolean {
  if (e['uri'] !== undefined && e['uri'] !== null) {
    const eUri = parseStringMatch(e['uri'], false);
    if (!acceptsEveryPath(eUri)) {
      const lUri = l['uri'] === undefined || l['uri'] === null ? undefined : parseStringMatch(l['uri'], false);
      const options = { earlierIgnoresCase: e['ignoreUriCase'] === true, laterIgnoresCase: l['ignoreUriCase'] === true };
      if (!stringImplies(lUri, eUri, options)) return false;
    }
  }
  for (const field of ['scheme', 'method', 'authority'] as const) {
    if (e[field] === undefined || e[field] === null) continue;
    const lv = l[field] === undefined || l[field] === null ? undefined : parseStringMatch(l[field], false);
    if (!stringImplies(lv, parseStringMatch(e[field], false))) return false;
  }
  if (!mapImplies(l['headers'], e['headers'], true)) return false;
  if (!mapImplies(l['queryParams'], e['queryParams'], true)) return false;
  return withoutImplies(l['withoutHeaders'], e['withoutHeaders']);
}
