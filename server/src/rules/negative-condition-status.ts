/**
 * A status condition that reports a problem: a Service or ServiceEntry not bound to its waypoint,
 * an AuthorizationPolicy ztunnel or the waypoint did not accept, a Gateway or route not accepted,
 * not programmed, or with unresolved references.
 */
import type { Kind } from '../model/kinds';
import { K } from '../model/kinds';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { asArray, asObject, asString } from './util/values';

/** For each kind, the condition types whose "False" status is a problem. */
const NEGATIVE_WHEN_FALSE: ReadonlyMap<Kind, ReadonlySet<string>> = new Map<Kind, ReadonlySet<string>>([
  [K.Service, new Set(['istio.io/WaypointBound'])],
  [K.ServiceEntry, new Set(['istio.io/WaypointBound'])],
  [K.IstioAuthorizationPolicy, new Set(['ZtunnelAccepted', 'WaypointAccepted'])],
  [K.Gateway, new Set(['Accepted', 'Programmed', 'ResolvedRefs'])],
  [K.HTTPRoute, new Set(['Accepted', 'Programmed', 'ResolvedRefs'])],
  [K.GRPCRoute, new Set(['Accepted', 'Programmed', 'ResolvedRefs'])],
]);

/** Routes report conditions per parent; the others directly under status. */
const PER_PARENT: ReadonlySet<Kind> = new Set([K.HTTPRoute, K.GRPCRoute]);

export default defineRule({
  code: 'IST0171',
  istioName: 'NegativeConditionStatus',
  istioAnalyzer: 'conditions.ConditionAnalyzer',
  name: 'negative-condition-status',
  severity: 'warning',
  reads: [...NEGATIVE_WHEN_FALSE.keys()],
  docs: {
    summary: 'Resources whose status reports a failed condition are pointed out.',
    rationale:
      'Istio writes status conditions when it cannot act on a resource (no waypoint bound, a policy ztunnel rejects, a route not accepted); the configuration looks applied but does not take effect.',
    seeAlso: ['istioctl analyze IST0171'],
  },
  messages: {
    negative: 'Condition {type} is False (reason: {reason}): {message}',
  },
  check({ index, report }) {
    for (const [kind, types] of NEGATIVE_WHEN_FALSE) {
      for (const resource of index.ofKind(kind)) {
        const status = asObject(resource.value['status']);
        const lists: { conditions: readonly unknown[]; path: Path }[] = PER_PARENT.has(kind)
          ? asArray(status['parents']).map((p, i) => ({ conditions: asArray(asObject(p)['conditions']), path: ['status', 'parents', i, 'conditions'] }))
          : [{ conditions: asArray(status['conditions']), path: ['status', 'conditions'] }];
        for (const { conditions, path } of lists) {
          conditions.forEach((raw, i) => {
            const c = asObject(raw);
            const type = asString(c['type']) ?? '';
            const reason = asString(c['reason']) ?? '';
            const negative = c['status'] === 'False' && types.has(type);
            // A waypoint that accepts only part of a policy still says True, with this reason.
            const partial = kind === K.IstioAuthorizationPolicy && type === 'WaypointAccepted' && reason === 'PartiallyInvalid';
            if (!negative && !partial) return;
            report({
              subject: resource.key,
              path: [...path, i],
              messageId: 'negative',
              data: { type, reason, message: asString(c['message']) ?? '' },
            });
          });
        }
      }
    }
  },
});
