/**
 * The Services that front a Deployment's pods: Services in its namespace whose non-empty selector
 * matches the pod template's labels. Only Deployments in the sidecar mesh (and not Istio's own
 * waypoint proxies) are considered, as Istio's service-association analyzer does.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { mapSelects } from './selectors';
import { workloadInMesh } from './sidecar-injection';
import { asArray, asObject, labelsOf, specOf, stringMap } from './values';
import { podTemplateOf } from './workload';

/** One port of a Service that selects the Deployment. */
export interface FrontingPort {
  readonly service: Resource;
  /** `namespace/name`, as the messages name Services. */
  readonly serviceName: string;
  readonly port: number;
  /** The protocol as written, TCP when absent. */
  readonly protocol: string;
  /** The target port as written (a number or a port name), the port itself when absent or 0. */
  readonly targetPort: string;
}

/** A meshed Deployment with the Service ports that front it. */
export interface FrontedDeployment {
  readonly deployment: Resource;
  readonly ports: readonly FrontingPort[];
}

const WAYPOINT_MANAGED = { label: 'gateway.istio.io/managed', value: 'istio.io-mesh-controller' } as const;

/** Every meshed, non-waypoint Deployment with the ports of the Services that select it. */
export function frontedDeployments(index: ResourceIndex): FrontedDeployment[] {
  const out: FrontedDeployment[] = [];
  // Services with a selector, by namespace, so each Deployment looks only at its neighbours.
  const services = new Map<string, { service: Resource; selector: Readonly<Record<string, string>> }[]>();
  for (const service of index.ofKind(K.Service)) {
    const selector = stringMap(specOf(service)['selector']);
    if (Object.keys(selector).length === 0) continue;
    const list = services.get(service.namespace) ?? [];
    list.push({ service, selector });
    services.set(service.namespace, list);
  }
  for (const deployment of index.ofKind(K.Deployment)) {
    if (labelsOf(deployment)[WAYPOINT_MANAGED.label] === WAYPOINT_MANAGED.value) continue;
    const template = podTemplateOf(deployment);
    if (!template || !workloadInMesh(index, template, deployment.namespace)) continue;
    const ports: FrontingPort[] = [];
    for (const { service, selector } of services.get(deployment.namespace) ?? []) {
      if (!mapSelects(selector, template.labels)) continue;
      for (const raw of asArray(specOf(service)['ports'])) {
        const p = asObject(raw);
        if (typeof p['port'] !== 'number') continue;
        const protocol = typeof p['protocol'] === 'string' && p['protocol'] !== '' ? p['protocol'] : 'TCP';
        const target = p['targetPort'];
        const targetPort = target === undefined || target === null || target === 0 || target === '' ? String(p['port']) : String(target);
        ports.push({ service, serviceName: `${service.namespace}/${service.name}`, port: p['port'], protocol, targetPort });
      }
    }
    out.push({ deployment, ports });
  }
  return out;
}
