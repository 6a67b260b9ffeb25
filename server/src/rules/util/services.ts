/**
 * Finding Kubernetes Services by the hosts Istio resources name them with.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { fqdn, parseServiceFqdn } from './hosts';
import { asArray, asNumber, asObject, asString } from './values';

/** The Service a host names (short names expand in `namespace`), or undefined. */
export function serviceByHost(index: ResourceIndex, host: string, namespace: string): Resource | undefined {
  const parts = parseServiceFqdn(fqdn(host, namespace));
  return parts ? index.get(K.Service, parts.namespace, parts.name) : undefined;
}

/** One port of a Service, as written. */
export interface ServicePort {
  readonly port: number;
  readonly name?: string;
  readonly protocol: string;
  readonly targetPort?: number | string;
  /** Index in `spec.ports`, for paths. */
  readonly index: number;
}

/** The ports a Service declares (entries without a numeric port are skipped). */
export function servicePorts(service: Resource): ServicePort[] {
  const out: ServicePort[] = [];
  asArray(asObject(service.value['spec'])['ports']).forEach((raw, index) => {
    const p = asObject(raw);
    const port = asNumber(p['port']);
    if (port === undefined) return;
    const name = asString(p['name']);
    const target = p['targetPort'];
    out.push({
      port, index, protocol: asString(p['protocol']) ?? 'TCP',
      ...(name !== undefined ? { name } : {}),
      ...(typeof target === 'number' || typeof target === 'string' ? { targetPort: target } : {}),
    });
  });
  return out;
}
