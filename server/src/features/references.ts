/**
 * The references one mesh object makes to others, and what each resolves to: the model behind
 * go-to-definition, find-all-references and reference hovers.
 *
 *   referencesOf(resource) ─> Reference[]: a value at a path naming something (a host, a subset,
 *                             a gateway, a parentRef, a listener, a backendRef, a port, a principal)
 *   resolve(index, resource, reference) ─> Target[]: the object and the part of it named
 *                             (its name, `spec.subsets[i]`, `spec.listeners[i]`, `spec.ports[i]`)
 *
 * Resolution follows the rules' helpers (util/), so an editor jump lands where the checks look:
 * subsets through the DestinationRules that apply to the host from the referrer's namespace,
 * gateways as `ns/name` or the referrer's namespace, Gateway API defaults for groups, kinds and
 * namespaces. Live objects resolve like files.
 */
import { K, type Kind } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import type { Path } from '../parse/types';
import { destinationRulesFor, subsetsOf } from '../rules/util/destinationrule';
import { backendRefsOf, isServiceBackend, parentRefsOf, ROUTE_KINDS, type ParentRef } from '../rules/util/gateway-api-refs';
import { listenersOf, resolveListenerOwner } from '../rules/util/gateway-api-listeners';
import { fqdn } from '../rules/util/hosts';
import { findGateway, MESH_GATEWAY } from '../rules/util/istio-gateway-refs';
import { servicePorts } from '../rules/util/services';
import { routeDestinations } from '../rules/util/virtualservice';
import { asArray, asNumber, asObject, asStrings, specOf } from '../rules/util/values';
import { hostTarget } from './host-target';

/** What a reference names. */
export type ReferenceType =
  | 'host' | 'subset' | 'port' | 'gateway'
  | 'parentRef' | 'sectionName' | 'parentPort' | 'backendRef' | 'backendPort'
  | 'principal' | 'credential';

export interface Reference {
  readonly type: ReferenceType;
  /** Path of the referring value. */
  readonly path: Path;
  readonly value: string;
  /** For subsets and ports of a route destination: the destination's host. */
  readonly host?: string;
  /** For Gateway API references: the reference with the API's defaults applied. */
  readonly parent?: ParentRef;
  readonly backend?: { readonly namespace: string; readonly name: string; readonly service: boolean };
}

/** The object a reference resolves to, and the part of it that it names. */
export interface Target {
  readonly resource: Resource;
  /** Where the definition is (a name, a host entry): what go-to-definition shows. */
  readonly path: Path;
  /** The part of the object the reference names (`[]`: the object itself), to group references. */
  readonly anchor: Path;
}

/** The kinds whose objects make references (what a references search scans). */
export const REFERRING_KINDS: readonly Kind[] = [K.VirtualService, K.DestinationRule, K.IstioGateway, K.IstioAuthorizationPolicy, ...ROUTE_KINDS];

/** Every reference a resource makes, in document order by kind of reference. */
export function referencesOf(resource: Resource): Reference[] {
  const out: Reference[] = [];
  const spec = specOf(resource);
  const add = (type: ReferenceType, path: Path, value: unknown, extra: Partial<Reference> = {}): void => {
    if (typeof value === 'string' && value !== '') out.push({ type, path, value, ...extra });
    else if (typeof value === 'number') out.push({ type, path, value: String(value), ...extra });
  };
  switch (resource.kind) {
    case K.VirtualService: {
      asArray(spec['hosts']).forEach((h, i) => add('host', ['spec', 'hosts', i], h));
      asArray(spec['gateways']).forEach((g, i) => add('gateway', ['spec', 'gateways', i], g));
      for (const protocol of ['http', 'tcp', 'tls']) {
        asArray(spec[protocol]).forEach((route, i) => {
          asArray(asObject(route)['match']).forEach((m, j) => {
            asArray(asObject(m)['gateways']).forEach((g, k) => add('gateway', ['spec', protocol, i, 'match', j, 'gateways', k], g));
          });
        });
      }
      for (const d of routeDestinations(resource)) {
        add('host', [...d.path, 'host'], d.host);
        if (d.host !== undefined) {
          add('subset', [...d.path, 'subset'], d.subset, { host: d.host });
          add('port', [...d.path, 'port', 'number'], asNumber(asObject(d.destination['port'])['number']), { host: d.host });
        }
      }
      break;
    }
    case K.DestinationRule:
      add('host', ['spec', 'host'], spec['host']);
      break;
    case K.IstioGateway:
      asArray(spec['servers']).forEach((s, i) => add('credential', ['spec', 'servers', i, 'tls', 'credentialName'], asObject(asObject(s)['tls'])['credentialName']));
      break;
    case K.IstioAuthorizationPolicy:
      asArray(spec['rules']).forEach((rule, i) => {
        asArray(asObject(rule)['from']).forEach((from, j) => {
          const source = asObject(asObject(from)['source']);
          for (const field of ['principals', 'notPrincipals']) {
            asArray(source[field]).forEach((p, k) => add('principal', ['spec', 'rules', i, 'from', j, 'source', field, k], p));
          }
        });
      });
      break;
    default:
      if (!ROUTE_KINDS.includes(resource.kind)) break;
      for (const ref of parentRefsOf(resource)) {
        add('parentRef', [...ref.path, 'name'], ref.name, { parent: ref });
        if (ref.sectionName !== undefined) add('sectionName', [...ref.path, 'sectionName'], ref.sectionName, { parent: ref });
        if (ref.port !== undefined) add('parentPort', [...ref.path, 'port'], ref.port, { parent: ref });
      }
      for (const ref of backendRefsOf(resource)) {
        const backend = { namespace: ref.namespace, name: ref.name, service: isServiceBackend(ref) };
        add('backendRef', [...ref.path, 'name'], ref.name, { backend });
        if (ref.port !== undefined) add('backendPort', [...ref.path, 'port'], ref.port, { backend });
      }
  }
  return out;
}

