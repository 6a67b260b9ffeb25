/**
 * Istio's annotation catalog: every annotation Istio documents, the kinds of object it belongs on,
 * its feature phase and whether it is deprecated, plus the value checks the sidecar injector
 * applies. The data follows Istio's "Resource Annotations" reference (istio.io, docs/reference/
 * config/annotations) as of Istio 1.30; the wording and code here are our own.
 *
 * Istio's analyzers treat an annotation as "Istio's" when its prefix (the part before the first
 * '/') ends in `istio.io`, plus `kubernetes.io/ingress.class`, which Istio documents too.
 */
import { K, type Kind } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import type { Path } from '../../parse/types';
import { annotationsOf } from './values';

/** The kinds of object an annotation may be placed on, by Kubernetes kind name. */
export type AnnotationTarget =
  | 'Any'
  | 'AuthorizationPolicy'
  | 'Gateway'
  | 'GatewayClass'
  | 'Ingress'
  | 'Namespace'
  | 'Pod'
  | 'Service'
  | 'ServiceEntry'
  | 'WorkloadEntry';

/** Istio's maturity phases. */
export type FeatureStatus = 'Alpha' | 'Beta' | 'Stable';

/** One documented annotation. */
export interface IstioAnnotation {
  readonly name: string;
  readonly status: FeatureStatus;
  readonly deprecated: boolean;
  /** Where it belongs; `Any` means every kind. */
  readonly targets: readonly AnnotationTarget[];
  /** What to use instead, when deprecated in favour of something (shown in the message). */
  readonly replacement?: string;
}

function entry(
  name: string,
  status: FeatureStatus,
  targets: readonly AnnotationTarget[],
  extra: { deprecated?: boolean; replacement?: string } = {},
): IstioAnnotation {
  return { name, status, targets, deprecated: extra.deprecated ?? false, ...(extra.replacement ? { replacement: extra.replacement } : {}) };
}

const POD: readonly AnnotationTarget[] = ['Pod'];

/** The catalog, sorted by name. */
export const ISTIO_ANNOTATIONS: readonly IstioAnnotation[] = [
  entry('alpha.istio.io/canonical-serviceaccounts', 'Alpha', ['Service'], { deprecated: true }),
  entry('alpha.istio.io/kubernetes-serviceaccounts', 'Alpha', ['Service'], { deprecated: true }),
  entry('ambient.istio.io/bypass-inbound-capture', 'Alpha', POD),
  entry('ambient.istio.io/dns-capture', 'Alpha', POD),
  entry('ambient.istio.io/redirection', 'Beta', POD),
  entry('ambient.istio.io/waypoint-inbound-binding', 'Alpha', ['GatewayClass', 'Gateway']),
  entry('galley.istio.io/analyze-suppress', 'Alpha', ['Any']),
  entry('gateway.istio.io/controller-version', 'Alpha', ['Any']),
  entry('gateway.istio.io/name-override', 'Alpha', ['Gateway']),
  entry('gateway.istio.io/service-account', 'Alpha', ['Gateway']),
  entry('inject.istio.io/templates', 'Alpha', POD),
  entry('istio.io/autoRegistrationGroup', 'Alpha', ['WorkloadEntry']),
  entry('istio.io/connectedAt', 'Alpha', ['WorkloadEntry']),
  entry('istio.io/disconnectedAt', 'Alpha', ['WorkloadEntry']),
  entry('istio.io/dry-run', 'Alpha', ['AuthorizationPolicy']),
  entry('istio.io/reroute-virtual-interfaces', 'Alpha', POD),
  entry('istio.io/rev', 'Alpha', POD),
  entry('istio.io/workloadController', 'Alpha', ['WorkloadEntry']),
  entry('kubernetes.io/ingress.class', 'Stable', ['Ingress']),
  entry('networking.istio.io/exportTo', 'Alpha', ['Service']),
  entry('networking.istio.io/service-type', 'Alpha', ['Gateway']),
  entry('networking.istio.io/traffic-distribution', 'Alpha', ['Service', 'ServiceEntry']),
  entry('prometheus.istio.io/merge-metrics', 'Alpha', POD),
  entry('proxy.istio.io/config', 'Beta', POD),
  entry('proxy.istio.io/overrides', 'Alpha', POD),
  entry('readiness.status.sidecar.istio.io/applicationPorts', 'Alpha', POD),
  entry('readiness.status.sidecar.istio.io/failureThreshold', 'Alpha', POD),
  entry('readiness.status.sidecar.istio.io/initialDelaySeconds', 'Alpha', POD),
  entry('readiness.status.sidecar.istio.io/periodSeconds', 'Alpha', POD),
  entry('sidecar.istio.io/agentLogLevel', 'Alpha', POD),
  entry('sidecar.istio.io/bootstrapOverride', 'Alpha', POD),
  entry('sidecar.istio.io/componentLogLevel', 'Alpha', POD),
  entry('sidecar.istio.io/discoveryAddress', 'Alpha', POD, { deprecated: true }),
  entry('sidecar.istio.io/enableCoreDump', 'Alpha', POD),
  entry('sidecar.istio.io/extraStatTags', 'Alpha', POD, { deprecated: true }),
  entry('sidecar.istio.io/inject', 'Beta', POD, { deprecated: true, replacement: 'the "sidecar.istio.io/inject" label' }),
  entry('sidecar.istio.io/interceptionMode', 'Alpha', POD),
  entry('sidecar.istio.io/logLevel', 'Alpha', POD),
  entry('sidecar.istio.io/nativeSidecar', 'Alpha', POD),
  entry('sidecar.istio.io/proxyCPU', 'Alpha', POD),
  entry('sidecar.istio.io/proxyCPULimit', 'Alpha', POD),
  entry('sidecar.istio.io/proxyImage', 'Alpha', POD),
  entry('sidecar.istio.io/proxyImageType', 'Alpha', POD),
  entry('sidecar.istio.io/proxyMemory', 'Alpha', POD),
  entry('sidecar.istio.io/proxyMemoryLimit', 'Alpha', POD),
  entry('sidecar.istio.io/rewriteAppHTTPProbers', 'Alpha', POD),
  entry('sidecar.istio.io/statsHistogramBuckets', 'Alpha', POD),
  entry('sidecar.istio.io/statsInclusionPrefixes', 'Alpha', POD, { deprecated: true }),
  entry('sidecar.istio.io/statsInclusionRegexps', 'Alpha', POD, { deprecated: true }),
  entry('sidecar.istio.io/statsInclusionSuffixes', 'Alpha', POD, { deprecated: true }),
  entry('sidecar.istio.io/status', 'Alpha', POD),
  entry('sidecar.istio.io/userVolume', 'Alpha', POD),
  entry('sidecar.istio.io/userVolumeMount', 'Alpha', POD),
  entry('status.sidecar.istio.io/port', 'Alpha', POD),
  entry('topology.istio.io/controlPlaneClusters', 'Alpha', ['Namespace']),
  entry('traffic.istio.io/nodeSelector', 'Stable', ['Service']),
  entry('traffic.sidecar.istio.io/excludeInboundPorts', 'Alpha', POD),
  entry('traffic.sidecar.istio.io/excludeInterfaces', 'Alpha', POD),
  entry('traffic.sidecar.istio.io/excludeOutboundIPRanges', 'Alpha', POD),
  entry('traffic.sidecar.istio.io/excludeOutboundPorts', 'Alpha', POD),
  entry('traffic.sidecar.istio.io/includeInboundPorts', 'Alpha', POD),
  entry('traffic.sidecar.istio.io/includeOutboundIPRanges', 'Alpha', POD),
  entry('traffic.sidecar.istio.io/includeOutboundPorts', 'Alpha', POD),
  entry('traffic.sidecar.istio.io/kubevirtInterfaces', 'Alpha', POD, {
    deprecated: true,
    replacement: 'the "istio.io/reroute-virtual-interfaces" annotation',
  }),
];

