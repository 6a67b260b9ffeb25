/**
 * How Istio decides whether a workload gets a sidecar, as its analyzers model it: the namespace
 * labels (`istio-injection`, `istio.io/rev`, `istio.io/dataplane-mode`), the per-workload
 * `sidecar.istio.io/inject` label or annotation, an `istio-proxy` container already present, and
 * the injector's ConfigMap (`istio-sidecar-injector[-<revision>]`) with its Helm values.
 */
import type { Kind } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { isRecord } from '../../parse/document';
import { labelsOf } from './values';
import { containersOf, type PodTemplate } from './workload';

export const INJECTION_LABEL = 'istio-injection';
export const INJECTION_ENABLED = 'enabled';
export const REVISION_LABEL = 'istio.io/rev';
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const SIDECAR_INJECT = 'sidecar.istio.io/inject';
export const PROXY_CONTAINER = 'istio-proxy';
export const AMBIENT_REDIRECTION_ANNOTATION = 'ambient.istio.io/redirection';
export const INJECTOR_CONFIGMAP = 'istio-sidecar-injector';

const NAMESPACE: Kind = 'core/Namespace';

/** Kubernetes' own namespaces, which Istio never injects and its analyzers skip. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** Whether an object belongs to Istio's own installation (an `istio` label, or `release: istio`). */
export function isIstioControlPlane(labels: Readonly<Record<string, string>>): boolean {
  return 'istio' in labels || labels['release'] === 'istio';
}

/** The injector ConfigMap's name for a revision ('' and 'default' mean the default one). */
export function injectorConfigMapName(revision: string): string {
  return revision === '' || revision === 'default' ? INJECTOR_CONFIGMAP : `${INJECTOR_CONFIGMAP}-${revision}`;
}

/** The Helm values the injector ConfigMap carries as JSON under data.values; undefined if absent or unreadable. */
export function injectorValues(configMap: Resource): Readonly<Record<string, unknown>> | undefined {
  const data = configMap.value['data'];
  const raw = isRecord(data) ? data['values'] : undefined;
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `sidecarInjectorWebhook.enableNamespacesByDefault` from injector values. */
export function enableNamespacesByDefault(values: Readonly<Record<string, unknown>> | undefined): boolean {
  const webhook = values?.['sidecarInjectorWebhook'];
  return isRecord(webhook) && webhook['enableNamespacesByDefault'] === true;
}

/**
 * The proxy image the injector puts into pods: `global.proxy.image` when it is a full reference
 * (contains '/'), otherwise `<global.hub>/<global.proxy.image>:<global.tag>`, as the injection
 * template composes it.
 */
export function injectorProxyImage(values: Readonly<Record<string, unknown>> | undefined): string {
  const global = isRecord(values?.['global']) ? (values!['global'] as Record<string, unknown>) : {};
  const proxy = isRecord(global['proxy']) ? global['proxy'] : {};
  const image = typeof proxy['image'] === 'string' ? proxy['image'] : '';
  if (image.includes('/')) return image;
  const hub = typeof global['hub'] === 'string' ? global['hub'] : '';
  const tag = typeof global['tag'] === 'string' ? global['tag'] : '';
  return `${hub}/${image}:${tag}`;
}

/** Whether a pod template already carries an `istio-proxy` container with an image. */
export function hasProxyContainer(template: PodTemplate, options: { includeInit?: boolean } = {}): boolean {
  return containersOf(template, options).some((c) => c.name === PROXY_CONTAINER && (c.image ?? '') !== '');
}

/**
 * Whether a workload is (or will be) in the sidecar mesh, in the order Istio's analyzers decide
 * it: an istio-proxy container; else the `sidecar.istio.io/inject` label, then annotation ("true"
 * means yes, anything else no); else the namespace's `istio-injection=enabled` label when the
 * Namespace is known; else no.
 */
export function workloadInMesh(
  index: ResourceIndex,
  template: PodTemplate,
  namespace: string,
  options: { includeInit?: boolean } = {},
): boolean {
  if (hasProxyContainer(template, options)) return true;
  if (SIDECAR_INJECT in template.labels) return template.labels[SIDECAR_INJECT] === 'true';
  if (SIDECAR_INJECT in template.annotations) return template.annotations[SIDECAR_INJECT] === 'true';
  const ns = index.get(NAMESPACE, '', namespace);
  if (ns) return labelsOf(ns)[INJECTION_LABEL] === INJECTION_ENABLED;
  return false;
}

/** Whether ztunnel has enrolled a pod in the ambient mesh (the annotation Istio writes). */
export function podInAmbient(annotations: Readonly<Record<string, string>>): boolean {
  return annotations[AMBIENT_REDIRECTION_ANNOTATION] === 'enabled';
}
