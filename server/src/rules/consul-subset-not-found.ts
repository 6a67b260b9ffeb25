/**
 * A Consul service subset that the service's ServiceResolver does not define: named by a
 * ServiceSplitter split, a ServiceRouter route destination, or a ServiceResolver's own
 * `defaultSubset`, failover keys, redirect or failover targets. References that leave the
 * namespace, partition, datacenter or cluster in view are not checked.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { consulResolver, crossesBoundary, resolverSubsets } from './util/consul';
import { asArray, asObject, asString, specOf } from './util/values';

/** One subset reference: which service's subset, and where it is written. */
interface SubsetRef {
  readonly service: string;
  readonly subset: string;
  readonly path: Path;
}

function splitterRefs(splitter: Resource): SubsetRef[] {
  const out: SubsetRef[] = [];
  asArray(specOf(splitter)['splits']).forEach((raw, i) => {
    const split = asObject(raw);
    const subset = asString(split['serviceSubset']);
    if (subset === undefined || crossesBoundary(split)) return;
    out.push({ service: asString(split['service']) ?? splitter.name, subset, path: ['spec', 'splits', i, 'serviceSubset'] });
  });
  return out;
}

function routerRefs(router: Resource): SubsetRef[] {
  const out: SubsetRef[] = [];
  asArray(specOf(router)['routes']).forEach((raw, i) => {
    const destination = asObject(asObject(raw)['destination']);
    const subset = asString(destination['serviceSubset']);
    if (subset === undefined || crossesBoundary(destination)) return;
    out.push({ service: asString(destination['service']) ?? router.name, subset, path: ['spec', 'routes', i, 'destination', 'serviceSubset'] });
  });
  return out;
}

function resolverRefs(resolver: Resource): SubsetRef[] {
  const out: SubsetRef[] = [];
  const spec = specOf(resolver);
  const own = (subset: string | undefined, path: Path): void => {
    if (subset !== undefined) out.push({ service: resolver.name, subset, path });
  };
  own(asString(spec['defaultSubset']), ['spec', 'defaultSubset']);
  const redirect = asObject(spec['redirect']);
  const redirectSubset = asString(redirect['serviceSubset']);
  if (redirectSubset !== undefined && !crossesBoundary(redirect)) {
    out.push({ service: asString(redirect['service']) ?? resolver.name, subset: redirectSubset, path: ['spec', 'redirect', 'serviceSubset'] });
  }
  for (const [key, raw] of Object.entries(asObject(spec['failover']))) {
    // A failover key is the subset it applies to, or `*` for all.
    if (key !== '*') out.push({ service: resolver.name, subset: key, path: ['spec', 'failover', key] });
    const failover = asObject(raw);
    const subset = asString(failover['serviceSubset']);
    if (subset !== undefined && !crossesBoundary(failover)) {
      out.push({ service: asString(failover['service']) ?? resolver.name, subset, path: ['spec', 'failover', key, 'serviceSubset'] });
    }
    asArray(failover['targets']).forEach((rawTarget, t) => {
      const target = asObject(rawTarget);
      const targetSubset = asString(target['serviceSubset']);
      if (targetSubset === undefined || crossesBoundary(target)) return;
      out.push({ service: asString(target['service']) ?? resolver.name, subset: targetSubset, path: ['spec', 'failover', key, 'targets', t, 'serviceSubset'] });
    });
  }
  return out;
}

export default defineRule({
  code: 'MSH5002',
  name: 'consul-subset-not-found',
  severity: 'error',
  reads: [K.ServiceSplitter, K.ServiceRouter, K.ServiceResolver],
  docs: {
    summary: 'Every Consul service subset a splitter, router or resolver names is defined by that service\'s ServiceResolver.',
    rationale:
      'Consul resolves a subset through the ServiceResolver of its service; a subset it does not define makes the discovery chain invalid, so Consul rejects the config entry and the split, route or failover never takes effect.',
    seeAlso: ['https://developer.hashicorp.com/consul/docs/reference/config-entry/service-resolver'],
  },
  messages: {
    subsetNotFound: 'The ServiceResolver of "{service}" defines no subset "{subset}"; it defines {subsets}.',
    noResolver: 'No ServiceResolver defines subsets for service "{service}", so subset "{subset}" does not exist.',
  },
  check({ index, report }) {
    const knowsResolvers = index.knows(K.ServiceResolver);
    const entries: [Resource, SubsetRef[]][] = [
      ...index.ofKind(K.ServiceSplitter).map((r): [Resource, SubsetRef[]] => [r, splitterRefs(r)]),
      ...index.ofKind(K.ServiceRouter).map((r): [Resource, SubsetRef[]] => [r, routerRefs(r)]),
      ...index.ofKind(K.ServiceResolver).map((r): [Resource, SubsetRef[]] => [r, resolverRefs(r)]),
    ];
    for (const [entry, refs] of entries) {
      for (const ref of refs) {
        const resolver = ref.service === entry.name && entry.kind === K.ServiceResolver ? entry : consulResolver(index, ref.service, entry.namespace);
        if (!resolver) {
          // Without any resolver in view, the one for this service may live elsewhere.
          if (knowsResolvers) report({ subject: entry.key, path: ref.path, messageId: 'noResolver', data: { service: ref.service, subset: ref.subset } });
          continue;
        }
        const subsets = resolverSubsets(resolver);
        if (subsets.includes(ref.subset)) continue;
        const failoverKey = ref.path[1] === 'failover' && ref.path.length === 3;
        report({
          subject: entry.key, path: ref.path, ...(failoverKey ? { target: 'key' as const } : {}), messageId: 'subsetNotFound',
          data: { service: ref.service, subset: ref.subset, subsets: subsets.length === 0 ? 'none' : subsets.map((s) => `"${s}"`).join(', ') },
          ...(resolver !== entry ? { related: [{ subject: resolver.key, path: ['spec', 'subsets'], note: `ServiceResolver ${resolver.name}` }] } : {}),
          fixes: failoverKey ? [] : subsets.map((s) => ({
            title: `Use subset "${s}"`, edits: [{ op: 'set' as const, path: ref.path, value: s }],
            ...(subsets.length === 1 ? { preferred: true } : {}),
          })),
        });
      }
    }
  },
});
