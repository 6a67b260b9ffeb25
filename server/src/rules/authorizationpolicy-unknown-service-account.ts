/**
 * An AuthorizationPolicy principal (`<trust domain>/ns/<namespace>/sa/<service account>`) that
 * names a ServiceAccount which does not exist.
 *
 * Principals are checked in `from.source.principals` and `notPrincipals` and in `when` conditions
 * on `source.principal`. Patterns with `*`, and principals of a trust domain other than the mesh's
 * own (`trustDomain`, its `trustDomainAliases`, and `cluster.local`), are left alone. ServiceAccounts
 * are cluster objects: a namespace is checked only when ServiceAccounts of that namespace are
 * known, and `default`, which Kubernetes creates in every namespace, always exists.
 */
import { K } from '../model/kinds';
import type { Path } from '../parse/types';
import { suggest } from '../schema/suggest';
import { defineRule } from './rule';
import { asArray, asObject, asString, asStrings, specOf } from './util/values';

const PRINCIPAL = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

interface PrincipalAt {
  readonly value: string;
  readonly path: Path;
}

function principalsOf(spec: Readonly<Record<string, unknown>>): PrincipalAt[] {
  const out: PrincipalAt[] = [];
  asArray(spec['rules']).forEach((rule, i) => {
    asArray(asObject(rule)['from']).forEach((from, j) => {
      const source = asObject(asObject(from)['source']);
      for (const field of ['principals', 'notPrincipals']) {
        asArray(source[field]).forEach((p, k) => {
          if (typeof p === 'string') out.push({ value: p, path: ['spec', 'rules', i, 'from', j, 'source', field, k] });
        });
      }
    });
    asArray(asObject(rule)['when']).forEach((cond, j) => {
      const c = asObject(cond);
      if (asString(c['key']) !== 'source.principal') return;
      for (const field of ['values', 'notValues']) {
        asArray(c[field]).forEach((p, k) => {
          if (typeof p === 'string') out.push({ value: p, path: ['spec', 'rules', i, 'when', j, field, k] });
        });
      }
    });
  });
  return out;
}

export default defineRule({
  code: 'MSH8004',
  name: 'authorizationpolicy-unknown-service-account',
  severity: 'warning',
  reads: [K.IstioAuthorizationPolicy, K.ServiceAccount, K.MeshConfig],
  docs: {
    summary: 'Every service account an AuthorizationPolicy principal names exists in its namespace.',
    rationale:
      'A principal is the identity of a workload\'s service account; a typo or a renamed account matches no workload, so an ALLOW rule admits nobody (the caller gets 403) and a DENY rule or notPrincipals exclusion silently protects nothing.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source'],
  },
  messages: {
    unknown: 'Principal "{principal}" names service account "{serviceAccount}", which does not exist in namespace {namespace}.',
    unknownSuggest: 'Principal "{principal}" names service account "{serviceAccount}", which does not exist in namespace {namespace}. Did you mean "{suggestion}"?',
  },
  check({ index, report }) {
    // ServiceAccounts are cluster objects: with none known, say nothing.
    if (!index.knows(K.ServiceAccount)) return;
    const accounts = new Map<string, Set<string>>();
    for (const sa of index.ofKind(K.ServiceAccount)) {
      const names = accounts.get(sa.namespace) ?? new Set<string>(['default']);
      names.add(sa.name);
      accounts.set(sa.namespace, names);
    }
    const raw = index.meshConfig.raw;
    const domains = new Set(['cluster.local', asString(raw['trustDomain']) ?? 'cluster.local', ...asStrings(raw['trustDomainAliases'])]);
    for (const policy of index.ofKind(K.IstioAuthorizationPolicy)) {
      for (const { value, path } of principalsOf(specOf(policy))) {
        if (value.includes('*')) continue;
        const m = PRINCIPAL.exec(value);
        if (!m || !domains.has(m[1]!)) continue;
        const namespace = m[2]!;
        const account = m[3]!;
        const known = accounts.get(namespace);
        // Only namespaces whose ServiceAccounts are in view are judged.
        if (!known || known.has(account)) continue;
        const near = suggest(account, known);
        const data = { principal: value, serviceAccount: account, namespace };
        report({
          subject: policy.key, path,
          messageId: near ? 'unknownSuggest' : 'unknown',
          data: near ? { ...data, suggestion: near } : data,
          ...(near ? { fixes: [{ title: `Use service account "${near}"`, preferred: true, edits: [{ op: 'set' as const, path, value: `${m[1]}/ns/${namespace}/sa/${near}` }] }] } : {}),
        });
      }
    }
  },
});
