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
import authorizationpolicyNamespaceNotFound from './authorizationpolicy-namespace-not-found';
import authorizationpolicyNoMatchingWorkloads from './authorizationpolicy-no-matching-workloads';
import deploymentConflictingTargetPorts from './deployment-conflicting-target-ports';
import deploymentMultipleServiceProtocols from './deployment-multiple-service-protocols';
import externalControlPlaneWebhookIp from './external-control-plane-webhook-ip';
import externalControlPlaneWebhookUrl from './external-control-plane-webhook-url';
import externalnameServicePortName from './externalname-service-port-name';
import imageAutoDeploymentNotInjected from './image-auto-deployment-not-injected';
import imageAutoPodNotInjected from './image-auto-pod-not-injected';
import injectionWebhookOverlap from './injection-webhook-overlap';
import injectionWebhookServiceMissing from './injection-webhook-service-missing';
import istioDeprecatedField from './istio-deprecated-field';
import meshnetworksUnknownRegistry from './meshnetworks-unknown-registry';
import namespaceInjectionEnabledByDefault from './namespace-injection-enabled-by-default';
import namespaceMultipleInjectionLabels from './namespace-multiple-injection-labels';
import namespaceNotInjected from './namespace-not-injected';
import namespaceProxyImageMismatch from './namespace-proxy-image-mismatch';
import negativeConditionStatus from './negative-condition-status';
import podMissingProxy from './pod-missing-proxy';
import requestauthenticationJwksFetchUnrestricted from './requestauthentication-jwks-fetch-unrestricted';
import servicePortNameConvention from './service-port-name-convention';
import telemetryConflictingSelectors from './telemetry-conflicting-selectors';
import telemetryEmptyAccessLogProviders from './telemetry-empty-access-log-providers';
import telemetryLightstepProvider from './telemetry-lightstep-provider';
import telemetryMultipleWithoutSelector from './telemetry-multiple-without-selector';
import telemetrySelectorMatchesNoPods from './telemetry-selector-matches-no-pods';
import virtualserviceSubsetExists from './virtualservice-subset-exists';
import workloadReservedUid from './workload-reserved-uid';

export const RULES: readonly Rule[] = [
  annotationAlpha,
  annotationDeprecated,
  annotationInvalidValue,
  annotationMisplaced,
  annotationUnknown,
  authorizationpolicyNamespaceNotFound,
  authorizationpolicyNoMatchingWorkloads,
  deploymentConflictingTargetPorts,
  deploymentMultipleServiceProtocols,
  externalControlPlaneWebhookIp,
  externalControlPlaneWebhookUrl,
  externalnameServicePortName,
  imageAutoDeploymentNotInjected,
  imageAutoPodNotInjected,
  injectionWebhookOverlap,
  injectionWebhookServiceMissing,
  istioDeprecatedField,
  meshnetworksUnknownRegistry,
  namespaceInjectionEnabledByDefault,
  namespaceMultipleInjectionLabels,
  namespaceNotInjected,
  namespaceProxyImageMismatch,
  negativeConditionStatus,
  podMissingProxy,
  requestauthenticationJwksFetchUnrestricted,
  servicePortNameConvention,
  telemetryConflictingSelectors,
  telemetryEmptyAccessLogProviders,
  telemetryLightstepProvider,
  telemetryMultipleWithoutSelector,
  telemetrySelectorMatchesNoPods,
  virtualserviceSubsetExists,
  workloadReservedUid,
];

/** A rule by its name. */
export function ruleByName(name: string): Rule | undefined {
  return RULES.find((r) => r.name === name);
}
