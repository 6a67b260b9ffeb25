/**
 * An AuthorizationPolicy that applies to no workload: its selector matches no pod in the mesh, or
 * (without a selector) its namespace has no pod in the mesh. A policy in the root namespace
 * without a selector applies mesh-wide and is always in use.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import { defineRule } from './rule';
import { formatLabels, mapSelects } from './util/selectors';
import { podInAmbient, workloadInMesh } from './util/sidecar-injection';
import { annotationsOf, asObject, labelsOf, specOf, stringMap } from './util/values';
import { podTemplateOf } from './util/workload';

export default defineRule({
  code: 'IST0127',
  istioName: 'NoMatchingWorkloadsFound',
  istioAnalyzer: 'auth.AuthorizationPoliciesAnalyzer',
  name: 'authorizationpolicy-no-matching-workloads',
  severity: 'warning',
  reads: [K.IstioAuthorizationPolicy, K.Pod, K.Namespace, K.MeshConfig],
  docs: {
    summary: 'Every AuthorizationPolicy applies to at least one workload in the mesh.',
    rationale:
      'A policy whose selector matches no meshed pod (often a label typo, or a namespace without sidecars) protects nothing, while its author believes access is restricted.',
    seeAlso: ['istioctl analyze IST0127', 'https://istio.io/latest/docs/reference/config/security/authorization-policy/'],
  },
  messages: {
    noWorkloads: 'No workload in the mesh matches this policy\'s selector {selector}, so it applies to nothing.',
    emptyNamespace: 'Namespace "{namespace}" has no workload in the mesh, so this namespace-wide policy applies to nothing.',
  },
  check({ index, report }) {
    // Which pods run is cluster state; with no pod known at all, say nothing.
    if (!index.knows(K.Pod)) return;
    const meshed = meshedPodsByNamespace(index);
    const root = index.meshConfig.rootNamespace;
    for (const policy of index.ofKind(K.IstioAuthorizationPolicy)) {
      const spec = specOf(policy);
      const hasSelector = spec['selector'] != null;
      const selector = stringMap(asObject(spec['selector'])['matchLabels']);
      const matches = (pods: readonly Readonly<Record<string, string>>[]) => pods.some((labels) => mapSelects(selector, labels));
      if (policy.namespace === root) {
        // A root-namespace policy applies across the mesh; only a selector can make it miss.
        if (hasSelector && ![...meshed.values()].some(matches)) {
          report({ subject: policy.key, path: ['spec', 'selector'], messageId: 'noWorkloads', data: { selector: formatLabels(selector) } });
        }
        continue;
      }
      const local = meshed.get(policy.namespace) ?? [];
      if (!hasSelector) {
        if (local.length === 0) report({ subject: policy.key, path: ['metadata', 'name'], messageId: 'emptyNamespace', data: { namespace: policy.namespace } });
        continue;
      }
      if (!matches(local)) {
        report({ subject: policy.key, path: ['spec', 'selector'], messageId: 'noWorkloads', data: { selector: formatLabels(selector) } });
      }
    }
  },
});

/** Labels of the pods in the mesh (with a sidecar, or enrolled in ambient), by namespace. */
function meshedPodsByNamespace(index: ResourceIndex): Map<string, Readonly<Record<string, string>>[]> {
  const out = new Map<string, Readonly<Record<string, string>>[]>();
  for (const pod of index.ofKind(K.Pod)) {
    if (!isMeshed(index, pod)) continue;
    const list = out.get(pod.namespace) ?? [];
    list.push(labelsOf(pod));
    out.set(pod.namespace, list);
  }
  return out;
}

function isMeshed(index: ResourceIndex, pod: Resource): boolean {
  const template = podTemplateOf(pod);
  if (template && workloadInMesh(index, template, pod.namespace, { includeInit: true })) return true;
  return podInAmbient(annotationsOf(pod));
}
