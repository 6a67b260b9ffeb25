/**
 * Workloads as selectors see them, whatever owns the pods: Pods themselves and the pod templates
 * of Deployments, StatefulSets, DaemonSets and Argo Rollouts, each with its labels and the
 * container ports its containers declare.
 *
 * Mesh policies outside Istio (Linkerd Servers, Flagger canaries) select pods by label and ports
 * by container port, and a repository usually holds the controllers rather than the Pods. A check
 * that would say "selects nothing" must first ask `knowsWorkloads`: with none of these kinds in
 * view, silence is the honest answer.
 */
import { K, type Kind } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { asArray, asNumber, asObject, asString, labelsOf, specOf, stringMap } from './values';

export const STATEFUL_SET: Kind = 'apps/StatefulSet';
export const DAEMON_SET: Kind = 'apps/DaemonSet';

/** The kinds whose objects run pods, Pods first. */
export const WORKLOAD_KINDS: readonly Kind[] = [K.Pod, K.Deployment, STATEFUL_SET, DAEMON_SET, K.Rollout];

/** One declared container port. */
export interface ContainerPort {
  readonly port: number;
  readonly name?: string;
  readonly container: string;
}

/** A workload's pod-level view. */
export interface WorkloadTemplate {
  readonly resource: Resource;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly ContainerPort[];
}

/** Whether any workload kind is in view (every kind is asked, so each counts as read). */
export function knowsWorkloads(index: ResourceIndex): boolean {
  return WORKLOAD_KINDS.map((k) => index.knows(k)).some(Boolean);
}

/** The pod labels and pod spec of a workload: the Pod's own, or `spec.template` of a controller. */
function podParts(resource: Resource): { labels: Readonly<Record<string, string>>; spec: Readonly<Record<string, unknown>> } {
  if (resource.kind === K.Pod) return { labels: labelsOf(resource), spec: specOf(resource) };
  const template = asObject(specOf(resource)['template']);
  return { labels: stringMap(asObject(template['metadata'])['labels']), spec: asObject(template['spec']) };
}

/** The ports a pod spec's containers and init containers (native sidecars) declare. */
export function containerPortsOf(podSpec: Readonly<Record<string, unknown>>): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const field of ['containers', 'initContainers']) {
    for (const raw of asArray(podSpec[field])) {
      const container = asObject(raw);
      const containerName = asString(container['name']) ?? '';
      for (const rawPort of asArray(container['ports'])) {
        const p = asObject(rawPort);
        const port = asNumber(p['containerPort']);
        if (port === undefined) continue;
        const name = asString(p['name']);
        out.push({ port, container: containerName, ...(name !== undefined ? { name } : {}) });
      }
    }
  }
  return out;
}

/** The workload's pod-level view (a Rollout that references another workload has no template of its own). */
export function workloadTemplateOf(resource: Resource): WorkloadTemplate {
  const { labels, spec } = podParts(resource);
  return { resource, labels, ports: containerPortsOf(spec) };
}

/** Every workload of a namespace, Pods first, then controllers in kind order. */
export function workloadsIn(index: ResourceIndex, namespace: string): WorkloadTemplate[] {
  const out: WorkloadTemplate[] = [];
  for (const kind of WORKLOAD_KINDS) {
    for (const r of index.ofKind(kind)) if (r.namespace === namespace) out.push(workloadTemplateOf(r));
  }
  return out;
}

/** A workload named for messages: `Deployment web`. */
export function describeWorkload(w: WorkloadTemplate): string {
  return `${w.resource.kind.slice(w.resource.kind.indexOf('/') + 1)} ${w.resource.name}`;
}
