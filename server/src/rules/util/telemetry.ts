/**
 * Telemetry resources as Istio's telemetry analyzers read them: which ones are namespace-wide
 * (no workload selector or target reference) and which pods a selector picks.
 */
import type { Resource } from '../../model/resource';
import { asArray, asObject, specOf, stringMap } from './values';

/** The selector's matchLabels, empty when there is no selector. */
export function telemetrySelectorLabels(telemetry: Resource): Readonly<Record<string, string>> {
  return stringMap(asObject(specOf(telemetry)['selector'])['matchLabels']);
}

/**
 * Whether a Telemetry applies to its whole namespace: it names no workload selector and no
 * targetRef(s) (a targetRef binds it to a Gateway or Service instead).
 */
export function isNamespaceWideTelemetry(telemetry: Resource): boolean {
  const spec = specOf(telemetry);
  return spec['selector'] == null && spec['targetRef'] == null && asArray(spec['targetRefs']).length === 0;
}
