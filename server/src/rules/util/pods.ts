/**
 * Workloads: which Pods a Service or a selector picks.
 *
 * Only Pods known to the index count (from files or the cluster). Callers that would report
 * "selects nothing" must first check `index.knows(K.Pod)`: with no Pod known at all, silence is
 * the honest answer.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { labelSelectorSelects, mapSelects } from './selectors';
import { asObject, labelsOf, stringMap } from './values';

/** The Pods a Service selects; a Service without a selector selects none. */
export function podsOfService(index: ResourceIndex, service: Resource): Resource[] {
  const selector = stringMap(asObject(service.value['spec'])['selector']);
  if (Object.keys(selector).length === 0) return [];
  return index.ofKind(K.Pod).filter((pod) => pod.namespace === service.namespace && mapSelects(selector, labelsOf(pod)));
}

/**
 * The Pods an Istio workload selector or Kubernetes LabelSelector picks in a namespace. An empty
 * selector picks every Pod of the namespace; `namespace` null means every namespace (a policy in
 * the root namespace).
 */
export function podsSelectedBy(index: ResourceIndex, namespace: string | null, selector: unknown): Resource[] {
  return index.ofKind(K.Pod).filter((pod) => (namespace === null || pod.namespace === namespace) && labelSelectorSelects(selector, labelsOf(pod)));
}
