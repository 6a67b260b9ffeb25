/**
 * An AuthorizationPolicy whose selector matches no workload.
 *
 * With Pods known, IST0127 (authorizationpolicy-no-matching-workloads) answers from the running
 * pods and this rule stays silent. Without Pods the workloads are pod templates: Deployments,
 * StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, Argo Rollouts, and Istio WorkloadEntries
 * and WorkloadGroups for VMs.
 *
 * How sure that answer is depends on where the templates come from. A live cluster lists every
 * workload of a kind, so a namespace with workloads from the cluster is judged plainly. Files are
 * usually a partial view (bookinfo's manifests may define reviews but not ratings), so from files
 * alone the rule speaks only when the selector looks like a typo: some workload in scope carries
 * every label of the selector but one, and that one with a value a small edit away, which is then
 * offered as the fix. Policies without a selector, and policies attached with targetRef(s), are
 * not this rule's concern.
 */
import { K, type Kind } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { attachedElsewhere, selectorOf } from './util/authorization-policy';
import { suggest } from '../schema/suggest';
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

interface Workload {
  readonly resource: Resource;
  readonly labels: Readonly<Record<string, string>>;
}

/** A workload carrying every selector label but one, whose value for that one is a small edit away. */
function nearMiss(selector: Readonly<Record<string, string>>, workloads: readonly Workload[]): { workload: Workload; key: string; value: string } | undefined {
  for (const workload of workloads) {
    const misses = Object.entries(selector).filter(([k, v]) => workload.labels[k] !== v);
    if (misses.length !== 1) continue;
    const [key, value] = misses[0]!;
    const have = workload.labels[key];
    if (have !== undefined && suggest(value, [have]) === have) return { workload, key, value: have };
  }
  return undefined;
}

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
    noWorkload: 'No workload in {where} has pods labelled {selector}, so this policy applies to nothing.',
    typo: 'No workload defined in {where} has pods labelled {selector}, so this policy applies to nothing; {workload} has {key}={suggestion}.',
  },
  check({ index, report }) {
    // With Pods known, IST0127 answers from the pods themselves.
    if (index.knows(K.Pod)) return;
    const root = index.meshConfig.rootNamespace;
    const workloads: Workload[] = [];
    for (const [kind, labelsOf] of POD_LABELS) {
      for (const r of index.ofKind(kind)) workloads.push({ resource: r, labels: labelsOf(r) });
    }
    for (const policy of index.ofKind(K.IstioAuthorizationPolicy)) {
      const selector = selectorOf(policy);
      if (Object.keys(selector).length === 0 || attachedElsewhere(policy)) continue;
      // A root-namespace selector reaches workloads of every namespace.
      const inScope = policy.namespace === root ? workloads : workloads.filter((w) => w.resource.namespace === policy.namespace);
      if (inScope.length === 0 || inScope.some((w) => mapSelects(selector, w.labels))) continue;
      const where = policy.namespace === root ? 'any namespace' : `namespace ${policy.namespace}`;
      if (inScope.some((w) => w.resource.origin.type === 'cluster')) {
        report({ subject: policy.key, path: ['spec', 'selector', 'matchLabels'], messageId: 'noWorkload', data: { selector: formatLabels(selector), where } });
        continue;
      }
      const near = nearMiss(selector, inScope);
      if (!near) continue;
      const path = ['spec', 'selector', 'matchLabels', near.key];
      report({
        subject: policy.key, path, messageId: 'typo',
        data: { selector: formatLabels(selector), where, workload: `${near.workload.resource.kind.split('/')[1]} ${near.workload.resource.name}`, key: near.key, suggestion: near.value },
        fixes: [{ title: `Select ${near.key}=${near.value}`, preferred: true, edits: [{ op: 'set', path, value: near.value }] }],
      });
    }
  },
});
