/**
 * Candidates for Gateway API references in routes: parentRefs (a Gateway, or a Service for mesh
 * routes, its listeners' sectionName and port) and backendRefs (Services and their ports).
 *
 * The reference's other fields are read from the document's lines: `kind` decides between
 * Gateways and Services (Gateway when absent, as in the API), `namespace` defaults to the route's.
 */
import { K } from '../model/kinds';
import type { ResourceIndex } from '../model/resource-index';
import type { Path } from '../parse/types';
import { listenersOf } from '../rules/util/gateway-api-listeners';
import { servicePorts } from '../rules/util/services';
import { dedupe, namespaceCandidates } from './completion-mesh-values';
import type { ValueCandidate, ValueQuery } from './completion-values';
import { describeGateway, describePorts, origin } from './resource-descriptions';

export function parentRefCandidates(q: ValueQuery, ref: Path, field: string): ValueCandidate[] {
  const kind = q.read([...ref, 'kind']) ?? 'Gateway';
  const namespace = q.read([...ref, 'namespace']) ?? q.namespace;
  if (field === 'namespace') return namespaceCandidates(q.index);
  if (field === 'name') {
    if (kind === 'Service') return serviceNames(q.index, namespace);
    const all = q.index.ofKind(K.Gateway);
    const here = all.filter((g) => g.namespace === namespace);
    return (here.length > 0 ? here : all).map((g) => ({
      value: g.name, detail: `Gateway ${g.namespace}/${g.name}${g.namespace !== namespace ? ' (set namespace)' : ''}${origin(g)}`, documentation: describeGateway(g),
    }));
  }
  const name = q.read([...ref, 'name']);
  if (!name) return [];
  const gateway = q.index.get(K.Gateway, namespace, name);
  if (!gateway) return [];
  const listeners = listenersOf(gateway);
  if (field === 'sectionName') {
    return listeners.map((l) => ({ value: l.name, detail: `listener of Gateway ${gateway.namespace}/${gateway.name}`, documentation: `${l.protocol ?? '?'} port ${l.port ?? '?'}${l.hostname ? ` for ${l.hostname}` : ''}` }));
  }
  if (field === 'port') {
    return dedupe(listeners.filter((l) => l.port !== undefined).map((l) => ({ value: l.port!, detail: `port of listener "${l.name}"` })));
  }
  return [];
}

export function backendRefCandidates(q: ValueQuery, ref: Path, field: string): ValueCandidate[] {
  const namespace = q.read([...ref, 'namespace']) ?? q.namespace;
  if (field === 'namespace') return namespaceCandidates(q.index);
  if (field === 'name') return serviceNames(q.index, namespace);
  if (field === 'port') {
    const name = q.read([...ref, 'name']);
    const svc = name ? q.index.get(K.Service, namespace, name) : undefined;
    return svc ? servicePorts(svc).map((p) => ({ value: p.port, detail: `port${p.name ? ` "${p.name}"` : ''} of Service ${svc.namespace}/${svc.name}`, documentation: p.protocol })) : [];
  }
  return [];
}

function serviceNames(index: ResourceIndex, namespace: string): ValueCandidate[] {
  return index.ofKind(K.Service).filter((s) => s.namespace === namespace)
    .map((s) => ({ value: s.name, detail: `Service ${s.namespace}/${s.name}${origin(s)}`, documentation: describePorts(s) }));
}
