/**
 * An Istio pod annotation whose value the sidecar injector rejects (a port that is not a number,
 * an IP range that is not CIDR, an unknown interception mode).
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { annotationValueProblem } from './util/istio-annotation-values';
import { annotationAllowedOn, istioAnnotationUses } from './util/istio-annotations';

export default defineRule({
  code: 'IST0125',
  istioName: 'InvalidAnnotation',
  istioAnalyzer: 'annotations.K8sAnalyzer',
  name: 'annotation-invalid-value',
  severity: 'warning',
  reads: [K.Namespace, K.Service, K.Pod, K.Deployment],
  docs: {
    summary: 'Istio annotation values have the form the sidecar injector accepts.',
    rationale:
      'The injector validates these values when a pod is created; a malformed one makes injection fail, so the pod starts without a sidecar or not at all.',
    seeAlso: ['istioctl analyze IST0125', 'https://istio.io/latest/docs/reference/config/annotations/'],
  },
  messages: {
    invalid: 'The value of "{annotation}" is invalid: {problem}.',
  },
  check({ index, report }) {
    for (const use of istioAnnotationUses(index)) {
      // A misplaced annotation is reported as such; its value does not matter where it is.
      if (!use.entry || !annotationAllowedOn(use.entry, use.kindName)) continue;
      const problem = annotationValueProblem(use.key, use.value);
      if (problem === undefined) continue;
      report({ subject: use.resource.key, path: use.path, messageId: 'invalid', data: { annotation: use.key, problem } });
    }
  },
});
