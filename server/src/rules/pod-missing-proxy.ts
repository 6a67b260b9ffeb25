/**
 * A pod in a namespace labelled `istio-injection=enabled` that runs without the istio-proxy
 * sidecar: it was created before the label, or injection failed.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { namespaceInjections } from './util/namespace-injection';
import { SIDECAR_INJECT, hasProxyContainer } from './util/sidecar-injection';
import { podTemplateOf } from './util/workload';

export default defineRule({
  code: 'IST0103',
  istioName: 'PodMissingProxy',
  istioAnalyzer: 'injection.Analyzer',
  name: 'pod-missing-proxy',
  severity: 'warning',
  reads: [K.Namespace, K.ConfigMap, K.Pod],
  docs: {
    summary: 'Pods in sidecar-injected namespaces run with the istio-proxy sidecar.',
    rationale:
      'Injection happens only when a pod is created, so pods that predate the namespace label (or whose injection failed) run outside the mesh until they are restarted.',
    seeAlso: ['istioctl analyze IST0103', 'https://istio.io/latest/docs/ops/common-problems/injection/'],
  },
  messages: {
    missing: 'Pod "{pod}" runs without the Istio proxy although its namespace is injected; restarting or redeploying the workload usually fixes this.',
  },
  check({ index, report }) {
    const injected = new Set(namespaceInjections(index).filter((ns) => ns.sidecarEnabled).map((ns) => ns.name));
    if (injected.size === 0) return;
    for (const pod of index.ofKind(K.Pod)) {
      if (!injected.has(pod.namespace)) continue;
      const template = podTemplateOf(pod);
      if (!template) continue;
      // The label wins over the annotation, as in the injector.
      const inject = template.labels[SIDECAR_INJECT] ?? template.annotations[SIDECAR_INJECT] ?? '';
      if (inject.toLowerCase() === 'false') continue;
      if (template.spec['hostNetwork'] === true) continue;
      if (hasProxyContainer(template, { includeInit: true })) continue;
      report({ subject: pod.key, path: ['metadata', 'name'], messageId: 'missing', data: { pod: `${pod.namespace}/${pod.name}` } });
    }
  },
});
