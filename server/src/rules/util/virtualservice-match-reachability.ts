/**
 * Which VirtualService rules and matches can never be used, following the order in which a proxy
 * tries them: the first rule whose match accepts a request wins.
 *
 * - A rule without `match` accepts everything, so any rule after it is unreachable, and only the
 *   last rule may lack matches.
 * - A match identical to an earlier one (ignoring its `name`) never wins; a rule all of whose
 *   matches are such duplicates is unreachable.
 * - For http, a `uri.prefix` match is also shadowed by an earlier prefix match that is a prefix of
 *   it, when port, method, authority, headers, query parameters and `withoutHeaders` are the same
 *   (or the earlier one's are prefixes of the later one's, in Istio's reading). A match without a
 *   method counts as GET here, as `istioctl analyze` counts it.
 *
 * These are the checks `istioctl analyze` makes while validating a VirtualService (IST0130 and
 * IST0131); the identifiers of rules and matches in the data follow its wording: a named http rule
 * or match is shown as its quoted name, any other as `#index`.
 */
import type { Resource } from '../../model/resource';
import type { Path } from '../../parse/types';
import { asArray, asNumber, asObject, asString, isObject, specOf, type Json } from './values';

/** A rule that can never be used. */
export interface UnreachableRule {
  readonly type: 'unreachable';
  readonly path: Path;
  readonly rule: string;
  readonly reason: string;
}

/** A match that can never be used, with the rule whose match takes its requests. */
export interface IneffectiveMatch {
  readonly type: 'ineffective';
  readonly path: Path;
  readonly rule: string;
  readonly match: string;
  readonly shadowedBy: string;
}

type Section = 'http' | 'tcp' | 'tls';

/** Json of an HTTP match request that are maps: their entries stay even when empty. */
const MAP_FIELDS = new Set(['headers', 'queryParams', 'withoutHeaders', 'sourceLabels']);

/**
 * A canonical text for a match, so that two matches compare equal when they match the same
 * requests as written: keys sorted, unset-equivalent values (empty, zero, false, null) dropped.
 */
function canonical(value: unknown, isMap = false): string | undefined {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v) ?? 'null');
    return items.length === 0 ? undefined : `[${items.join(',')}]`;
  }
  if (isObject(value)) {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      // A map entry counts even when its value is empty (`headers: {x-debug: {}}` asks for the
      // header to be present); an empty field of a message is the same as an absent one.
      const child = canonical(value[key], MAP_FIELDS.has(key)) ?? (isMap ? '{}' : undefined);
      if (child !== undefined) parts.push(`${JSON.stringify(key)}:${child}`);
    }
    return parts.length === 0 ? undefined : `{${parts.join(',')}}`;
  }
  if (value === null || value === undefined || value === false || value === 0 || value === '') return undefined;
  return JSON.stringify(value);
}

function matchKey(section: Section, match: unknown): string {
  const fields = asObject(match);
  // An http match's name labels it; it does not change what it matches.
  const rest = section === 'http' ? Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'name')) : fields;
  return canonical(rest) ?? '{}';
}

function ruleLabel(section: Section, rule: Json, index: number): string {
  const name = section === 'http' ? asString(rule['name']) : undefined;
  return name ? JSON.stringify(name) : `#${index}`;
}

function matchLabel(section: Section, match: Json, index: number): string {
  const name = section === 'http' ? asString(match['name']) : undefined;
  return name ? JSON.stringify(name) : `#${index}`;
}

/** `exact:v` or `prefix:v` of a StringMatch, '' for anything else. */
function exactOrPrefix(value: unknown): string {
  const m = asObject(value);
  const exact = asString(m['exact']);
  if (exact) return `exact:${exact}`;
  const prefix = asString(m['prefix']);
  if (prefix) return `prefix:${prefix}`;
  return '';
}

interface PrefixMatch {
  readonly rule: string;
  readonly match: string;
  readonly path: Path;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly queryParams: ReadonlyMap<string, string>;
  readonly withoutHeaders: ReadonlyMap<string, string>;
}

function stringMatches(value: unknown): Map<string, string> {
  return new Map(Object.entries(asObject(value)).map(([k, v]) => [k, exactOrPrefix(v)]));
}

