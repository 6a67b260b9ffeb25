/**
 * Every rule, in one explicit list sorted by name. No glob loading: a meta-test proves that every
 * rule file in this folder is listed here, that the list is sorted, and that names are unique.
 *
 * To add a rule: write `<name>.ts` beside this file (its default export is the rule), import it
 * here in sorted position, and add it to RULES in the same position. See README.md.
 */
import type { Rule } from './rule';
import annotationAlpha from './annotation-alpha';
import annotationDeprecated from './annotation-deprecated';
import annotationInvalidValue from './annotation-invalid-value';
import annotationMisplaced from './annotation-misplaced';
import annotationUnknown from './annotation-unknown';
import authorizationpolicyAllowsEverything from './authorizationpolicy-allows-everything';
import authorizationpolicyCustomProvider from './authorizationpolicy-custom-provider';
import authorizationpolicyDeniesEverything from './authorizationpolicy-denies-everything';
import authorizationpolicyNamespaceNotFound from './authorizationpolicy-namespace-not-found';
import authorizationpolicyNoMatchingWorkloads from './authorizationpolicy-no-matching-workloads';
import authorizationpolicySelectorMatchesNoWorkload from './authorizationpolicy-selector-matches-no-workload';
import authorizationpolicyUnknownServiceAccount from './authorizationpolicy-unknown-service-account';
import canaryMetricTemplateNotFound from './canary-metric-template-not-found';
import canaryTargetNotFound from './canary-target-not-found';
import canaryTargetPortNotFound from './canary-target-port-not-found';
import consulChainProtocolMismatch from './consul-chain-protocol-mismatch';
import consulIntentionsInvalidSource from './consul-intentions-invalid-source';
import consulL7EntryProtocol from './consul-l7-entry-protocol';
import consulSplitterWeights from './consul-splitter-weights';
import consulSubsetNotFound from './consul-subset-not-found';
import deploymentConflictingTargetPorts from './deployment-conflicting-target-ports';
import deploymentMultipleServiceProtocols from './deployment-multiple-service-protocols';
import destinationruleMtlsConflict from './destinationrule-mtls-conflict';
import destinationruleNoCaCertificates from './destinationrule-no-ca-certificates';
import destinationruleNoCaCertificatesPortLevel from './destinationrule-no-ca-certificates-port-level';
import destinationruleSubsetSelectsNoPods from './destinationrule-subset-selects-no-pods';
import destinationruleUnknownHost from './destinationrule-unknown-host';
import envoyfilterAddIgnored from './envoyfilter-add-ignored';
import envoyfilterRelativeOperation from './envoyfilter-relative-operation';
import envoyfilterRelativeOperationWithProxyVersion from './envoyfilter-relative-operation-with-proxy-version';
import envoyfilterRemoveIgnored from './envoyfilter-remove-ignored';
import envoyfilterReplaceInvalid from './envoyfilter-replace-invalid';
import externalControlPlaneWebhookIp from './external-control-plane-webhook-ip';
import externalControlPlaneWebhookUrl from './external-control-plane-webhook-url';
import externalnameServicePortName from './externalname-service-port-name';
import gatewayCertificateExpired from './gateway-certificate-expired';
import gatewayCertificateExpiresSoon from './gateway-certificate-expires-soon';
import gatewayConflictingServers from './gateway-conflicting-servers';
import gatewayCredentialNotFound from './gateway-credential-not-found';
import gatewayDuplicateCertificate from './gateway-duplicate-certificate';
import gatewayInvalidCredential from './gateway-invalid-credential';
import gatewayPortNotOnService from './gateway-port-not-on-service';
import gatewaySelectorMatchesNoWorkload from './gateway-selector-matches-no-workload';
import gatewayapiBackendNotFound from './gatewayapi-backend-not-found';
import gatewayapiHostnameNotAccepted from './gatewayapi-hostname-not-accepted';
import gatewayapiMeshRouteHostnames from './gatewayapi-mesh-route-hostnames';
import gatewayapiParentRefNotAllowed from './gatewayapi-parent-ref-not-allowed';
import gatewayapiParentRefNotFound from './gatewayapi-parent-ref-not-found';
import gatewayapiReferenceNotGranted from './gatewayapi-reference-not-granted';
import gatewayapiServiceParentInvalid from './gatewayapi-service-parent-invalid';
import imageAutoDeploymentNotInjected from './image-auto-deployment-not-injected';
import imageAutoPodNotInjected from './image-auto-pod-not-injected';
import injectionWebhookOverlap from './injection-webhook-overlap';
import injectionWebhookServiceMissing from './injection-webhook-service-missing';
import istioDeprecatedField from './istio-deprecated-field';
import k8sgatewayIneffectiveSelector from './k8sgateway-ineffective-selector';
import linkerdAuthenticationNotFound from './linkerd-authentication-not-found';
import linkerdPolicyTargetNotFound from './linkerd-policy-target-not-found';
import linkerdServerSelectsNothing from './linkerd-server-selects-nothing';
import managedRouteWeight from './managed-route-weight';
import meshnetworksUnknownRegistry from './meshnetworks-unknown-registry';
import namespaceInjectionEnabledByDefault from './namespace-injection-enabled-by-default';
import namespaceMultipleInjectionLabels from './namespace-multiple-injection-labels';
import namespaceNotInjected from './namespace-not-injected';
import namespaceProxyImageMismatch from './namespace-proxy-image-mismatch';
import negativeConditionStatus from './negative-condition-status';
import podMissingProxy from './pod-missing-proxy';
import requestauthenticationJwksFetchUnrestricted from './requestauthentication-jwks-fetch-unrestricted';
import rolloutAnalysisTemplateNotFound from './rollout-analysis-template-not-found';
import rolloutDestinationruleSubsetNotFound from './rollout-destinationrule-subset-not-found';
import rolloutGatewayRouteNotFound from './rollout-gateway-route-not-found';
import rolloutServiceNotFound from './rollout-service-not-found';
import rolloutVirtualserviceRef from './rollout-virtualservice-ref';
import servicePortNameConvention from './service-port-name-convention';
import serviceentryAddressesRequired from './serviceentry-addresses-required';
import sidecarConflictingSelectors from './sidecar-conflicting-selectors';
import sidecarIneffectiveInAmbient from './sidecar-ineffective-in-ambient';
import sidecarMultipleWithoutSelector from './sidecar-multiple-without-selector';
import sidecarSelectorMatchesNoWorkload from './sidecar-selector-matches-no-workload';
import smiTrafficsplitServiceNotFound from './smi-trafficsplit-service-not-found';
import smiTrafficsplitZeroWeights from './smi-trafficsplit-zero-weights';
import telemetryConflictingSelectors from './telemetry-conflicting-selectors';
import telemetryEmptyAccessLogProviders from './telemetry-empty-access-log-providers';
import telemetryLightstepProvider from './telemetry-lightstep-provider';
import telemetryMultipleWithoutSelector from './telemetry-multiple-without-selector';
import telemetrySelectorMatchesNoPods from './telemetry-selector-matches-no-pods';
import virtualserviceConflictingMeshGatewayHosts from './virtualservice-conflicting-mesh-gateway-hosts';
import virtualserviceDestinationHostNotFound from './virtualservice-destination-host-not-found';
import virtualserviceDestinationPortRequired from './virtualservice-destination-port-required';
import virtualserviceGatewayHostConflict from './virtualservice-gateway-host-conflict';
import virtualserviceGatewayNotFound from './virtualservice-gateway-not-found';
import virtualserviceHostNotInGateway from './virtualservice-host-not-in-gateway';
import virtualserviceIneffectiveMatch from './virtualservice-ineffective-match';
import virtualserviceIngressIgnoresSubsetRouting from './virtualservice-ingress-ignores-subset-routing';
import virtualserviceInternalGatewayReference from './virtualservice-internal-gateway-reference';
import virtualserviceJwtClaimRouteWithoutRequestAuthentication from './virtualservice-jwt-claim-route-without-request-authentication';
import virtualserviceRouteWeights from './virtualservice-route-weights';
import virtualserviceRouteWeightsZero from './virtualservice-route-weights-zero';
import virtualserviceShadowedMatch from './virtualservice-shadowed-match';
import virtualserviceSubsetExists from './virtualservice-subset-exists';
import virtualserviceUnreachableRule from './virtualservice-unreachable-rule';
import virtualserviceUnusedDestination from './virtualservice-unused-destination';
import workloadReservedUid from './workload-reserved-uid';

