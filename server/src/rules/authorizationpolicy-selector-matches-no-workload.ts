/**
 * An AuthorizationPolicy whose selector matches no workload the workspace defines.
 *
 * With Pods known, IST0127 (authorizationpolicy-no-matching-workloads) answers from the running
 * pods and this rule stays silent. Without Pods (an editor with no cluster) the workloads are the
 * pod templates in the files: Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs,
 * Argo Rollouts, and Istio WorkloadEntries and WorkloadGroups for VMs. A namespace is judged only
 * when at least one workload of it is known, so a partial workspace stays quiet. Policies without
 * a selector, and policies attached with targetRef(s), are not this rule's concern.
 */
import { K, type Kind } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { hasTargetRefs, selectorOf } from './util/authorization-policy';
import { formatLabels, mapSelects } from './util/selectors';
import { asObject, specOf, stringMap } from './util/values';

const StatefulSet: Kind = 'apps/StatefulSet';
const DaemonSet: Kind = 'apps/DaemonSet';
const ReplicaSet: Kind = 'apps/ReplicaSet';
const Job: Kind = 'batch/Job';
const CronJob: Kind = 'batch/CronJob';

/** Where each workload kind keeps the labels of its pods. */
const POD_LABELS: readonly [Kind, (r: Resource) => Readonly<Record<string, string>>][] = [
  [K.Deployment, (r) => templateLabels(specOf(r))],
  [StatefulSet, (r) => templateLabels(specOf(r))],
  [DaemonSet, (r) => templateLabels(specOf(r))],
  [ReplicaSet, (r) => templateLabels(specOf(r))],
  [Job, (r) => templateLabels(specOf(r))],
  [CronJob, (r) => templateLabels(asObject(asObject(specOf(r)['jobTemplate'])['spec']))],
  [K.Rollout, (r) => templateLabels(specOf(r))],
  [K.WorkloadEntry, (r) => stringMap(specOf(r)['labels'])],
  [K.WorkloadGroup, (r) => stringMap(asObject(specOf(r)['metadata'])['labels'])],
];

function templateLabels(spec: Readonly<Record<string, unknown>>): Readonly<Record<string, string>> {
  return stringMap(asObject(asObject(spec['template'])['metadata'])['labels']);
}

export default defineRule({
  code: 'MSH8005',
  name: 'authorizationpolicy-selector-matches-no-workload',
  severity: 'warning',
  reads: [K.IstioAuthorizationPolicy, K.Pod, K.MeshConfig, ...POD_LABELS.map(([kind]) => kind)],
  docs: {
    summary: 'Every AuthorizationPolicy selector matches the pod labels of some workload defined in the workspace.',
    rationale:
      'A selector that matches no workload (a label typo, a renamed app) protects nothing: an ALLOW or DENY policy meant for a service is simply not in force on it, and nothing else reports that before deployment.',
    seeAlso: ['authorizationpolicy-no-matching-workloads (IST0127, from running pods)'],
  },
  messages: {
    noWorkload: 'No workload defined in {where} has pods labelled {selector}, so this policy applies to nothing.',
  },
  check({ index, report }) {
    // With Pods known, IST0127 answers from the pods themselves.
    if (index.knows(K.Pod)) return;
    const root = index.meshConfig.rootNamespace;
    const workloads: { namespace: string; labels: Readonly<Record<string, string>> }[] = [];
    for (const [kind, labelsOf] of POD_LABELS) {
      for (const r of index.ofKind(kind)) workloads.push({ namespace: r.namespace, labels: labelsOf(r) });
    }
    for (const policy of index.ofKind(K.IstioAuthorizationPolicy)) {
      const selector = selectorOf(policy);
      if (Object.keys(selector).length === 0 || hasTargetRefs(policy)) continue;
      // A root-namespace selector reaches workloads of every namespace.
      const inScope = policy.namespace === root ? workloads : workloads.filter((w) => w.namespace === policy.namespace);
      if (inScope.length === 0 || inScope.some((w) => mapSelects(selector, w.labels))) continue;
      report({
        subject: policy.key, path: ['spec', 'selector', 'matchLabels'], messageId: 'noWorkload',
        data: { selector: formatLabels(selector), where: policy.namespace === root ? 'any namespace' : `namespace ${policy.namespace}` },
      });
    }
  },
});
