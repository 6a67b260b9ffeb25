/**
 * IST0101 for subsets: every subset a VirtualService routes or mirrors to must be defined by the
 * DestinationRule that applies to that host (istioctl's virtualservice.DestinationRuleAnalyzer).
 *
 * Host → subsets is resolved the way Istio resolves it for the VirtualService's namespace (see
 * util/destinationrule.ts: exportTo visibility, most specific host wins). Fixes offer each known
 * subset (the closest one, when it is an evident typo, is preferred), defining the missing subset
 * in the DestinationRule (or creating a DestinationRule when none applies), and removing it.
 */
import type { Fix } from '../findings/finding';
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import { SubjectMemo } from './engine/memo';
import { defineRule, type RuleFinding } from './rule';
import { destinationRulesFor, subsetsOf } from './util/destinationrule';
import { fqdn } from './util/hosts';
import { routeDestinations } from './util/virtualservice';

export default defineRule({
  code: 'IST0101',
  istioName: 'ReferencedResourceNotFound',
  istioAnalyzer: 'virtualservice.DestinationRuleAnalyzer',
  name: 'virtualservice-subset-exists',
  severity: 'error',
  reads: [K.VirtualService, K.DestinationRule, K.MeshConfig],
  docs: {
    summary: 'Every subset a VirtualService routes or mirrors to is defined by the DestinationRule for that host.',
    rationale: 'A subset that no DestinationRule defines has no upstream cluster in the proxies, so requests routed to it fail with 503 (no healthy upstream) and mirrored copies are dropped.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0101/'],
  },
  messages: {
    unknownSubset: '{what} "{subset}" is not defined for host "{host}": DestinationRule {rule} defines {known}.',
    noDestinationRule: '{what} "{subset}" is not defined for host "{host}": no DestinationRule for that host applies in namespace "{namespace}".',
  },
  check({ index, report }) {
    const memo = perVirtualService.over(index);
    for (const vs of index.ofKind(K.VirtualService)) for (const f of memo.get(vs, findingsOf)) report(f);
  },
});

type Message = 'unknownSubset' | 'noDestinationRule';

/**
 * What the rule finds about one VirtualService depends on it, the DestinationRules and the mesh
 * config alone, so it is kept while none of them changes (engine/memo.ts).
 */
const perVirtualService = new SubjectMemo<RuleFinding<Message>[]>();

function findingsOf(index: ResourceIndex, vs: Resource): RuleFinding<Message>[] {
  const out: RuleFinding<Message>[] = [];
  for (const d of routeDestinations(vs)) {
    if (d.host === undefined || d.subset === undefined) continue;
    const rules = destinationRulesFor(index, fqdn(d.host, vs.namespace), vs.namespace);
    const subsets = rules.flatMap((dr) => subsetsOf(dr).map((s) => ({ dr, subset: s })));
    if (subsets.some((s) => s.subset.name === d.subset)) continue;
    const path = [...d.path, 'subset'];
    const what = d.role === 'mirror' ? 'Mirror subset' : 'Subset';
    const remove: Fix = { title: `Remove subset "${d.subset}" (send to every endpoint of the host)`, edits: [{ op: 'delete', path }] };
    if (rules.length === 0) {
      out.push({
        subject: vs.key, path, messageId: 'noDestinationRule', data: { what, subset: d.subset, host: d.host, namespace: vs.namespace },
        fixes: [remove, createDestinationRule(vs.namespace, d.host, d.subset)],
      });
      continue;
    }
    const names = [...new Set(subsets.map((s) => s.subset.name))];
    const closest = closestName(d.subset, names);
    const dr = rules[0]!;
    out.push({
      subject: vs.key,
      path,
      messageId: 'unknownSubset',
      data: {
        what, subset: d.subset, host: d.host, rule: `${dr.namespace}/${dr.name}`,
        known: names.length === 0 ? 'no subsets' : `only ${names.map((n) => `"${n}"`).join(', ')}`,
      },
      related: [{ subject: dr.key, path: ['spec', 'subsets'], note: `Subsets of DestinationRule ${dr.namespace}/${dr.name}` }],
      fixes: [
        ...names.map((name) => ({ title: `Use subset "${name}"`, edits: [{ op: 'set' as const, path, value: name }], ...(name === closest ? { preferred: true } : {}) })),
        ...(dr.origin.type === 'file' ? [addSubset(dr, d.subset, subsets.map((s) => s.subset.labels))] : []),
        remove,
      ],
    });
  }
  return out;
}

/**
 * Defines the missing subset in the DestinationRule. Its labels follow the rule's other subsets:
 * the label key they all use (`version` when they share none) set to the subset's name, which is
 * the convention that makes subset names and version labels line up.
 */
function addSubset(dr: Resource, subset: string, existing: readonly Readonly<Record<string, unknown>>[]): Fix {
  const keys = existing.map((labels) => Object.keys(labels));
  const shared = keys.length > 0 ? keys[0]!.filter((k) => keys.every((ks) => ks.includes(k))) : [];
  const key = shared.includes('version') || shared.length === 0 ? 'version' : shared[0]!;
  return {
    title: `Add subset "${subset}" (${key}: ${subset}) to DestinationRule ${dr.namespace}/${dr.name}`,
    edits: [{ op: 'append', subject: dr.key, path: ['spec', 'subsets'], value: { name: subset, labels: { [key]: subset } } }],
  };
}

/** A DestinationRule for the host defining the subset, written after the VirtualService. */
function createDestinationRule(namespace: string, host: string, subset: string): Fix {
  const name = host.split('.')[0]!.replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'destination';
  return {
    title: `Create DestinationRule "${name}" for host "${host}" with subset "${subset}"`,
    edits: [{
      op: 'add-document',
      value: {
        apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace },
        spec: { host, subsets: [{ name: subset, labels: { version: subset } }] },
      },
    }],
  };
}

/** The only known name, or the single nearest one when it is within edit distance 2 (a typo). */
function closestName(typed: string, names: readonly string[]): string | undefined {
  if (names.length === 1) return names[0];
  const scored = names.map((n) => ({ n, d: editDistance(typed, n) })).sort((a, b) => a.d - b.d);
  const [first, second] = scored;
  if (!first || first.d > 2 || (second && second.d === first.d)) return undefined;
  return first.n;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