function prefixMatchOf(rule: string, match: string, path: Path, m: Json): PrefixMatch | undefined {
  const prefix = asString(asObject(m['uri'])['prefix']);
  if (!prefix) return undefined;
  return {
    rule, match, path, prefix,
    port: asNumber(m['port']) ?? 0,
    method: exactOrPrefix(m['method']) || 'exact:GET',
    authority: exactOrPrefix(m['authority']),
    headers: stringMatches(m['headers']),
    queryParams: stringMatches(m['queryParams']),
    withoutHeaders: stringMatches(m['withoutHeaders']),
  };
}

/** Istio's comparison of one condition of an earlier match `a` with a later match `b`. */
function conditionCovers(a: string, b: string): boolean {
  return a === b || a.startsWith(b);
}

function mapCovers(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !conditionCovers(v, w)) return false;
  }
  return true;
}

/** Whether earlier prefix match `a` takes every request later prefix match `b` would. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  return b.prefix.startsWith(a.prefix) && a.port === b.port &&
    conditionCovers(a.method, b.method) && conditionCovers(a.authority, b.authority) &&
    mapCovers(a.headers, b.headers) && mapCovers(a.queryParams, b.queryParams) && mapCovers(a.withoutHeaders, b.withoutHeaders);
}

function analyzeSection(section: Section, rules: readonly unknown[]): (UnreachableRule | IneffectiveMatch)[] {
  const out: (UnreachableRule | IneffectiveMatch)[] = [];
  const seen = new Map<string, number>();
  const prefixes: PrefixMatch[] = [];
  let catchAll = -1;
  rules.forEach((value, n) => {
    if (!isObject(value)) return;
    const rule = value;
    const label = ruleLabel(section, rule, n);
    const matches = asArray(rule['match']);
    if (matches.length === 0) {
      if (catchAll >= 0) out.push({ type: 'unreachable', path: ['spec', section, n], rule: label, reason: 'only the last rule can have no matches' });
      catchAll = n;
      return;
    }
    let duplicates = 0;
    matches.forEach((match, m) => {
      const path: Path = ['spec', section, n, 'match', m];
      if (catchAll >= 0) {
        out.push({ type: 'unreachable', path, rule: label, reason: 'route without matches defined before' });
        return;
      }
      const key = matchKey(section, match);
      const earlier = seen.get(key);
      const fields = asObject(match);
      if (earlier !== undefined) {
        duplicates++;
        out.push({
          type: 'ineffective', path, rule: label, match: matchLabel(section, fields, m),
          shadowedBy: ruleLabel(section, asObject(rules[earlier]), earlier),
        });
        return;
      }
      seen.set(key, n);
      if (section === 'http') {
        const p = prefixMatchOf(label, matchLabel(section, fields, m), path, fields);
        if (p) prefixes.push(p);
      }
    });
    if (duplicates === matches.length) {
      out.push({ type: 'unreachable', path: ['spec', section, n], rule: label, reason: 'all matches used by prior rules' });
    }
  });
  for (let i = 0; i < prefixes.length; i++) {
    for (let j = i + 1; j < prefixes.length; j++) {
      const a = prefixes[i]!;
      const b = prefixes[j]!;
      // Equal prefixes were compared as whole matches above.
      if (a.prefix === b.prefix || !covers(a, b)) continue;
      out.push({
        type: 'ineffective', path: b.path, rule: b.rule,
        match: `${b.match} of prefix ${b.prefix}`,
        shadowedBy: `${a.match} of prefix ${a.prefix} on ${a.rule}`,
      });
    }
  }
  return out;
}

/** Every unreachable rule and ineffective match of a VirtualService, http then tcp then tls. */
export function matchReachability(vs: Resource): readonly (UnreachableRule | IneffectiveMatch)[] {
  let found = analysed.get(vs);
  if (!found) {
    const spec = specOf(vs);
    found = (['http', 'tcp', 'tls'] as const).flatMap((section) => analyzeSection(section, asArray(spec[section])));
    analysed.set(vs, found);
  }
  return found;
}

/**
 * Results by VirtualService: two rules ask for every VirtualService after each edit of one, and the
 * answer depends on that object alone (the index keeps it while its document is unchanged).
 */
const analysed = new WeakMap<Resource, readonly (UnreachableRule | IneffectiveMatch)[]>();