/** What a reference resolves to (several DestinationRules may define one subset). */
export function resolve(index: ResourceIndex, referrer: Resource, ref: Reference): Target[] {
  const ns = referrer.namespace;
  const named = (r: Resource | undefined): Target[] => (r ? [{ resource: r, path: ['metadata', 'name'], anchor: [] }] : []);
  switch (ref.type) {
    case 'host': {
      const target = hostTarget(index, ref.value, ns);
      if (!target) return [];
      if (target.kind === K.Service) return named(target);
      const i = asStrings(specOf(target)['hosts']).indexOf(ref.value);
      const path = ['spec', 'hosts', Math.max(i, 0)];
      return [{ resource: target, path, anchor: path }];
    }
    case 'subset': {
      const out: Target[] = [];
      for (const dr of destinationRulesFor(index, fqdn(ref.host!, ns), ns)) {
        for (const s of subsetsOf(dr)) {
          if (s.name === ref.value) out.push({ resource: dr, path: ['spec', 'subsets', s.index, 'name'], anchor: ['spec', 'subsets', s.index] });
        }
      }
      return out;
    }
    case 'port': {
      const target = hostTarget(index, ref.host!, ns);
      return target?.kind === K.Service ? portTargets(target, Number(ref.value)) : [];
    }
    case 'gateway':
      return ref.value === MESH_GATEWAY ? [] : named(findGateway(index, ref.value, ns)?.resource);
    case 'parentRef': {
      const p = ref.parent!;
      if (p.type === 'service') return named(index.get(K.Service, p.namespace, p.name));
      return named(resolveListenerOwner(index, p));
    }
    case 'sectionName':
    case 'parentPort': {
      const p = ref.parent!;
      if (p.type === 'service') {
        const svc = index.get(K.Service, p.namespace, p.name);
        if (!svc) return [];
        return ref.type === 'parentPort' ? portTargets(svc, Number(ref.value)) : servicePorts(svc)
          .filter((sp) => sp.name === ref.value).map((sp) => ({ resource: svc, path: ['spec', 'ports', sp.index, 'name'], anchor: ['spec', 'ports', sp.index] }));
      }
      const owner = resolveListenerOwner(index, p);
      if (!owner) return [];
      return listenersOf(owner)
        .filter((l) => (ref.type === 'sectionName' ? l.name === ref.value : l.port === Number(ref.value)))
        .map((l) => ({ resource: owner, path: [...l.path, ref.type === 'sectionName' ? 'name' : 'port'], anchor: l.path }));
    }
    case 'backendRef':
      return ref.backend!.service ? named(index.get(K.Service, ref.backend!.namespace, ref.backend!.name)) : [];
    case 'backendPort': {
      const svc = ref.backend!.service ? index.get(K.Service, ref.backend!.namespace, ref.backend!.name) : undefined;
      return svc ? portTargets(svc, Number(ref.value)) : [];
    }
    case 'principal': {
      const m = /^[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(ref.value);
      return m ? named(index.get(K.ServiceAccount, m[1]!, m[2]!)) : [];
    }
    case 'credential':
      return named(index.get(K.Secret, ns, ref.value) ?? index.get(K.Secret, 'istio-system', ref.value));
  }
}

function portTargets(svc: Resource, port: number): Target[] {
  return servicePorts(svc).filter((p) => p.port === port).map((p) => ({ resource: svc, path: ['spec', 'ports', p.index, 'port'], anchor: ['spec', 'ports', p.index] }));
}

/** The reference whose value is at `path`, if the resource makes one there. */
export function referenceAt(resource: Resource, path: Path): Reference | undefined {
  return referencesOf(resource).find((r) => r.path.length === path.length && r.path.every((s, i) => s === path[i]));
}

/**
 * The part of a resource a path inside it defines, for "find references" started on a
 * definition: a DestinationRule subset, a Gateway listener, a Service port, a ServiceEntry host,
 * else the object itself.
 */
export function anchorAt(resource: Resource, path: Path): Path {
  const [a, b, c] = path;
  if (a !== 'spec' || typeof c !== 'number') return [];
  if (resource.kind === K.DestinationRule && b === 'subsets') return ['spec', 'subsets', c];
  if ((resource.kind === K.Gateway || resource.kind.endsWith('/ListenerSet') || resource.kind.endsWith('/XListenerSet')) && b === 'listeners') return ['spec', 'listeners', c];
  if (resource.kind === K.Service && b === 'ports') return ['spec', 'ports', c];
  if (resource.kind === K.ServiceEntry && b === 'hosts') return ['spec', 'hosts', c];
  return [];
}

/** Whether a target falls under an anchor of `key` (`[]` anchors the whole object). */
export function targetMatches(target: Target, key: string, anchor: Path): boolean {
  if (target.resource.key !== key) return false;
  return anchor.length === 0 || (target.anchor.length === anchor.length && anchor.every((s, i) => s === target.anchor[i]));
}