export const RULES: readonly Rule[] = [
  annotationAlpha,
  annotationDeprecated,
  annotationInvalidValue,
  annotationMisplaced,
  annotationUnknown,
  authorizationpolicyAllowsEverything,
  authorizationpolicyCustomProvider,
  authorizationpolicyDeniesEverything,
  authorizationpolicyNamespaceNotFound,
  authorizationpolicyNoMatchingWorkloads,
  authorizationpolicySelectorMatchesNoWorkload,
  authorizationpolicyUnknownServiceAccount,
  canaryMetricTemplateNotFound,
  canaryTargetNotFound,
  canaryTargetPortNotFound,
  consulChainProtocolMismatch,
  consulIntentionsInvalidSource,
  consulL7EntryProtocol,
  consulSplitterWeights,
  consulSubsetNotFound,
  deploymentConflictingTargetPorts,
  deploymentMultipleServiceProtocols,
  destinationruleMtlsConflict,
  destinationruleNoCaCertificates,
  destinationruleNoCaCertificatesPortLevel,
  destinationruleSubsetSelectsNoPods,
  destinationruleUnknownHost,
  envoyfilterAddIgnored,
  envoyfilterRelativeOperation,
  envoyfilterRelativeOperationWithProxyVersion,
  envoyfilterRemoveIgnored,
  envoyfilterReplaceInvalid,
  externalControlPlaneWebhookIp,
  externalControlPlaneWebhookUrl,
  externalnameServicePortName,
  gatewayCertificateExpired,
  gatewayCertificateExpiresSoon,
  gatewayConflictingServers,
  gatewayCredentialNotFound,
  gatewayDuplicateCertificate,
  gatewayInvalidCredential,
  gatewayPortNotOnService,
  gatewaySelectorMatchesNoWorkload,
  gatewayapiBackendNotFound,
  gatewayapiHostnameNotAccepted,
  gatewayapiMeshRouteHostnames,
  gatewayapiParentRefNotAllowed,
  gatewayapiParentRefNotFound,
  gatewayapiReferenceNotGranted,
  gatewayapiServiceParentInvalid,
  imageAutoDeploymentNotInjected,
  imageAutoPodNotInjected,
  injectionWebhookOverlap,
  injectionWebhookServiceMissing,
  istioDeprecatedField,
  k8sgatewayIneffectiveSelector,
  linkerdAuthenticationNotFound,
  linkerdPolicyTargetNotFound,
  linkerdServerSelectsNothing,
  managedRouteWeight,
  meshnetworksUnknownRegistry,
  namespaceInjectionEnabledByDefault,
  namespaceMultipleInjectionLabels,
  namespaceNotInjected,
  namespaceProxyImageMismatch,
  negativeConditionStatus,
  podMissingProxy,
  requestauthenticationJwksFetchUnrestricted,
  rolloutAnalysisTemplateNotFound,
  rolloutDestinationruleSubsetNotFound,
  rolloutGatewayRouteNotFound,
  rolloutServiceNotFound,
  rolloutVirtualserviceRef,
  servicePortNameConvention,
  serviceentryAddressesRequired,
  sidecarConflictingSelectors,
  sidecarIneffectiveInAmbient,
  sidecarMultipleWithoutSelector,
  sidecarSelectorMatchesNoWorkload,
  smiTrafficsplitServiceNotFound,
  smiTrafficsplitZeroWeights,
  telemetryConflictingSelectors,
  telemetryEmptyAccessLogProviders,
  telemetryLightstepProvider,
  telemetryMultipleWithoutSelector,
  telemetrySelectorMatchesNoPods,
  virtualserviceConflictingMeshGatewayHosts,
  virtualserviceDestinationHostNotFound,
  virtualserviceDestinationPortRequired,
  virtualserviceGatewayHostConflict,
  virtualserviceGatewayNotFound,
  virtualserviceHostNotInGateway,
  virtualserviceIneffectiveMatch,
  virtualserviceIngressIgnoresSubsetRouting,
  virtualserviceInternalGatewayReference,
  virtualserviceJwtClaimRouteWithoutRequestAuthentication,
  virtualserviceRouteWeights,
  virtualserviceRouteWeightsZero,
  virtualserviceShadowedMatch,
  virtualserviceSubsetExists,
  virtualserviceUnreachableRule,
  virtualserviceUnusedDestination,
  workloadReservedUid,
];

/** A rule by its name. */
export function ruleByName(name: string): Rule | undefined {
  return RULES.find((r) => r.name === name);
}
