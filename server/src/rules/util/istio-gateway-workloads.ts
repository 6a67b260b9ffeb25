/**
 * The pods an Istio Gateway configures, and the Service ports that reach them.
 *
 * A Gateway's `selector` picks gateway pods by label in any namespace (Istio's default; an empty
 * selector picks every pod). Kubernetes Services reach pods of their own namespace whose labels
 * match the Service's selector; a Service without a selector reaches no pod.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { mapSelects } from './selectors';
import { asObject, labelsOf, asArray, asNumber, specOf, stringMap, asString } from './values';

/** The gateway's `selector` labels. */
export function gatewaySelector(gateway: Resource): Record<string, string> {
  return stringMap(specOf(gateway)['selector']);
}

/** The pods a Gateway's selector picks, in index order. */
export function gatewayPods(index: ResourceIndex, gateway: Resource): Resource[] {
  const selector = gatewaySelector(gateway);
  return index.ofKind(K.Pod).filter((pod) => mapSelects(selector, labelsOf(pod)));
}

/** The Services that reach a pod: same namespace, non-empty selector matching its labels. */
export function servicesOfPod(index: ResourceIndex, pod: Resource): Resource[] {
  const labels = labelsOf(pod);
  return index.ofKind(K.Service).filter((svc) => {
    if (svc.namespace !== pod.namespace) return false;
    const selector = stringMap(specOf(svc)['selector']);
    return Object.keys(selector).length > 0 && mapSelects(selector, labels);
  });
}

/**
 * The port numbers through which a Service's TCP ports reach its pods: each port's `port` and its
 * numeric `targetPort` (a Gateway server may be written with either; Istio maps a Service port to
 * the pod port it targets). A port without `protocol` is TCP, as Kubernetes defaults it.
 */
export function tcpPortNumbers(svc: Resource): number[] {
  const out: number[] = [];
  for (const p of asArray(specOf(svc)['ports'])) {
    const port = asObject(p);
    const protocol = asString(port['protocol']) ?? 'TCP';
    if (protocol !== 'TCP') continue;
    const n = asNumber(port['port']);
    if (n !== undefined) out.push(n);
    const target = asNumber(port['targetPort']);
    if (target !== undefined) out.push(target);
  }
  return out;
}
