/**
 * An Istio annotation of an alpha-phase feature. `istioctl analyze` runs this check only on
 * request; here it is a hint, so it informs without competing with real problems.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { CNI_DEFAULT_ANNOTATIONS, istioAnnotationUses } from './util/istio-annotations';
import { containersOf, podTemplateOf } from './util/workload';

export default defineRule({
  code: 'IST0136',
  istioName: 'AlphaAnnotation',
  istioAnalyzer: 'annotations.AlphaAnalyzer',
  name: 'annotation-alpha',
  severity: 'hint',
  reads: [K.Namespace, K.Service, K.Pod, K.Deployment],
  docs: {
    summary: 'Annotations of alpha-phase Istio features are pointed out.',
    rationale:
      'Alpha features may change or disappear between minor releases and are not fully supported, which matters before relying on one in production.',
    seeAlso: ['istioctl analyze IST0136', 'https://istio.io/latest/docs/releases/feature-stages/'],
  },
  messages: {
    alpha: 'The annotation "{annotation}" belongs to an alpha-phase Istio feature, which may change and is not fully supported.',
  },
  check({ index, report }) {
    for (const use of istioAnnotationUses(index)) {
      if (use.entry?.status !== 'Alpha') continue;
      // With istio-cni (no istio-init container) the injector writes these itself.
      if (use.kindName === 'Pod' && CNI_DEFAULT_ANNOTATIONS.has(use.key) && usesCni(use.resource)) continue;
      report({ subject: use.resource.key, path: use.path, target: 'key', messageId: 'alpha', data: { annotation: use.key } });
    }
  },
});

function usesCni(pod: Resource): boolean {
  const template = podTemplateOf(pod);
  if (!template) return false;
  return !containersOf(template, { includeInit: true }).some((c) => c.init && c.name === 'istio-init');
}
