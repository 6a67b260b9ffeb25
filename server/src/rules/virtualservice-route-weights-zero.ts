/**
 * A VirtualService route with several destinations whose weights are all zero (an absent weight
 * counts as zero). Istio's validation rejects it ("total destination weight = 0"), so the
 * VirtualService is not applied at all, typically after someone removed the weights a rollout
 * controller had set, or listed two destinations without any weight.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { destinationLabel, effectiveWeight, normalizeWeights, weightedRoutes } from './util/route-weights';

export default defineRule({
  code: 'MSH2005',
  name: 'virtualservice-route-weights-zero',
  severity: 'error',
  reads: [K.VirtualService],
  docs: {
    summary: 'A VirtualService route with several destinations gives at least one of them a weight above zero.',
    rationale:
      'With every weight zero (or absent) there is no traffic to split; Istio rejects the whole VirtualService ("total destination weight = 0"), so none of its routing is in force.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination'],
  },
  messages: {
    allZero: 'Every destination of this route ({destinations}) has weight 0 or none, so Istio rejects the VirtualService (total destination weight = 0).',
  },
  check({ index, report }) {
    for (const vs of index.ofKind(K.VirtualService)) {
      for (const route of weightedRoutes(vs)) {
        const ds = route.destinations;
        if (ds.length < 2 || ds.some((d) => effectiveWeight(d) !== 0)) continue;
        const even = normalizeWeights(ds.map(() => 0));
        report({
          subject: vs.key, path: route.path, target: 'key', messageId: 'allZero',
          data: { destinations: ds.map(destinationLabel).join(', ') },
          fixes: [{
            title: `Split the traffic evenly (${even.join('/')})`,
            preferred: true,
            edits: ds.map((d, i) => ({ op: 'set' as const, path: [...d.path, 'weight'], value: even[i] })),
          }],
        });
      }
    }
  },
});
