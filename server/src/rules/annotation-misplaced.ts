/**
 * An Istio annotation on a kind of object it does not belong on, such as a pod annotation on a
 * Deployment's own metadata instead of its pod template.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { annotationAllowedOn, istioAnnotationUses } from './util/istio-annotations';
import { annotationsOf } from './util/values';

export default defineRule({
  code: 'IST0107',
  istioName: 'MisplacedAnnotation',
  istioAnalyzer: 'annotations.K8sAnalyzer',
  name: 'annotation-misplaced',
  severity: 'warning',
  reads: [K.Namespace, K.Service, K.Pod, K.Deployment],
  docs: {
    summary: 'Istio annotations sit on the kind of object Istio reads them from.',
    rationale:
      'Istio reads each annotation from one kind of object; on any other it is ignored. The usual slip is a pod annotation on a Deployment\'s metadata, where the injector never looks, instead of under spec.template.metadata.annotations.',
    seeAlso: ['istioctl analyze IST0107', 'https://istio.io/latest/docs/reference/config/annotations/'],
  },
  messages: {
    misplaced: 'The annotation "{annotation}" has no effect on a {kind}; it belongs on: {targets}.',
  },
  check({ index, report }) {
    for (const use of istioAnnotationUses(index)) {
      const entry = use.entry;
      if (!entry || annotationAllowedOn(entry, use.kindName)) continue;
      // A pod annotation on a Deployment almost always meant its pod template.
      const movable = use.kindName === 'Deployment' && entry.targets.includes('Pod');
      report({
        subject: use.resource.key,
        path: use.path,
        target: 'key',
        messageId: 'misplaced',
        data: { annotation: use.key, kind: use.kindName, targets: entry.targets.join(', ') },
        ...(movable
          ? {
              fixes: [
                {
                  title: 'Move it to the pod template',
                  preferred: true,
                  edits: [
                    { op: 'set' as const, path: ['spec', 'template', 'metadata', 'annotations', use.key], value: use.value },
                    // Removing the last annotation removes the then-empty mapping too.
                    { op: 'delete' as const, path: Object.keys(annotationsOf(use.resource)).length === 1 ? ['metadata', 'annotations'] : use.path },
                  ],
                },
              ],
            }
          : {}),
      });
    }
  },
});
