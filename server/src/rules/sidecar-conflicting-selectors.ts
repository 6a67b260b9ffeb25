/**
 * Several Sidecars selecting the same pod.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { isNamespaceDefault, podsOfSidecar } from './util/sidecar-scope';
import { podInAmbient } from './util/sidecar-injection';
import { annotationsOf } from './util/values';

export default defineRule({
  code: 'IST0110',
  istioName: 'ConflictingSidecarWorkloadSelectors',
  istioAnalyzer: 'sidecar.SelectorAnalyzer',
  name: 'sidecar-conflicting-selectors',
  severity: 'error',
  reads: [K.Sidecar, K.Pod],
  docs: {
    summary: 'At most one Sidecar with a workload selector selects any given pod.',
    rationale:
      'A proxy takes its configuration from a single Sidecar; when several select the same pod, which one applies is undefined and can change from one push to the next.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0110/'],
  },
  messages: {
    conflicting: 'Sidecars {sidecars} in namespace "{namespace}" all select pod {pod}.',
  },
  check({ index, report }) {
    if (!index.knows(K.Pod)) return;
    // Pod key -> the selecting Sidecars, in index order.
    const byPod = new Map<string, { pod: Resource; sidecars: Resource[] }>();
    for (const sidecar of index.ofKind(K.Sidecar)) {
      if (isNamespaceDefault(sidecar)) continue;
      for (const pod of podsOfSidecar(index, sidecar)) {
        const entry = byPod.get(pod.key) ?? { pod, sidecars: [] };
        entry.sidecars.push(sidecar);
        byPod.set(pod.key, entry);
      }
    }
    for (const { pod, sidecars } of byPod.values()) {
      // An ambient pod has no sidecar to configure: sidecar-ineffective-in-ambient says so.
      if (sidecars.length < 2 || podInAmbient(annotationsOf(pod))) continue;
      const names = sidecars.map((s) => s.name).join(', ');
      for (const sidecar of sidecars) {
        report({
          subject: sidecar.key,
          path: ['spec', 'workloadSelector', 'labels'],
          messageId: 'conflicting',
          data: { sidecars: names, namespace: pod.namespace, pod: pod.name },
          related: sidecars.filter((s) => s.key !== sidecar.key).map((s) => ({ subject: s.key, path: ['spec', 'workloadSelector', 'labels'], note: `also selects pod ${pod.name}` })),
        });
      }
    }
  },
});
