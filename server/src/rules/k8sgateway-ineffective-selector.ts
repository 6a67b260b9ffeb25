/**
 * A policy that selects Kubernetes Gateway pods by label instead of targeting the Gateway.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { mapSelects } from './util/selectors';
import { asArray, asObject, isObject, labelsOf, specOf, stringMap } from './util/values';

/** The label a Gateway API implementation puts on the pods it runs for a Gateway. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** Whether a policy attaches by `targetRef` or `targetRefs` rather than by selector. */
function hasTargetRef(policy: Resource): boolean {
  const spec = specOf(policy);
  return isObject(spec['targetRef']) || asArray(spec['targetRefs']).length > 0;
}

export default defineRule({
  code: 'IST0166',
  istioName: 'IneffectiveSelector',
  istioAnalyzer: 'k8sgateway.SelectorAnalyzer',
  name: 'k8sgateway-ineffective-selector',
  severity: 'warning',
  reads: [K.IstioAuthorizationPolicy, K.RequestAuthentication, K.Telemetry, K.WasmPlugin, K.Pod],
  docs: {
    summary: 'Policies for Kubernetes Gateway API gateways attach with `targetRef`, not a workload selector.',
    rationale:
      'Istio ignores workload selectors for the pods it deploys for Gateway API gateways, so a policy that only selects them never applies there.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0166/'],
  },
  messages: {
    ineffectiveSelector: 'This selector picks the pods of Kubernetes Gateway "{gateway}", where it has no effect; use `targetRefs` to attach to the Gateway.',
  },
  check({ index, report }) {
    if (!index.knows(K.Pod)) return;
    // Namespace -> labels of its Gateway API gateway pods.
    const gatewayPods = new Map<string, Readonly<Record<string, string>>[]>();
    for (const pod of index.ofKind(K.Pod)) {
      const labels = labelsOf(pod);
      if (!(GATEWAY_NAME_LABEL in labels)) continue;
      gatewayPods.set(pod.namespace, [...(gatewayPods.get(pod.namespace) ?? []), labels]);
    }
    for (const kind of [K.IstioAuthorizationPolicy, K.RequestAuthentication, K.Telemetry, K.WasmPlugin]) {
      for (const policy of index.ofKind(kind)) {
        const selector = specOf(policy)['selector'];
        if (hasTargetRef(policy) || !isObject(selector)) continue;
        const matchLabels = stringMap(asObject(selector)['matchLabels']);
        for (const labels of gatewayPods.get(policy.namespace) ?? []) {
          if (!mapSelects(matchLabels, labels)) continue;
          report({
            subject: policy.key,
            path: ['spec', 'selector'],
            messageId: 'ineffectiveSelector',
            data: { gateway: labels[GATEWAY_NAME_LABEL] ?? '' },
          });
        }
      }
    }
  },
});
