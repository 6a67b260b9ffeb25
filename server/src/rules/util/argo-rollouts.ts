/**
 * What an Argo Rollout references and manages: its Services, analysis templates, the Istio
 * VirtualServices (and the routes in them) and DestinationRule its traffic routing shifts weight
 * on, and the Gateway API routes of the `argoproj-labs/gatewayAPI` plugin — each with its path.
 *
 * Istio references are `name` or `name.namespace` (Argo splits on the first dot) and default to
 * the Rollout's namespace. Managed VirtualService routes follow Argo's rules: the HTTP routes
 * named in `routes`, or — when `routes`, `tlsRoutes` and `tcpRoutes` are all omitted — the
 * VirtualService's only HTTP route; TLS routes match on one port and exactly the SNI hosts
 * given, TCP routes on one port.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { Path } from '../../parse/types';
import { asArray, asNumber, asObject, asString, asStrings, specOf, type Json } from './values';

/** `name` or `name.namespace`, as Argo reads Istio references. */
export function splitIstioRef(value: string, defaultNamespace: string): { name: string; namespace: string } {
  const [name, namespace] = value.split('.');
  return { name: name ?? value, namespace: namespace !== undefined && namespace !== '' ? namespace : defaultNamespace };
}

/** A TLS route selector: one port and, optionally, the exact SNI hosts. */
export interface TlsRouteSelector {
  readonly port?: number;
  readonly sniHosts: readonly string[];
}

/** One VirtualService a Rollout shifts weight on. */
export interface VirtualServiceRef {
  readonly name: string;
  readonly namespace: string;
  /** HTTP route names, undefined when omitted. */
  readonly routes?: readonly string[];
  readonly tlsRoutes: readonly TlsRouteSelector[];
  readonly tcpRoutes: readonly { port?: number }[];
  /** Path to the reference mapping (`virtualService` or `virtualServices[i]`). */
  readonly path: Path;
}

const ISTIO: Path = ['spec', 'strategy', 'canary', 'trafficRouting', 'istio'];

function canary(rollout: Resource): Json {
  return asObject(asObject(specOf(rollout)['strategy'])['canary']);
}

function istio(rollout: Resource): Json {
  return asObject(asObject(canary(rollout)['trafficRouting'])['istio']);
}

/** The VirtualServices of a Rollout's Istio traffic routing. */
export function rolloutVirtualServices(rollout: Resource): VirtualServiceRef[] {
  const out: VirtualServiceRef[] = [];
  const add = (raw: unknown, path: Path): void => {
    const v = asObject(raw);
    const full = asString(v['name']);
    if (full === undefined) return;
    const routes = Array.isArray(v['routes']) ? asStrings(v['routes']) : undefined;
    out.push({
      ...splitIstioRef(full, rollout.namespace), path,
      ...(routes !== undefined ? { routes } : {}),
      tlsRoutes: asArray(v['tlsRoutes']).map((t) => {
        const port = asNumber(asObject(t)['port']);
        return { sniHosts: asStrings(asObject(t)['sniHosts']), ...(port !== undefined ? { port } : {}) };
      }),
      tcpRoutes: asArray(v['tcpRoutes']).map((t) => {
        const port = asNumber(asObject(t)['port']);
        return port !== undefined ? { port } : {};
      }),
    });
  };
  const spec = istio(rollout);
  if (spec['virtualService'] !== undefined) add(spec['virtualService'], [...ISTIO, 'virtualService']);
  asArray(spec['virtualServices']).forEach((v, i) => add(v, [...ISTIO, 'virtualServices', i]));
  return out;
}

/** The DestinationRule of a Rollout's Istio subset-level traffic routing. */
export interface DestinationRuleRef {
  readonly name: string;
  readonly namespace: string;
  /** Subset names by role, with the key they are written under. */
  readonly subsets: readonly { key: string; name: string; path: Path }[];
  readonly path: Path;
}

