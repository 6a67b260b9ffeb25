/**
 * Weights written by hand on routes a progressive-delivery controller manages. Argo Rollouts
 * rewrites the weights of the VirtualService routes it names (Istio), of the stable and canary
 * backendRefs of the routes its Gateway API plugin names, and of its SMI TrafficSplit; Flagger
 * generates the VirtualService, HTTPRoute or TrafficSplit named after a Canary's apex Service and
 * owns all of it. A weight in the file is overwritten on the next step, and a GitOps sync that
 * re-applies it fights the controller mid-rollout.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { managedRoutes, rolloutPluginRoutes, rolloutVirtualServices, stableAndCanary } from './util/argo-rollouts';
import { apexName, generatedKinds } from './util/flagger';
import { backendRefsOf, kindName } from './util/gateway-api-refs';
import { asArray, asObject, asString, isObject, specOf } from './util/values';

/** Every `weight` key under the given route entries. */
function weightsIn(resource: Resource, entries: readonly Path[]): Path[] {
  const out: Path[] = [];
  for (const path of entries) {
    let node: unknown = resource.value;
    for (const seg of path) node = typeof seg === 'number' ? asArray(node)[seg] : asObject(node)[seg];
    if (asObject(node)['weight'] !== undefined) out.push([...path, 'weight']);
  }
  return out;
}

/**
 * Whether weighted entries are in the controller's resting state: one entry at 100 and the rest
 * at 0. Argo Rollouts requires the stable and canary destinations to be listed and writes exactly
 * this back after every rollout, so a file holding it agrees with the controller.
 */
function atRest(resource: Resource, entries: readonly Path[]): boolean {
  const weights = entries.map((path) => {
    let node: unknown = resource.value;
    for (const seg of path) node = typeof seg === 'number' ? asArray(node)[seg] : asObject(node)[seg];
    return asObject(node)['weight'];
  });
  return weights.filter((w) => w === 100).length === 1 && weights.every((w) => w === 100 || w === 0);
}

/** The entries of each route that are not at rest, flattened. */
function awayFromRest(resource: Resource, routes: readonly Path[][]): Path[] {
  return routes.filter((entries) => !atRest(resource, entries)).flat();
}

/** Paths of the weighted destinations of some VirtualService routes. */
function vsEntries(vs: Resource, routes: readonly { protocol: string; index: number }[]): Path[] {
  return routes.flatMap(({ protocol, index }) =>
    asArray(asObject(asArray(specOf(vs)[protocol])[index])['route']).map((_, j): Path => ['spec', protocol, index, 'route', j]));
}

/** Paths of every weighted entry of a routing object Flagger generates. */
function allEntries(resource: Resource): Path[] {
  const spec = specOf(resource);
  if (resource.kind === K.VirtualService) {
    return (['http', 'tcp', 'tls'] as const).flatMap((protocol) => vsEntries(resource, asArray(spec[protocol]).map((_, index) => ({ protocol, index }))));
  }
  if (resource.kind === K.TrafficSplit) return asArray(spec['backends']).map((_, i): Path => ['spec', 'backends', i]);
  return backendRefsOf(resource).filter((b) => b.role === 'backend').map((b) => b.path);
}

export default defineRule({
  code: 'MSH7009',
  name: 'managed-route-weight',
  severity: 'info',
  reads: [K.Rollout, K.Canary, K.VirtualService, K.HTTPRoute, K.GRPCRoute, K.TrafficSplit],
  docs: {
    summary: 'Route weights that Argo Rollouts or Flagger manage are not maintained by hand.',
    rationale:
      'During a rollout the controller owns these weights and rewrites them at every step; a weight kept in the file is overwritten, and re-applying the file (a GitOps sync) moves traffic behind the controller\'s back mid-rollout.',
    seeAlso: ['https://argoproj.github.io/argo-rollouts/features/traffic-management/', 'https://docs.flagger.app/usage/how-it-works'],
  },
  messages: {
    argoManaged: 'Argo Rollout "{rollout}" sets this weight during a rollout, so the value written here is overwritten; keep the resting state (stable 100, canary 0) and let the controller move it.',
    flaggerManaged: 'Flagger generates {kind} "{name}" for Canary "{canary}" and sets its weights, so this value is overwritten; let Flagger own this object.',
  },
  check({ index, report }) {
    const reported = new Set<string>();
    const emit = (resource: Resource, paths: readonly Path[], messageId: 'argoManaged' | 'flaggerManaged', data: Record<string, string>, owner: Resource): void => {
      if (resource.origin.type !== 'file') return;
      for (const path of paths) {
        const id = `${resource.key}|${path.join('.')}`;
        if (reported.has(id)) continue;
        reported.add(id);
        report({ subject: resource.key, path, messageId, data, related: [{ subject: owner.key, path: ['metadata', 'name'], note: `${kindName(owner.kind)} ${owner.namespace}/${owner.name}` }] });
      }
    };

    for (const rollout of index.ofKind(K.Rollout)) {
      const data = { rollout: `${rollout.namespace}/${rollout.name}` };
      for (const ref of rolloutVirtualServices(rollout)) {
        const vs = index.get(K.VirtualService, ref.namespace, ref.name);
        if (vs) {
          const routes = managedRoutes(ref, vs).map((route) => vsEntries(vs, [route]));
          emit(vs, weightsIn(vs, awayFromRest(vs, routes)), 'argoManaged', data, rollout);
        }
      }
      const services = stableAndCanary(rollout);
      for (const ref of rolloutPluginRoutes(rollout)) {
        const route = index.get(ref.kind, ref.namespace, ref.name);
        if (!route || !services) continue;
        const managed = backendRefsOf(route).filter((b) => b.role === 'backend' && (b.name === services.stable || b.name === services.canary)).map((b) => b.path);
        emit(route, weightsIn(route, awayFromRest(route, [managed])), 'argoManaged', data, rollout);
      }
      const trafficRouting = asObject(asObject(asObject(specOf(rollout)['strategy'])['canary'])['trafficRouting']);
      if (isObject(trafficRouting['smi'])) {
        // Argo creates and owns the TrafficSplit (named after the Rollout unless told otherwise).
        const split = index.get(K.TrafficSplit, rollout.namespace, asString(asObject(trafficRouting['smi'])['trafficSplitName']) ?? rollout.name);
        if (split) emit(split, weightsIn(split, allEntries(split)), 'argoManaged', data, rollout);
      }
    }

    for (const canary of index.ofKind(K.Canary)) {
      const apex = apexName(canary);
      if (apex === undefined) continue;
      for (const kind of generatedKinds(canary)) {
        const generated = index.get(kind, canary.namespace, apex);
        if (!generated) continue;
        emit(generated, weightsIn(generated, allEntries(generated)), 'flaggerManaged',
          { kind: kindName(kind), name: `${canary.namespace}/${apex}`, canary: `${canary.namespace}/${canary.name}` }, canary);
      }
    }
  },
});
