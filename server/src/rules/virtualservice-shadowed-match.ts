/**
 * A VirtualService match that no request can reach, because a match of an earlier rule accepts
 * every request it accepts (route shadowing).
 *
 * Istio's own checks (IST0130 VirtualServiceUnreachableRule, IST0131 VirtualServiceIneffectiveMatch)
 * catch repeated matches, rules after a rule without matches, and a narrower URI prefix under
 * otherwise identical conditions. This rule proves the general case condition by condition
 * (util/match-subsumption.ts): an earlier `prefix: /` with nothing else shadows every later match,
 * `exact: /a` is shadowed by `prefix: /`, a match with extra headers or a method is shadowed by
 * one without them. Where IST0130 or IST0131 already report a match or its rule, this rule stays
 * silent, so one mistake yields one finding.
 *
 * Gateway API HTTPRoutes are deliberately not checked: their matches are not tried in order.
 * Implementations merge the matches of every rule (and of every route on a listener) and pick the
 * most specific by the specification's precedence (exact path over longer prefix, then method,
 * headers and query parameters), so a later rule is never hidden by an earlier one.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import type { ResourceIndex } from '../model/resource-index';
import { SubjectMemo } from './engine/memo';
import { defineRule, type RuleFinding } from './rule';
import { MESH_GATEWAY } from './util/istio-gateway-refs';
import { resolveGatewayName } from './util/istio-gateway-names';
import { matchSubsumes, type MatchContext, type RouteSection } from './util/match-subsumption';
import { matchReachability } from './util/virtualservice-match-reachability';
import { asArray, asObject, asString, asStrings, isObject, specOf, type Json } from './util/values';

/** The resolved gateways a VirtualService's rules apply on by default. */
function matchContext(vs: Resource): MatchContext {
  const resolve = (g: string): string => resolveGatewayName(g, vs.namespace);
  const own = asStrings(specOf(vs)['gateways']).filter((g) => g !== '');
  return { namespace: vs.namespace, defaultGateways: own.length > 0 ? own.map(resolve) : [MESH_GATEWAY], resolveGateway: resolve };
}

function label(section: RouteSection, entry: Json, index: number): string {
  const name = section === 'http' ? asString(entry['name']) : undefined;
  return name ? JSON.stringify(name) : `#${index}`;
}

interface EarlierMatch {
  readonly rule: number;
  readonly match: number;
  readonly value: Json;
}

/** What IST0130/IST0131 report for a VirtualService, as path keys. */
function istioReported(vs: Resource): Set<string> {
  return new Set(matchReachability(vs).map((f) => JSON.stringify(f.path)));
}

export default defineRule({
  code: 'MSH2001',
  name: 'virtualservice-shadowed-match',
  severity: 'warning',
  reads: [K.VirtualService],
  docs: {
    summary: 'No VirtualService match is shadowed by a match of an earlier rule that accepts every request it accepts.',
    rationale:
      'A proxy tries a VirtualService\'s rules in order and uses the first rule with a match that accepts the request, so a later match whose requests an earlier one always takes (an earlier `prefix: /`, a shorter prefix with fewer conditions, a regex that provably covers it) never routes anything, and the routing it describes is silently not in force. Only provable cases are reported; regexes are compared only when the answer is certain. Gateway API HTTPRoutes are not checked: their matches are ranked by specificity (exact path, longest prefix, method, headers, query parameters) across all rules rather than tried in order, so an earlier rule cannot hide a later one.',
    seeAlso: ['virtualservice-ineffective-match (IST0131)', 'virtualservice-unreachable-rule (IST0130)'],
  },
  messages: {
    shadowedMatch: 'Match {match} of rule {rule} is never used: match {byMatch} of the earlier rule {byRule} accepts every request it accepts.',
    shadowedRule: 'Rule {rule} has no match and would take any request, but match {byMatch} of the earlier rule {byRule} already takes every request, so it is never used.',
  },
  check({ index, report }) {
    const memo = perVirtualService.over(index);
    for (const vs of index.ofKind(K.VirtualService)) for (const f of memo.get(vs, findingsOf)) report(f);
  },
});

/** What the rule finds about a VirtualService depends on it alone (engine/memo.ts). */
const perVirtualService = new SubjectMemo<RuleFinding<'shadowedMatch' | 'shadowedRule'>[]>();

function findingsOf(_index: ResourceIndex, vs: Resource): RuleFinding<'shadowedMatch' | 'shadowedRule'>[] {
  const out: RuleFinding<'shadowedMatch' | 'shadowedRule'>[] = [];
  const ctx = matchContext(vs);
  const skip = istioReported(vs);
  for (const section of ['http', 'tcp', 'tls'] as const) {
    const rules = asArray(specOf(vs)[section]);
    const earlier: EarlierMatch[] = [];
    rules.forEach((raw, n) => {
      if (!isObject(raw)) return;
      const rulePath: Path = ['spec', section, n];
      const matches = asArray(raw['match']);
      // Only the last rule may lack matches (IST0130 reports any other); it accepts everything.
      const candidates: { value: Json; path: Path; match: number | null }[] = matches.length === 0
        ? [{ value: {}, path: rulePath, match: null }]
        : matches.map((m, k) => ({ value: asObject(m), path: [...rulePath, 'match', k] as Path, match: k }));
      if (!skip.has(JSON.stringify(rulePath))) {
        for (const c of candidates) {
          if (skip.has(JSON.stringify(c.path))) continue;
          const by = earlier.find((e) => matchSubsumes(section, e.value, c.value, ctx));
          if (!by) continue;
          const byRule = asObject(rules[by.rule]);
          const data = {
            rule: label(section, raw, n),
            byRule: label(section, byRule, by.rule),
            byMatch: label(section, asObject(asArray(byRule['match'])[by.match]), by.match),
          };
          out.push({
            subject: vs.key,
            path: c.path,
            messageId: c.match === null ? 'shadowedRule' : 'shadowedMatch',
            data: c.match === null ? data : { ...data, match: label(section, c.value, c.match) },
            related: [{ subject: vs.key, path: ['spec', section, by.rule, 'match', by.match], note: 'this earlier match takes its requests' }],
          });
        }
      }
      // Matches of the same rule route alike, so only earlier rules can shadow a match.
      matches.forEach((m, k) => { if (isObject(m)) earlier.push({ rule: n, match: k, value: m }); });
    });
  }
  return out;
}
