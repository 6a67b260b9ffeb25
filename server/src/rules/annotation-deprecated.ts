/**
 * A deprecated Istio annotation. Istio keeps reading it for now, but a later release will not.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { istioAnnotationUses } from './util/istio-annotations';
import { SIDECAR_INJECT } from './util/sidecar-injection';
import { labelsOf } from './util/values';

export default defineRule({
  code: 'IST0135',
  istioName: 'DeprecatedAnnotation',
  istioAnalyzer: 'annotations.K8sAnalyzer',
  name: 'annotation-deprecated',
  severity: 'info',
  reads: [K.Namespace, K.Service, K.Pod, K.Deployment],
  docs: {
    summary: 'Istio annotations that are deprecated are replaced before a release drops them.',
    rationale:
      'A deprecated annotation still works today, but a future Istio version stops honouring it and the behaviour it controls changes silently on upgrade.',
    seeAlso: ['istioctl analyze IST0135', 'https://istio.io/latest/docs/reference/config/annotations/'],
  },
  messages: {
    deprecated: 'The annotation "{annotation}" is deprecated and may stop working in a future Istio release.',
    deprecatedReplaced: 'The annotation "{annotation}" is deprecated in favour of {replacement} and may stop working in a future Istio release.',
  },
  check({ index, report }) {
    for (const use of istioAnnotationUses(index)) {
      if (!use.entry?.deprecated) continue;
      // Keeping the old inject annotation next to the new label is a deliberate compatibility
      // choice (older control planes read only the annotation), so it is not worth a comment.
      if (use.key === SIDECAR_INJECT && SIDECAR_INJECT in labelsOf(use.resource)) continue;
      const replacement = use.entry.replacement;
      report({
        subject: use.resource.key,
        path: use.path,
        target: 'key',
        messageId: replacement ? 'deprecatedReplaced' : 'deprecated',
        data: replacement ? { annotation: use.key, replacement } : { annotation: use.key },
        ...(use.key === SIDECAR_INJECT
          ? {
              fixes: [
                {
                  // With the label beside it the annotation is only kept for old control planes,
                  // which is fine; deleting it is left to the user.
                  title: 'Add the equivalent sidecar.istio.io/inject label',
                  preferred: true,
                  edits: [{ op: 'set' as const, path: ['metadata', 'labels', SIDECAR_INJECT], value: use.value }],
                },
              ],
            }
          : {}),
      });
    }
  },
});
