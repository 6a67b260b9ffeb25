/**
 * Names the project's schemas/index.json does not carry: the short names, categories and (where it
 * is not the lowercased kind) singular names that the upstream CustomResourceDefinitions declare in
 * `spec.names`. They matter to clients: `kubectl get vs` resolves through the short name that
 * discovery reports, and `kubectl get istio-io` through a category.
 *
 * Keyed by CRD name (`<plural>.<group>`). Data, copied as facts from the CRDs listed in
 * schemas/SOURCES.md; a CRD absent here has no short names or categories.
 */

/** Extra `spec.names` of a CRD. */
export interface CrdNames {
  readonly singular?: string;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
}

export const CRD_NAMES: Readonly<Record<string, CrdNames>> = {
  'alertproviders.flagger.app': { categories: ['all'] },
  'analysisruns.argoproj.io': { shortNames: ['ar'] },
  'analysistemplates.argoproj.io': { shortNames: ['at'] },
  'authorizationpolicies.policy.linkerd.io': { shortNames: ['authzpolicy'] },
  'authorizationpolicies.security.istio.io': { shortNames: ['ap'], categories: ['istio-io', 'security-istio-io'] },
  'backendtlspolicies.gateway.networking.k8s.io': { shortNames: ['btlspolicy'], categories: ['gateway-api'] },
  'canaries.flagger.app': { categories: ['all'] },
  'certificaterequests.cert-manager.io': { shortNames: ['cr', 'crs'], categories: ['cert-manager'] },
  'certificates.cert-manager.io': { shortNames: ['cert', 'certs'], categories: ['cert-manager'] },
  'challenges.acme.cert-manager.io': { categories: ['cert-manager', 'cert-manager-acme'] },
  'clusteranalysistemplates.argoproj.io': { shortNames: ['cat'] },
  'clusterissuers.cert-manager.io': { shortNames: ['ciss'], categories: ['cert-manager'] },
  'destinationrules.networking.istio.io': { shortNames: ['dr'], categories: ['istio-io', 'networking-istio-io'] },
  'egressnetworks.policy.linkerd.io': { categories: ['policy'] },
  'envoyfilters.networking.istio.io': { categories: ['istio-io', 'networking-istio-io'] },
  'experiments.argoproj.io': { shortNames: ['exp'] },
  'exportedservices.consul.hashicorp.com': { shortNames: ['exported-services'] },
  'externalworkloads.workload.linkerd.io': { categories: ['external'] },
  'gatewayclasses.gateway.networking.k8s.io': { shortNames: ['gc'], categories: ['gateway-api'] },
  'gateways.gateway.networking.k8s.io': { shortNames: ['gtw'], categories: ['gateway-api'] },
  'gateways.networking.istio.io': { shortNames: ['gw'], categories: ['istio-io', 'networking-istio-io'] },
  'grpcroutes.gateway.networking.k8s.io': { categories: ['gateway-api'] },
  'httproutegroups.specs.smi-spec.io': { shortNames: ['htr'] },
  'httproutes.gateway.networking.k8s.io': { categories: ['gateway-api'] },
  'ingressgateways.consul.hashicorp.com': { shortNames: ['ingress-gateway'] },
  'issuers.cert-manager.io': { shortNames: ['iss'], categories: ['cert-manager'] },
  'listenersets.gateway.networking.k8s.io': { shortNames: ['lset'], categories: ['gateway-api'] },
  'meshtlsauthentications.policy.linkerd.io': { shortNames: ['meshtlsauthn'] },
  'metrictemplates.flagger.app': { categories: ['all'] },
  'networkauthentications.policy.linkerd.io': { shortNames: ['netauthn', 'networkauthn'] },
  'orders.acme.cert-manager.io': { categories: ['cert-manager', 'cert-manager-acme'] },
  'peerauthentications.security.istio.io': { shortNames: ['pa'], categories: ['istio-io', 'security-istio-io'] },
  'peeringacceptors.consul.hashicorp.com': { shortNames: ['peering-acceptor'] },
  'peeringdialers.consul.hashicorp.com': { shortNames: ['peering-dialer'] },
  'proxyconfigs.networking.istio.io': { categories: ['istio-io', 'networking-istio-io'] },
  'proxydefaults.consul.hashicorp.com': { shortNames: ['proxy-defaults'] },
  'referencegrants.gateway.networking.k8s.io': { shortNames: ['refgrant'], categories: ['gateway-api'] },
  'requestauthentications.security.istio.io': { shortNames: ['ra'], categories: ['istio-io', 'security-istio-io'] },
  'rollouts.argoproj.io': { shortNames: ['ro'] },
  'samenessgroups.consul.hashicorp.com': { shortNames: ['sameness-group'] },
  'serverauthorizations.policy.linkerd.io': { shortNames: ['saz', 'serverauthz', 'srvauthz'] },
  'servers.policy.linkerd.io': { shortNames: ['srv'] },
  'servicedefaults.consul.hashicorp.com': { shortNames: ['service-defaults'] },
  'serviceentries.networking.istio.io': { shortNames: ['se'], categories: ['istio-io', 'networking-istio-io'] },
  'serviceintentions.consul.hashicorp.com': { shortNames: ['service-intentions'] },
  'serviceprofiles.linkerd.io': { shortNames: ['sp'] },
  'serviceresolvers.consul.hashicorp.com': { shortNames: ['service-resolver'] },
  'servicerouters.consul.hashicorp.com': { shortNames: ['service-router'] },
  'servicesplitters.consul.hashicorp.com': { shortNames: ['service-splitter'] },
  'sidecars.networking.istio.io': { categories: ['istio-io', 'networking-istio-io'] },
  'tcproutes.gateway.networking.k8s.io': { categories: ['gateway-api'] },
  'tcproutes.specs.smi-spec.io': { shortNames: ['tr'] },
  'telemetries.telemetry.istio.io': { shortNames: ['telemetry'], categories: ['istio-io', 'telemetry-istio-io'] },
  'terminatinggateways.consul.hashicorp.com': { shortNames: ['terminating-gateway'] },
  'tlsroutes.gateway.networking.k8s.io': { categories: ['gateway-api'] },
  'trafficextensions.extensions.istio.io': { categories: ['istio-io', 'extensions-istio-io'] },
  'trafficpermissions.auth.consul.hashicorp.com': { shortNames: ['traffic-permissions'] },
  'trafficsplits.split.smi-spec.io': { shortNames: ['ts'] },
  'traffictargets.access.smi-spec.io': { shortNames: ['tt'] },
  'udproutes.gateway.networking.k8s.io': { categories: ['gateway-api'] },
  'udproutes.specs.smi-spec.io': { shortNames: ['ur'] },
  'virtualservices.networking.istio.io': { shortNames: ['vs'], categories: ['istio-io', 'networking-istio-io'] },
  'wasmplugins.extensions.istio.io': { categories: ['istio-io', 'extensions-istio-io'] },
  'workloadentries.networking.istio.io': { shortNames: ['we'], categories: ['istio-io', 'networking-istio-io'] },
  'workloadgroups.networking.istio.io': { shortNames: ['wg'], categories: ['istio-io', 'networking-istio-io'] },
  'xbackends.gateway.networking.x-k8s.io': { shortNames: ['xbackend'], categories: ['gateway-api'] },
  'xbackendtrafficpolicies.gateway.networking.x-k8s.io': { shortNames: ['xbtrafficpolicy'], categories: ['gateway-api'] },
  'xmeshes.gateway.networking.x-k8s.io': { shortNames: ['mesh'], categories: ['gateway-api'] },
};
