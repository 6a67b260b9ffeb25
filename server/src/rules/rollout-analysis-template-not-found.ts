/**
 * An Argo Rollout that names an AnalysisTemplate (or, with `clusterScope: true`, a
 * ClusterAnalysisTemplate) that does not exist: background analysis, analysis and experiment
 * steps, and blue-green pre- and post-promotion analysis.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { rolloutTemplateRefs } from './util/argo-rollouts';

export default defineRule({
  code: 'MSH7004',
  name: 'rollout-analysis-template-not-found',
  severity: 'error',
  reads: [K.Rollout, K.AnalysisTemplate, K.ClusterAnalysisTemplate],
  docs: {
    summary: 'Every analysis template an Argo Rollout names exists (an AnalysisTemplate in its namespace, or a ClusterAnalysisTemplate with clusterScope).',
    rationale:
      'Argo Rollouts resolves analysis templates when it starts an analysis; a missing one makes the Rollout invalid (or the step error), so the rollout stalls or aborts instead of being gated on metrics.',
    seeAlso: ['https://argoproj.github.io/argo-rollouts/features/analysis/'],
  },
  messages: {
    templateNotFound: 'AnalysisTemplate "{namespace}/{name}" does not exist.',
    clusterTemplateNotFound: 'ClusterAnalysisTemplate "{name}" does not exist.',
  },
  check({ index, report }) {
    const knowsLocal = index.knows(K.AnalysisTemplate);
    const knowsCluster = index.knows(K.ClusterAnalysisTemplate);
    for (const rollout of index.ofKind(K.Rollout)) {
      for (const ref of rolloutTemplateRefs(rollout)) {
        if (ref.clusterScope) {
          if (knowsCluster && !index.get(K.ClusterAnalysisTemplate, '', ref.templateName)) {
            report({ subject: rollout.key, path: ref.path, messageId: 'clusterTemplateNotFound', data: { name: ref.templateName } });
          }
        } else if (knowsLocal && !index.get(K.AnalysisTemplate, rollout.namespace, ref.templateName)) {
          report({ subject: rollout.key, path: ref.path, messageId: 'templateNotFound', data: { namespace: rollout.namespace, name: ref.templateName } });
        }
      }
    }
  },
});
