/**
 * An AuthorizationPolicy source that names namespaces (`namespaces` / `notNamespaces`, with `*`
 * prefix or suffix wildcards) none of which exists.
 */
import { K } from '../model/kinds';
import { suggest } from '../schema/suggest';
import { defineRule } from './rule';
import { asArray, asObject, specOf } from './util/values';

/** Istio's namespace match: exact (ignoring case), `*`, `prefix*` or `*suffix`. */
export function namespacePatternMatches(pattern: string, namespace: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return namespace.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return namespace.startsWith(pattern.slice(0, -1));
  return pattern.toLowerCase() === namespace.toLowerCase();
}

export default defineRule({
  code: 'IST0101',
  istioName: 'ReferencedResourceNotFound',
  istioAnalyzer: 'auth.AuthorizationPoliciesAnalyzer',
  name: 'authorizationpolicy-namespace-not-found',
  severity: 'error',
  reads: [K.IstioAuthorizationPolicy, K.Namespace],
  docs: {
    summary: 'Namespaces named in AuthorizationPolicy sources exist.',
    rationale:
      'A source namespace that matches no namespace is usually a typo: an ALLOW rule then admits nobody from the intended namespace, a DENY rule blocks nothing.',
    seeAlso: ['istioctl analyze IST0101', 'https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source'],
  },
  messages: {
    notFound: 'No namespace matches "{namespace}".',
    notFoundSuggest: 'No namespace matches "{namespace}". Did you mean "{suggestion}"?',
  },
  check({ index, report }) {
    // Which namespaces exist is cluster state; with none known, say nothing.
    if (!index.knows(K.Namespace)) return;
    const namespaces = [...new Set(index.ofKind(K.Namespace).map((ns) => ns.name))];
    const exact = new Set(namespaces.map((ns) => ns.toLowerCase()));
    for (const policy of index.ofKind(K.IstioAuthorizationPolicy)) {
      asArray(specOf(policy)['rules']).forEach((rule, i) => {
        asArray(asObject(rule)['from']).forEach((from, j) => {
          const source = asObject(asObject(from)['source']);
          for (const field of ['namespaces', 'notNamespaces']) {
            asArray(source[field]).forEach((pattern, k) => {
              if (typeof pattern !== 'string' || exact.has(pattern.toLowerCase())) return;
              if (namespaces.some((ns) => namespacePatternMatches(pattern, ns))) return;
              const path = ['spec', 'rules', i, 'from', j, 'source', field, k];
              const near = pattern.includes('*') ? null : suggest(pattern, namespaces);
              report({
                subject: policy.key,
                path,
                messageId: near ? 'notFoundSuggest' : 'notFound',
                data: near ? { namespace: pattern, suggestion: near } : { namespace: pattern },
                ...(near ? { fixes: [{ title: `Use namespace "${near}"`, preferred: true, edits: [{ op: 'set' as const, path, value: near }] }] } : {}),
              });
            });
          }
        });
      });
    }
  },
});
