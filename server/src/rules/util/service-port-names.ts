/**
 * Service ports whose protocol Istio cannot tell from the name or appProtocol, as the port-name
 * analyzer sees them: Services outside Kubernetes' system namespaces and outside Istio's own
 * installation, port by port.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import type { Path } from '../../parse/types';
import { servicePortProtocol } from './port-protocol';
import { SYSTEM_NAMESPACES, isIstioControlPlane } from './sidecar-injection';
import { asArray, asObject, labelsOf, specOf } from './values';

/** A Service port the naming convention flags. */
export interface UnnamedProtocolPort {
  readonly service: Resource;
  readonly externalName: boolean;
  readonly name: string;
  readonly port: string;
  readonly targetPort: string;
  readonly path: Path;
}

/** Ports of in-scope Services that declare no protocol Istio understands. */
export function portsWithoutProtocol(index: ResourceIndex): UnnamedProtocolPort[] {
  const out: UnnamedProtocolPort[] = [];
  for (const service of index.ofKind(K.Service)) {
    if (SYSTEM_NAMESPACES.has(service.namespace) || isIstioControlPlane(labelsOf(service))) continue;
    const spec = specOf(service);
    const externalName = spec['type'] === 'ExternalName';
    asArray(spec['ports']).forEach((raw, i) => {
      const port = asObject(raw);
      const name = typeof port['name'] === 'string' ? port['name'] : '';
      const unsupported = servicePortProtocol(port) === 'unsupported';
      // An ExternalName service gets no protocol sniffing, so a bare "tcp" name is a problem too.
      if (!unsupported && !(externalName && name === 'tcp')) return;
      out.push({
        service,
        externalName,
        name,
        port: port['port'] === undefined ? '' : String(port['port']),
        targetPort: port['targetPort'] === undefined ? '' : String(port['targetPort']),
        path: name !== '' ? ['spec', 'ports', i, 'name'] : ['spec', 'ports', i],
      });
    });
  }
  return out;
}
