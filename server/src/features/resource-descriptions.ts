/**
 * Short markdown descriptions of resources, shared by completion (the documentation beside a
 * candidate) and hover: a Service's ports, a gateway's servers or listeners, a kind's short name,
 * and the " (live)" mark of objects known only from the cluster.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { listenersOf } from '../rules/util/gateway-api-listeners';
import { servicePorts } from '../rules/util/services';
import { asArray, asNumber, asObject, asString, asStrings, specOf, stringMap } from '../rules/util/values';
import { formatLabels } from '../rules/util/selectors';

/** A resource's kind without its group: `Deployment` for `apps/Deployment`. */
export function kindName(r: Resource): string {
  return r.kind.slice(r.kind.indexOf('/') + 1);
}

/** " (live)" for objects known only from the cluster. */
export function origin(r: Resource): string {
  return r.origin.type === 'cluster' ? ' (live)' : '';
}

/** A Service's ports as a markdown list. */
export function describePorts(svc: Resource): string {
  const ports = servicePorts(svc);
  if (ports.length === 0) return 'No ports.';
  return ports.map((p) => `- ${p.port}/${p.protocol}${p.name ? ` "${p.name}"` : ''}${p.targetPort !== undefined ? ` → ${p.targetPort}` : ''}`).join('\n');
}

/** A gateway's servers (Istio) or listeners (Gateway API) as a markdown list. */
export function describeGateway(gw: Resource): string {
  if (gw.kind === K.Gateway) {
    const listeners = listenersOf(gw);
    if (listeners.length === 0) return 'No listeners.';
    return listeners.map((l) => `- listener "${l.name}": ${l.protocol ?? '?'} ${l.port ?? '?'}${l.hostname ? ` for ${l.hostname}` : ''}`).join('\n');
  }
  const servers = asArray(specOf(gw)['servers']).map((raw) => {
    const s = asObject(raw);
    const port = asObject(s['port']);
    const tls = asString(asObject(s['tls'])['mode']);
    return `- ${asString(port['protocol']) ?? '?'} ${asNumber(port['number']) ?? '?'}${asString(port['name']) ? ` "${asString(port['name'])}"` : ''}: ${asStrings(s['hosts']).join(', ') || 'no hosts'}${tls ? ` (TLS ${tls})` : ''}`;
  });
  const selector = formatLabels(stringMap(specOf(gw)['selector']));
  return [servers.length > 0 ? servers.join('\n') : 'No servers.', ...(selector ? [`Selector: \`${selector}\``] : [])].join('\n\n');
}