export function rolloutDestinationRule(rollout: Resource): DestinationRuleRef | undefined {
  const dr = asObject(istio(rollout)['destinationRule']);
  const full = asString(dr['name']);
  if (full === undefined) return undefined;
  const path: Path = [...ISTIO, 'destinationRule'];
  const subsets: { key: string; name: string; path: Path }[] = [];
  for (const key of ['canarySubsetName', 'stableSubsetName']) {
    const name = asString(dr[key]);
    if (name !== undefined) subsets.push({ key, name, path: [...path, key] });
  }
  asArray(dr['additionalSubsetNames']).forEach((n, i) => {
    if (typeof n === 'string' && n !== '') subsets.push({ key: 'additionalSubsetNames', name: n, path: [...path, 'additionalSubsetNames', i] });
  });
  return { ...splitIstioRef(full, rollout.namespace), subsets, path };
}

/** A Service a Rollout names, by role. */
export interface RolloutService {
  readonly role: string;
  readonly name: string;
  readonly path: Path;
}

/** The Services a Rollout names: canary/stable, ping/pong, blue-green active/preview, the SMI root. */
export function rolloutServices(rollout: Resource): RolloutService[] {
  const out: RolloutService[] = [];
  const strategy = asObject(specOf(rollout)['strategy']);
  const add = (obj: Json, key: string, path: Path, role: string): void => {
    const name = asString(obj[key]);
    if (name !== undefined) out.push({ role, name, path: [...path, key] });
  };
  const c = canary(rollout);
  const cPath: Path = ['spec', 'strategy', 'canary'];
  add(c, 'canaryService', cPath, 'canaryService');
  add(c, 'stableService', cPath, 'stableService');
  add(asObject(c['pingPong']), 'pingService', [...cPath, 'pingPong'], 'pingService');
  add(asObject(c['pingPong']), 'pongService', [...cPath, 'pingPong'], 'pongService');
  add(asObject(asObject(c['trafficRouting'])['smi']), 'rootService', [...cPath, 'trafficRouting', 'smi'], 'SMI rootService');
  const bg = asObject(strategy['blueGreen']);
  add(bg, 'activeService', ['spec', 'strategy', 'blueGreen'], 'activeService');
  add(bg, 'previewService', ['spec', 'strategy', 'blueGreen'], 'previewService');
  return out;
}

/** The stable and canary Service names of a canary Rollout, when both are set. */
export function stableAndCanary(rollout: Resource): { stable: string; canary: string } | undefined {
  const c = canary(rollout);
  const stable = asString(c['stableService']);
  const canaryName = asString(c['canaryService']);
  return stable !== undefined && canaryName !== undefined ? { stable, canary: canaryName } : undefined;
}

/** One analysis template reference. */
export interface TemplateRef {
  readonly templateName: string;
  readonly clusterScope: boolean;
  readonly path: Path;
}

/**
 * Every analysis template a Rollout names: background analysis, analysis and experiment steps,
 * and blue-green pre- and post-promotion analysis.
 */
export function rolloutTemplateRefs(rollout: Resource): TemplateRef[] {
  const out: TemplateRef[] = [];
  const fromList = (list: unknown, path: Path): void => {
    asArray(list).forEach((raw, i) => {
      const t = asObject(raw);
      const templateName = asString(t['templateName']);
      if (templateName !== undefined) out.push({ templateName, clusterScope: t['clusterScope'] === true, path: [...path, i, 'templateName'] });
    });
  };
  const c = canary(rollout);
  const cPath: Path = ['spec', 'strategy', 'canary'];
  fromList(asObject(c['analysis'])['templates'], [...cPath, 'analysis', 'templates']);
  asArray(c['steps']).forEach((rawStep, s) => {
    const step = asObject(rawStep);
    fromList(asObject(step['analysis'])['templates'], [...cPath, 'steps', s, 'analysis', 'templates']);
    fromList(asObject(step['experiment'])['analyses'], [...cPath, 'steps', s, 'experiment', 'analyses']);
  });
  const bg = asObject(asObject(specOf(rollout)['strategy'])['blueGreen']);
  for (const key of ['prePromotionAnalysis', 'postPromotionAnalysis']) fromList(asObject(bg[key])['templates'], ['spec', 'strategy', 'blueGreen', key, 'templates']);
  return out;
}

/** The plugin Argo Rollouts ships for Gateway API traffic routing. */
export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

/** One route the Gateway API plugin manages. */
export interface PluginRouteRef {
  readonly kind: typeof K.HTTPRoute | typeof K.GRPCRoute;
  readonly name: string;
  readonly namespace: string;
  readonly path: Path;
}

