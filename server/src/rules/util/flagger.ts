/**
 * Flagger Canaries as references and as owners: the workload a Canary targets, the metric
 * templates its analysis names, and the routing objects Flagger generates for it.
 *
 * Flagger names everything it generates after the apex Service (`spec.service.name`, defaulting
 * to the target's name) in the Canary's namespace: for Istio a VirtualService, for Gateway API an
 * HTTPRoute, for Linkerd, OSM and SMI a TrafficSplit. The provider comes from `spec.provider`, or
 * from Flagger's installation when unset (unknown here, so every kind is a candidate).
 */
import { K, type Kind } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import { asObject, asString, specOf } from './values';
import { DAEMON_SET } from './workload-templates';

/** The apex name: the Service Flagger generates and the name of its routing objects. */
export function apexName(canary: Resource): string | undefined {
  const spec = specOf(canary);
  return asString(asObject(spec['service'])['name']) ?? asString(asObject(spec['targetRef'])['name']);
}

/** The index kind a Canary `targetRef` names (Deployment, DaemonSet, or Service), or undefined. */
export function targetKind(canary: Resource): Kind | undefined {
  const kind = asString(asObject(specOf(canary)['targetRef'])['kind']);
  if (kind === 'Deployment') return K.Deployment;
  if (kind === 'DaemonSet') return DAEMON_SET;
  if (kind === 'Service') return K.Service;
  return undefined;
}

/** The HorizontalPodAutoscaler kind an `autoscalerRef` may name. */
export const HPA: Kind = 'autoscaling/HorizontalPodAutoscaler';

/** The routing kinds Flagger generates for a Canary's provider (all candidates when unset). */
export function generatedKinds(canary: Resource): Kind[] {
  const provider = asString(specOf(canary)['provider']);
  if (provider === undefined) return [K.VirtualService, K.HTTPRoute, K.TrafficSplit];
  if (provider === 'istio') return [K.VirtualService];
  if (provider.startsWith('gatewayapi')) return [K.HTTPRoute];
  if (provider === 'linkerd' || provider === 'osm' || provider.startsWith('smi')) return [K.TrafficSplit];
  return [];
}
