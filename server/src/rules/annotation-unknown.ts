/**
 * An annotation in Istio's namespace (a prefix ending in `istio.io`) that Istio does not know:
 * usually a typo, and Istio silently ignores it.
 */
import { K } from '../model/kinds';
import { suggest } from '../schema/suggest';
import { defineRule } from './rule';
import { ISTIO_ANNOTATIONS, istioAnnotationUses } from './util/istio-annotations';

export default defineRule({
  code: 'IST0108',
  istioName: 'UnknownAnnotation',
  istioAnalyzer: 'annotations.K8sAnalyzer',
  name: 'annotation-unknown',
  severity: 'warning',
  reads: [K.Namespace, K.Service, K.Pod, K.Deployment],
  docs: {
    summary: 'Every annotation in an istio.io namespace is one that Istio documents.',
    rationale:
      'Istio reads only the annotations it knows; a misspelt one (exportTo written as exportTO, say) is ignored without a word, so the setting it was meant to make never applies.',
    seeAlso: ['istioctl analyze IST0108', 'https://istio.io/latest/docs/reference/config/annotations/'],
  },
  messages: {
    unknown: 'Istio does not know the annotation "{annotation}", so it has no effect.',
    unknownSuggest: 'Istio does not know the annotation "{annotation}", so it has no effect. Did you mean "{suggestion}"?',
  },
  check({ index, report }) {
    const names = ISTIO_ANNOTATIONS.map((a) => a.name);
    for (const use of istioAnnotationUses(index)) {
      if (use.entry) continue;
      const suggestion = suggest(use.key, names);
      report({
        subject: use.resource.key,
        path: use.path,
        target: 'key',
        messageId: suggestion ? 'unknownSuggest' : 'unknown',
        data: suggestion ? { annotation: use.key, suggestion } : { annotation: use.key },
        ...(suggestion
          ? { fixes: [{ title: `Rename to "${suggestion}"`, preferred: true, edits: [{ op: 'rename-key' as const, path: use.path, newKey: suggestion }] }] }
          : {}),
      });
    }
  },
});
