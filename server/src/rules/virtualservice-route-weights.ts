/**
 * VirtualService route weights that do not say what their author most likely meant: several
 * weights that do not add up to 100, or a weight on a route's only destination.
 *
 * Istio 1.30 accepts any sum and treats weights as relative (each destination receives its weight
 * divided by the route's total), so 60 + 60 is a 50/50 split, not an error; older releases
 * rejected sums other than 100, and rollout tools read weights as percentages. A weight on a
 * route's only destination is ignored: it receives all of the route's traffic. Routes whose
 * weights are all zero are virtualservice-route-weights-zero's concern.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { effectiveWeight, normalizeWeights, sharesText, weightedRoutes } from './util/route-weights';

export default defineRule({
  code: 'MSH2004',
  name: 'virtualservice-route-weights',
  severity: 'warning',
  reads: [K.VirtualService],
  docs: {
    summary: 'The weights of a VirtualService route with several destinations add up to 100, and a route with one destination carries no weight.',
    rationale:
      'Weights are read as percentages by people, by rollout tools and by Istio releases before relative weights were accepted; a route whose weights add up to 120 splits traffic in proportions nobody wrote down, and a weight of 10 on a lone destination still sends it all the traffic.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination'],
  },
  messages: {
    sumNot100: 'The weights of this route add up to {sum}, not 100; Istio treats them as relative, so the split is {shares}.',
    loneWeight: 'Weight {weight} has no effect: this route\'s only destination receives all of its traffic.',
  },
  check({ index, report }) {
    for (const vs of index.ofKind(K.VirtualService)) {
      for (const route of weightedRoutes(vs)) {
        const ds = route.destinations;
        if (ds.length === 1) {
          const only = ds[0]!;
          if (only.weight === undefined || only.weight === 100) continue;
          report({
            subject: vs.key, path: [...only.path, 'weight'], messageId: 'loneWeight', data: { weight: only.weight },
            fixes: [{ title: 'Remove the weight', preferred: true, edits: [{ op: 'delete', path: [...only.path, 'weight'] }] }],
          });
          continue;
        }
        // Negative weights are invalid (schema and Istio's validation report them); all-zero is another rule.
        if (ds.length < 2 || ds.some((d) => effectiveWeight(d) < 0)) continue;
        const sum = ds.reduce((a, d) => a + effectiveWeight(d), 0);
        if (sum === 0 || sum === 100) continue;
        const normalized = normalizeWeights(ds.map(effectiveWeight));
        report({
          subject: vs.key, path: route.path, target: 'key', messageId: 'sumNot100', data: { sum, shares: sharesText(route) },
          fixes: [{
            title: `Scale the weights to add up to 100 (${normalized.join('/')})`,
            preferred: true,
            // An absent weight already means 0; only weights that change are written.
            edits: ds.flatMap((d, i) => (effectiveWeight(d) === normalized[i] && (d.weight !== undefined || normalized[i] === 0) ? [] : [{ op: 'set' as const, path: [...d.path, 'weight'], value: normalized[i] }])),
          }],
        });
      }
    }
  },
});
