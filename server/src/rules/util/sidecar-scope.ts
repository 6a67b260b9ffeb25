/**
 * What an Istio Sidecar resource applies to. A Sidecar with `workloadSelector.labels` applies to
 * the pods of its namespace carrying those labels; one without applies to every pod of its
 * namespace that no selecting Sidecar claims (the namespace default). Istio expects at most one
 * Sidecar per pod and at most one namespace default; with more, which one wins is undefined.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { mapSelects } from './selectors';
import { asObject, labelsOf, specOf, stringMap } from './values';

/** The Sidecar's workload selector labels; empty for a namespace default. */
export function sidecarSelector(sidecar: Resource): Readonly<Record<string, string>> {
  return stringMap(asObject(specOf(sidecar)['workloadSelector'])['labels']);
}

/** Whether a Sidecar is its namespace's default (no workload selector labels). */
export function isNamespaceDefault(sidecar: Resource): boolean {
  return Object.keys(sidecarSelector(sidecar)).length === 0;
}

/** The pods of its namespace a selecting Sidecar applies to. */
export function podsOfSidecar(index: ResourceIndex, sidecar: Resource): Resource[] {
  const selector = sidecarSelector(sidecar);
  return index.ofKind(K.Pod).filter((pod) => pod.namespace === sidecar.namespace && mapSelects(selector, labelsOf(pod)));
}
