/**
 * Whether the known objects show that Istio is in use at all. A few of Istio's checks judge plain
 * Kubernetes objects by Istio's conventions (port names, namespace injection labels, UID 1337);
 * in a workspace that runs another mesh, or none, they would only be noise, so those rules speak
 * only when Istio is evidently there.
 *
 * Evidence: any Istio configuration object; a Namespace with an Istio data-plane label; a Pod
 * with an istio-proxy container; an Istio injection webhook; or any Pod or Service in the mesh's
 * root namespace (istio-system by default), where Istio itself runs.
 *
 * Every evidence kind is read on each call, so a rule's declared reads do not depend on which
 * evidence happens to come first.
 */
import { K, type Kind } from '../../model/kinds';
import type { ResourceIndex } from '../../model/resource-index';
import { isIstioWebhookName, webhookEntries } from './injection-webhooks';
import { PROXY_CONTAINER } from './sidecar-injection';
import { asArray, asObject, labelsOf } from './values';

/** Istio's configuration kinds. */
export const ISTIO_CONFIG_KINDS: readonly Kind[] = [
  K.VirtualService, K.DestinationRule, K.IstioGateway, K.ServiceEntry, K.Sidecar, K.EnvoyFilter,
  K.WorkloadEntry, K.WorkloadGroup, K.PeerAuthentication, K.RequestAuthentication,
  K.IstioAuthorizationPolicy, K.Telemetry, K.WasmPlugin, 'networking.istio.io/ProxyConfig',
];

/** Every kind istioInUse reads; rules that call it declare these. */
export const ISTIO_PRESENCE_READS: readonly Kind[] = [
  ...ISTIO_CONFIG_KINDS, K.Namespace, K.Pod, K.Service, K.MutatingWebhookConfiguration, K.MeshConfig,
];

const DATA_PLANE_LABELS = ['istio-injection', 'istio.io/rev', 'istio.io/dataplane-mode'];

/** Whether any known object shows that Istio is installed or configured. */
export function istioInUse(index: ResourceIndex): boolean {
  const root = index.meshConfig.rootNamespace;
  const evidence = [
    ISTIO_CONFIG_KINDS.map((k) => index.ofKind(k).length > 0).includes(true),
    index.ofKind(K.Namespace).some((ns) => DATA_PLANE_LABELS.some((l) => l in labelsOf(ns))),
    index.ofKind(K.Pod).some((pod) => pod.namespace === root || hasProxyContainer(pod.value)),
    index.ofKind(K.Service).some((svc) => svc.namespace === root),
    index.ofKind(K.MutatingWebhookConfiguration).some((c) => webhookEntries(c).some((e) => isIstioWebhookName(e.name))),
  ];
  return evidence.includes(true);
}

function hasProxyContainer(pod: Readonly<Record<string, unknown>>): boolean {
  const spec = asObject(pod['spec']);
  return [...asArray(spec['containers']), ...asArray(spec['initContainers'])].some((c) => asObject(c)['name'] === PROXY_CONTAINER);
}
