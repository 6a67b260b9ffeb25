/**
 * Whether a namespace is enrolled in Istio's ambient mode, as Istio's analyzers decide it: the
 * `istio.io/dataplane-mode=ambient` label, unless the namespace also asks for sidecar injection
 * (`istio-injection=enabled` or an `istio.io/rev` revision), in which case sidecars win.
 */
import type { Resource } from '../../model/resource';
import { DATAPLANE_MODE_LABEL, INJECTION_ENABLED, INJECTION_LABEL, REVISION_LABEL } from './sidecar-injection';
import { labelsOf } from './values';

export function namespaceInAmbient(namespace: Resource | undefined): boolean {
  if (!namespace) return false;
  const labels = labelsOf(namespace);
  if (labels[INJECTION_LABEL] === INJECTION_ENABLED) return false;
  if ((labels[REVISION_LABEL] ?? '') !== '') return false;
  return labels[DATAPLANE_MODE_LABEL] === 'ambient';
}
