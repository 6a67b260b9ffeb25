/**
 * An Argo Rollout whose Gateway API traffic-routing plugin names an HTTPRoute or GRPCRoute that
 * does not exist, or one in which no backendRef names the Rollout's stable or canary Service.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { rolloutPluginRoutes, stableAndCanary } from './util/argo-rollouts';
import { backendRefsOf, isServiceBackend, kindName } from './util/gateway-api-refs';

export default defineRule({
  code: 'MSH7005',
  name: 'rollout-gateway-route-not-found',
  severity: 'error',
  reads: [K.Rollout, K.HTTPRoute, K.GRPCRoute],
  docs: {
    summary: 'Every route the Argo Rollouts Gateway API plugin manages exists and sends to the Rollout\'s stable and canary Services.',
    rationale:
      'The plugin shifts traffic by rewriting the weights of the route\'s backendRefs to the stable and canary Services; a missing route, or one without those backendRefs, leaves the plugin nothing to change and the Rollout fails to set weights.',
    seeAlso: ['https://rollouts-plugin-trafficrouter-gatewayapi.readthedocs.io/'],
  },
  messages: {
    routeNotFound: '{kind} "{namespace}/{name}" does not exist, so the Rollout cannot set traffic weights.',
    serviceNotInRoute: '{kind} "{namespace}/{name}" has no backendRef to the {role} Service "{service}", so the Rollout cannot shift its weight.',
  },
  check({ index, report }) {
    for (const rollout of index.ofKind(K.Rollout)) {
      const services = stableAndCanary(rollout);
      for (const ref of rolloutPluginRoutes(rollout)) {
        if (!index.knows(ref.kind)) continue;
        const kind = kindName(ref.kind);
        const route = index.get(ref.kind, ref.namespace, ref.name);
        if (!route) {
          report({ subject: rollout.key, path: ref.path, messageId: 'routeNotFound', data: { kind, namespace: ref.namespace, name: ref.name } });
          continue;
        }
        if (!services) continue;
        const backends = backendRefsOf(route).filter((b) => b.role === 'backend' && isServiceBackend(b) && b.namespace === route.namespace).map((b) => b.name);
        for (const [role, service] of [['stable', services.stable], ['canary', services.canary]] as const) {
          if (backends.includes(service)) continue;
          report({
            subject: rollout.key, path: ref.path, messageId: 'serviceNotInRoute', data: { kind, namespace: ref.namespace, name: ref.name, role, service },
            related: [{ subject: route.key, path: ['spec', 'rules'], note: `${kind} ${ref.namespace}/${ref.name}` }],
          });
        }
      }
    }
  },
});
