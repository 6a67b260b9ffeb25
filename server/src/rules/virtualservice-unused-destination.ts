/**
 * A VirtualService destination that has weight 0 wherever it appears, next to destinations that
 * do get traffic: it never receives anything from this VirtualService.
 *
 * A zero weight is also how a canary waits for its first step, so the rule stays silent on
 * VirtualServices that a rollout controller manages (an Argo Rollout names it in its Istio
 * traffic routing, or a Flagger Canary generates it), and reports at the lowest severity
 * otherwise: the finding says the destination is unreachable, which may be intended.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import { SubjectMemo } from './engine/memo';
import { defineRule, type RuleFinding } from './rule';
import { fqdn } from './util/hosts';
import { allWeightedRoutes, destinationLabel, effectiveWeight, type WeightedDestination } from './util/route-weights';
import { asArray, asObject, asString, specOf } from './util/values';

/** `namespace/name` of the VirtualServices a rollout controller rewrites. */
function managedVirtualServices(index: ResourceIndex): Set<string> {
  const out = new Set<string>();
  const add = (ref: string | undefined, namespace: string): void => {
    if (!ref) return;
    // Argo Rollouts accepts `name` or `name.namespace`.
    const dot = ref.indexOf('.');
    out.add(dot < 0 ? `${namespace}/${ref}` : `${ref.slice(dot + 1)}/${ref.slice(0, dot)}`);
  };
  for (const rollout of index.ofKind(K.Rollout)) {
    const istio = asObject(asObject(asObject(asObject(specOf(rollout)['strategy'])['canary'])['trafficRouting'])['istio']);
    add(asString(asObject(istio['virtualService'])['name']), rollout.namespace);
    for (const vs of asArray(istio['virtualServices'])) add(asString(asObject(vs)['name']), rollout.namespace);
  }
  for (const canary of index.ofKind(K.Canary)) {
    const spec = specOf(canary);
    // Flagger names the VirtualService it generates after the service (default: the target's name).
    add(asString(asObject(spec['service'])['name']) ?? asString(asObject(spec['targetRef'])['name']), canary.namespace);
  }
  return out;
}

function destinationKey(vs: Resource, d: WeightedDestination): string {
  return `${d.host ? fqdn(d.host, vs.namespace) : ''}|${d.subset ?? ''}|${d.port ?? ''}`;
}

export default defineRule({
  code: 'MSH2006',
  name: 'virtualservice-unused-destination',
  severity: 'info',
  reads: [K.VirtualService, K.Rollout, K.Canary],
  docs: {
    summary: 'Every destination of a VirtualService gets a weight above zero in at least one of its routes.',
    rationale:
      'A destination whose weight is 0 in every route it appears in never receives traffic, while its presence suggests it does; left behind after a manual traffic shift, it also hides which version really serves requests.',
  },
  messages: {
    unused: 'Destination {destination} has weight 0 wherever this VirtualService routes to it, so it never receives traffic from it.',
  },
  check({ index, report }) {
    const managed = managedVirtualServices(index);
    const memo = perVirtualService.over(index);
    for (const vs of index.ofKind(K.VirtualService)) {
      if (managed.has(`${vs.namespace}/${vs.name}`)) continue;
      for (const f of memo.get(vs, findingsOf)) report(f);
    }
  },
});

/** Which destinations of a VirtualService are unused depends on it alone (engine/memo.ts). */
const perVirtualService = new SubjectMemo<RuleFinding<'unused'>[]>();

function findingsOf(_index: ResourceIndex, vs: Resource): RuleFinding<'unused'>[] {
  const out: RuleFinding<'unused'>[] = [];
  const routes = allWeightedRoutes(vs);
  // Only routes that send traffic somewhere count; a lone destination gets everything anyway,
  // and a route with a malformed weight (the schema check's finding) is taken as serving all.
  const live = routes.filter((r) => !r.malformed && r.destinations.length > 1 && r.destinations.some((d) => effectiveWeight(d) > 0));
  const served = new Set(routes.flatMap((r) => (r.destinations.length === 1 || r.malformed ? r.destinations : r.destinations.filter((d) => effectiveWeight(d) > 0))).map((d) => destinationKey(vs, d)));
  for (const route of live) {
    for (const d of route.destinations) {
      if (effectiveWeight(d) !== 0 || served.has(destinationKey(vs, d))) continue;
      out.push({
        subject: vs.key,
        path: d.weight === undefined ? d.path : [...d.path, 'weight'],
        messageId: 'unused',
        data: { destination: destinationLabel(d) },
        fixes: [{ title: `Remove destination ${destinationLabel(d)}`, edits: [{ op: 'delete', path: d.path }] }],
      });
    }
  }
  return out;
}