const BY_NAME = new Map(ISTIO_ANNOTATIONS.map((a) => [a.name, a]));

/** The catalog entry for an annotation key, if Istio documents it. */
export function lookupIstioAnnotation(key: string): IstioAnnotation | undefined {
  return BY_NAME.get(key);
}

/** Whether an annotation key is in Istio's namespace, so that Istio's analyzers judge it. */
export function isIstioAnnotationKey(key: string): boolean {
  if (key === 'kubernetes.io/ingress.class') return true;
  const prefix = key.split('/')[0] ?? '';
  return prefix.endsWith('istio.io');
}

/**
 * Annotations that Istio itself writes (injection status, the controller version stamp, the
 * revision a proxy connected to); users never set them, so no analyzer comments on them.
 */
export const MACHINE_WRITTEN_ANNOTATIONS: ReadonlySet<string> = new Set([
  'sidecar.istio.io/status',
  'gateway.istio.io/controller-version',
  'istio.io/rev',
]);

/**
 * Annotations that istio-cni's injection sets on every pod it handles; on a pod without the
 * `istio-init` init container (CNI mode) their presence says nothing about the user's intent.
 */
export const CNI_DEFAULT_ANNOTATIONS: ReadonlySet<string> = new Set([
  'sidecar.istio.io/interceptionMode',
  'traffic.sidecar.istio.io/includeInboundPorts',
  'traffic.sidecar.istio.io/excludeInboundPorts',
  'traffic.sidecar.istio.io/includeOutboundIPRanges',
]);

/** The kinds whose own annotations Istio's annotation analyzers examine, with their kind names. */
export const ANNOTATED_KINDS: readonly { readonly kind: Kind; readonly name: string }[] = [
  { kind: K.Namespace, name: 'Namespace' },
  { kind: K.Service, name: 'Service' },
  { kind: K.Pod, name: 'Pod' },
  { kind: K.Deployment, name: 'Deployment' },
];

/** One Istio-namespaced annotation found on an object. */
export interface AnnotationUse {
  readonly resource: Resource;
  /** The object's kind name, e.g. 'Pod'. */
  readonly kindName: string;
  readonly key: string;
  readonly value: string;
  /** Its catalog entry; undefined when Istio does not document the key. */
  readonly entry: IstioAnnotation | undefined;
  readonly path: Path;
}

/**
 * Every Istio-namespaced annotation on Namespaces, Services, Pods and Deployments (their own
 * metadata, as Istio's analyzers look at it), skipping those Istio writes itself.
 */
export function* istioAnnotationUses(index: ResourceIndex): Generator<AnnotationUse> {
  for (const { kind, name } of ANNOTATED_KINDS) {
    for (const resource of index.ofKind(kind)) {
      for (const [key, value] of Object.entries(annotationsOf(resource))) {
        if (!isIstioAnnotationKey(key) || MACHINE_WRITTEN_ANNOTATIONS.has(key)) continue;
        yield { resource, kindName: name, key, value, entry: lookupIstioAnnotation(key), path: ['metadata', 'annotations', key] };
      }
    }
  }
}

/** Whether an annotation belongs on a kind (by kind name). */
export function annotationAllowedOn(entry: IstioAnnotation, kindName: string): boolean {
  return entry.targets.includes('Any') || (entry.targets as readonly string[]).includes(kindName);
}
