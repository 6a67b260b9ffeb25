/**
 * Group-qualified kind names. Several mesh APIs reuse a kind name (Istio's and Gateway API's
 * `Gateway`, Linkerd's and Gateway API's `HTTPRoute`, Istio's and Linkerd's
 * `AuthorizationPolicy`), so rules and the index always name a kind as `group/Kind`; the core
 * group is written `core`.
 */
export type Kind = `${string}/${string}`;

/** The kind key of an apiVersion + kind pair, e.g. ('networking.istio.io/v1', 'Gateway'). */
export function kindOf(apiVersion: string, kind: string): Kind {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? 'core' : apiVersion.slice(0, slash);
  return `${group}/${kind}`;
}

/** The kinds rules read, by the name people use for them. */
export const K = {
  // Core Kubernetes.
  Namespace: 'core/Namespace',
  Service: 'core/Service',
  Pod: 'core/Pod',
  Secret: 'core/Secret',
  ConfigMap: 'core/ConfigMap',
  ServiceAccount: 'core/ServiceAccount',
  Endpoints: 'core/Endpoints',
  Deployment: 'apps/Deployment',
  EndpointSlice: 'discovery.k8s.io/EndpointSlice',
  Ingress: 'networking.k8s.io/Ingress',
  MutatingWebhookConfiguration: 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  ValidatingWebhookConfiguration: 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  // Istio.
  VirtualService: 'networking.istio.io/VirtualService',
  DestinationRule: 'networking.istio.io/DestinationRule',
  IstioGateway: 'networking.istio.io/Gateway',
  ServiceEntry: 'networking.istio.io/ServiceEntry',
  Sidecar: 'networking.istio.io/Sidecar',
  EnvoyFilter: 'networking.istio.io/EnvoyFilter',
  WorkloadEntry: 'networking.istio.io/WorkloadEntry',
  WorkloadGroup: 'networking.istio.io/WorkloadGroup',
  PeerAuthentication: 'security.istio.io/PeerAuthentication',
  RequestAuthentication: 'security.istio.io/RequestAuthentication',
  IstioAuthorizationPolicy: 'security.istio.io/AuthorizationPolicy',
  Telemetry: 'telemetry.istio.io/Telemetry',
  WasmPlugin: 'extensions.istio.io/WasmPlugin',
  /**
   * Istio's mesh-wide settings, as a pseudo-kind: reading `index.meshConfig` counts as reading
   * it, so a rule that reads mesh config declares it and is re-run when the mesh config changes.
   */
  MeshConfig: 'mesh.istio.io/MeshConfig',
  /** The `--mesh-networks` file, indexed as one synthetic resource `istio-system/meshnetworks`. */
  MeshNetworks: 'mesh.istio.io/MeshNetworks',
  // Gateway API.
  GatewayClass: 'gateway.networking.k8s.io/GatewayClass',
  Gateway: 'gateway.networking.k8s.io/Gateway',
  HTTPRoute: 'gateway.networking.k8s.io/HTTPRoute',
  GRPCRoute: 'gateway.networking.k8s.io/GRPCRoute',
  TCPRoute: 'gateway.networking.k8s.io/TCPRoute',
  TLSRoute: 'gateway.networking.k8s.io/TLSRoute',
  UDPRoute: 'gateway.networking.k8s.io/UDPRoute',
  ReferenceGrant: 'gateway.networking.k8s.io/ReferenceGrant',
  // Linkerd.
  LinkerdServer: 'policy.linkerd.io/Server',
  LinkerdHTTPRoute: 'policy.linkerd.io/HTTPRoute',
  LinkerdAuthorizationPolicy: 'policy.linkerd.io/AuthorizationPolicy',
  MeshTLSAuthentication: 'policy.linkerd.io/MeshTLSAuthentication',
  NetworkAuthentication: 'policy.linkerd.io/NetworkAuthentication',
  ServerAuthorization: 'policy.linkerd.io/ServerAuthorization',
  // Consul.
  ServiceDefaults: 'consul.hashicorp.com/ServiceDefaults',
  ServiceResolver: 'consul.hashicorp.com/ServiceResolver',
  ServiceSplitter: 'consul.hashicorp.com/ServiceSplitter',
  ServiceRouter: 'consul.hashicorp.com/ServiceRouter',
  ServiceIntentions: 'consul.hashicorp.com/ServiceIntentions',
  ProxyDefaults: 'consul.hashicorp.com/ProxyDefaults',
  // SMI.
  TrafficSplit: 'split.smi-spec.io/TrafficSplit',
  // Progressive delivery.
  Rollout: 'argoproj.io/Rollout',
  AnalysisTemplate: 'argoproj.io/AnalysisTemplate',
  ClusterAnalysisTemplate: 'argoproj.io/ClusterAnalysisTemplate',
  Canary: 'flagger.app/Canary',
  MetricTemplate: 'flagger.app/MetricTemplate',
  // cert-manager.
  Certificate: 'cert-manager.io/Certificate',
} as const satisfies Record<string, Kind>;