/** The HTTPRoutes and GRPCRoutes of a Rollout's Gateway API plugin (`httpRoute`, `httpRoutes[].name`, and the gRPC forms). */
export function rolloutPluginRoutes(rollout: Resource): PluginRouteRef[] {
  const base: Path = ['spec', 'strategy', 'canary', 'trafficRouting', 'plugins', GATEWAY_API_PLUGIN];
  const config = asObject(asObject(asObject(canary(rollout)['trafficRouting'])['plugins'])[GATEWAY_API_PLUGIN]);
  const namespace = asString(config['namespace']) ?? rollout.namespace;
  const out: PluginRouteRef[] = [];
  for (const [single, list, kind] of [['httpRoute', 'httpRoutes', K.HTTPRoute], ['grpcRoute', 'grpcRoutes', K.GRPCRoute]] as const) {
    const one = asString(config[single]);
    if (one !== undefined) out.push({ kind, name: one, namespace, path: [...base, single] });
    asArray(config[list]).forEach((raw, i) => {
      const name = asString(asObject(raw)['name']);
      if (name !== undefined) out.push({ kind, name, namespace, path: [...base, list, i, 'name'] });
    });
  }
  return out;
}

/** A route of a VirtualService that Argo manages, by protocol list and index. */
export interface ManagedRoute {
  readonly protocol: 'http' | 'tls' | 'tcp';
  readonly index: number;
}

/** The ports of a VirtualService route's match blocks. */
function matchPorts(route: Json): Set<number> {
  return new Set(asArray(route['match']).map((m) => asNumber(asObject(m)['port'])).filter((p): p is number => p !== undefined));
}

/** Index of the HTTP route with a name, or -1. */
export function httpRouteIndex(vs: Resource, name: string): number {
  return asArray(specOf(vs)['http']).findIndex((r) => asObject(r)['name'] === name);
}

/** Indexes of the TLS routes matching a selector (one port, exactly these SNI hosts). */
export function tlsRouteIndexes(vs: Resource, selector: TlsRouteSelector): number[] {
  const out: number[] = [];
  asArray(specOf(vs)['tls']).forEach((raw, i) => {
    const route = asObject(raw);
    const ports = matchPorts(route);
    if (ports.size > 1 || (selector.port !== undefined && !ports.has(selector.port))) return;
    if (selector.sniHosts.length > 0) {
      const hosts = new Set(asArray(route['match']).flatMap((m) => asStrings(asObject(m)['sniHosts'])));
      if (hosts.size !== new Set(selector.sniHosts).size || !selector.sniHosts.every((h) => hosts.has(h))) return;
    }
    out.push(i);
  });
  return out;
}

/** Indexes of the TCP routes on one port. */
export function tcpRouteIndexes(vs: Resource, port: number | undefined): number[] {
  const out: number[] = [];
  asArray(specOf(vs)['tcp']).forEach((raw, i) => {
    const ports = matchPorts(asObject(raw));
    if (ports.size <= 1 && (port === undefined || ports.has(port))) out.push(i);
  });
  return out;
}

/** The routes of a VirtualService that a reference makes Argo manage (missing ones are skipped). */
export function managedRoutes(ref: VirtualServiceRef, vs: Resource): ManagedRoute[] {
  const out: ManagedRoute[] = [];
  const spec = specOf(vs);
  if (ref.routes !== undefined) {
    for (const name of ref.routes) {
      const i = httpRouteIndex(vs, name);
      if (i >= 0) out.push({ protocol: 'http', index: i });
    }
  } else if (ref.tlsRoutes.length === 0 && ref.tcpRoutes.length === 0 && asArray(spec['http']).length === 1) {
    out.push({ protocol: 'http', index: 0 });
  }
  for (const t of ref.tlsRoutes) for (const i of tlsRouteIndexes(vs, t)) out.push({ protocol: 'tls', index: i });
  for (const t of ref.tcpRoutes) for (const i of tcpRouteIndexes(vs, t.port)) out.push({ protocol: 'tcp', index: i });
  return out;
}

/** The short Service name a VirtualService destination host names (Argo compares the first label). */
export function hostServiceName(host: string): string {
  return host.split('.')[0] ?? host;
}
