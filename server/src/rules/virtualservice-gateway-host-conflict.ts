/**
 * VirtualServices bound to the same named Istio Gateway that compete for the same traffic.
 *
 * IST0109 covers the mesh gateway, where sidecars keep one VirtualService per host and drop the
 * others. A named gateway behaves differently, per protocol (Istio's gateway listener builder):
 *
 * - HTTP: the routes of every VirtualService for a host on a server port are merged into one
 *   virtual host, in the VirtualServices' creation order, and catch-all routes (no match, or only
 *   `prefix: /` with no header or query condition) are moved to the end. Merging is intended, so
 *   a shared host alone is fine; it goes wrong when two VirtualServices both have a catch-all
 *   (only the older one's is ever used) or repeat the same match (only the older one's route
 *   gets those requests). Which one wins depends on creation time, which the files do not show.
 * - TCP: for a server port, the first VirtualService (in creation order) with a TCP route for
 *   that server takes all of its connections; the others' TCP routes are never used.
 * - TLS passthrough: one filter chain per SNI host; a second VirtualService routing the same SNI
 *   host on the same server is dropped.
 *
 * Gateway names resolve as Istio resolves them (`name`, `./name`, `ns/name`, the legacy
 * `name.ns.svc.cluster.local`), VirtualService hosts expand to FQDNs, and a server admits a host
 * only for the namespaces its `ns/host` form allows. Only Gateways known to the index are
 * checked: without its servers there is no port or host to compare.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { isVisibleFrom } from './util/exportto';
import { fqdn, hostCovers } from './util/hosts';
import { resolveGatewayName, splitGatewayName } from './util/istio-gateway-names';
import { MESH_GATEWAY } from './util/istio-gateway-refs';
import { asArray, asNumber, asObject, asString, asStrings, isObject, specOf, type Json } from './util/values';

/** How a gateway server carries traffic, which decides the VirtualService section it uses. */
type ServerKind = 'http' | 'tcp' | 'tls';

interface GatewayServer {
  readonly port: number;
  readonly kind: ServerKind;
  /** Hosts admitted from each namespace: the `ns/` part resolved, `*` for any namespace. */
  readonly hosts: readonly { readonly namespace: string; readonly host: string }[];
}

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'GRPC-WEB']);
const PASSTHROUGH = new Set(['PASSTHROUGH', 'AUTO_PASSTHROUGH']);

function serversOf(gateway: Resource): GatewayServer[] {
  const out: GatewayServer[] = [];
  for (const raw of asArray(specOf(gateway)['servers'])) {
    const server = asObject(raw);
    const port = asObject(server['port']);
    const number = asNumber(port['number']);
    const protocol = (asString(port['protocol']) ?? '').toUpperCase();
    if (number === undefined || protocol === '') continue;
    const passthrough = PASSTHROUGH.has(asString(asObject(server['tls'])['mode']) ?? '');
    const kind: ServerKind = passthrough ? 'tls' : HTTP_PROTOCOLS.has(protocol) ? 'http' : 'tcp';
    const hosts = asStrings(server['hosts']).map((h) => {
      const slash = h.indexOf('/');
      if (slash < 0) return { namespace: '*', host: h };
      const ns = h.slice(0, slash);
      return { namespace: ns === '.' ? gateway.namespace : ns, host: h.slice(slash + 1) };
    });
    out.push({ port: number, kind, hosts });
  }
  return out;
}

/** The virtual host names a VirtualService's hosts share with a server, as Istio intersects them. */
function intersectHosts(server: GatewayServer, vs: Resource, vsHosts: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of server.hosts) {
    if (s.namespace !== '*' && s.namespace !== vs.namespace) continue;
    vsHosts.forEach((h, i) => {
      // The narrower of two covering names is the virtual host both end up in.
      if (hostCovers(s.host, h)) { if (!out.has(h)) out.set(h, i); } else if (hostCovers(h, s.host)) { if (!out.has(s.host)) out.set(s.host, i); }
    });
  }
  return out;
}

/** Whether a match applies on a gateway server: its own gateways and port allow it. */
function matchApplies(m: Json, gateway: string, port: number, vs: Resource): boolean {
  const gws = asStrings(m['gateways']).filter((g) => g !== '').map((g) => resolveGatewayName(g, vs.namespace));
  if (gws.length > 0 && !gws.includes(gateway)) return false;
  const p = asNumber(m['port']);
  return p === undefined || p === 0 || p === port;
}

/** The matches of a rule that apply on a server; null for a rule without matches (it applies). */
function applicableMatches(rule: Json, gateway: string, port: number, vs: Resource): Json[] | null {
  const matches = asArray(rule['match']).filter(isObject);
  if (matches.length === 0) return null;
  return matches.filter((m) => matchApplies(m, gateway, port, vs));
}

const NOT_CATCH_ALL = ['method', 'authority', 'scheme', 'headers', 'withoutHeaders', 'queryParams'];

/** Whether an http match becomes a catch-all Envoy route: path prefix "/" and no header condition. */
function isCatchAllMatch(m: Json): boolean {
  if (NOT_CATCH_ALL.some((k) => m[k] !== undefined && m[k] !== null && !(isObject(m[k]) && Object.keys(m[k]).length === 0))) return false;
  const uri = m['uri'];
  if (uri === undefined || uri === null) return true;
  const u = asObject(uri);
  return Object.keys(u).length === 0 || (Object.keys(u).length === 1 && u['prefix'] === '/');
}

/** A match's conditions as a canonical string (name and gateways left out), for equality. */
function canonicalMatch(m: Json): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])]));
    return v;
  };
  const rest = Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'name' && k !== 'gateways' && k !== 'statPrefix'));
  return JSON.stringify(sort(rest));
}

/** What one VirtualService contributes to one server of one gateway. */
interface Binding {
  readonly vs: Resource;
  readonly hostIndex: number;
  /** Path of the first catch-all http route, if any. */
  readonly catchAll?: Path;
  /** Canonical match -> its path, for the http matches that apply here. */
  readonly matches: ReadonlyMap<string, Path>;
  /** Path of the first tcp route that applies here. */
  readonly tcp?: Path;
  /** SNI host -> path of the tls match naming it. */
  readonly sni: ReadonlyMap<string, Path>;
}

function bindingFor(vs: Resource, hostIndex: number, gateway: string, server: GatewayServer): Binding {
  const spec = specOf(vs);
  const matches = new Map<string, Path>();
  let catchAll: Path | undefined;
  let tcp: Path | undefined;
  const sni = new Map<string, Path>();
  if (server.kind === 'http') {
    asArray(spec['http']).forEach((raw, n) => {
      const rule = asObject(raw);
      const applicable = applicableMatches(rule, gateway, server.port, vs);
      if (applicable === null) { catchAll ??= ['spec', 'http', n]; return; }
      asArray(rule['match']).forEach((m, k) => {
        if (!isObject(m) || !applicable.includes(m)) return;
        if (isCatchAllMatch(m)) catchAll ??= ['spec', 'http', n, 'match', k];
        else if (!matches.has(canonicalMatch(m))) matches.set(canonicalMatch(m), ['spec', 'http', n, 'match', k]);
      });
    });
  } else if (server.kind === 'tcp') {
    asArray(spec['tcp']).forEach((raw, n) => {
      const applicable = applicableMatches(asObject(raw), gateway, server.port, vs);
      if (applicable === null || applicable.length > 0) tcp ??= ['spec', 'tcp', n];
    });
  } else {
    asArray(spec['tls']).forEach((raw, n) => {
      asArray(asObject(raw)['match']).forEach((m, k) => {
        if (!isObject(m) || !matchApplies(m, gateway, server.port, vs)) return;
        for (const h of asStrings(m['sniHosts'])) if (!sni.has(h)) sni.set(h, ['spec', 'tls', n, 'match', k, 'sniHosts']);
      });
    });
  }
  return { vs, hostIndex, matches, sni, ...(catchAll ? { catchAll } : {}), ...(tcp ? { tcp } : {}) };
}

/** Every (gateway, server) group: the VirtualServices bound there, by virtual host. */
function groups(index: ResourceIndex): { gateway: Resource; server: GatewayServer; byHost: Map<string, Binding[]> }[] {
  const out: { gateway: Resource; server: GatewayServer; byHost: Map<string, Binding[]> }[] = [];
  const gateways = new Map<string, { gateway: Resource; vss: Resource[] }>();
  for (const vs of index.ofKind(K.VirtualService)) {
    const names = new Set(asStrings(specOf(vs)['gateways']).filter((g) => g !== '' && g !== MESH_GATEWAY).map((g) => resolveGatewayName(g, vs.namespace)));
    for (const name of names) {
      const ref = splitGatewayName(name);
      const gateway = index.get(K.IstioGateway, ref.namespace, ref.name);
      // A VirtualService that is not exported to the gateway's namespace is not bound there.
      if (!gateway || !isVisibleFrom(vs, gateway.namespace, index)) continue;
      let entry = gateways.get(name);
      if (!entry) gateways.set(name, (entry = { gateway, vss: [] }));
      entry.vss.push(vs);
    }
  }
  for (const [name, { gateway, vss }] of gateways) {
    if (vss.length < 2) continue;
    for (const server of serversOf(gateway)) {
      const byHost = new Map<string, Binding[]>();
      for (const vs of vss) {
        const hosts = asStrings(specOf(vs)['hosts']).map((h) => fqdn(h, vs.namespace));
        for (const [host, hostIndex] of intersectHosts(server, vs, hosts)) {
          const list = byHost.get(host) ?? [];
          if (!list.some((b) => b.vs.key === vs.key)) list.push(bindingFor(vs, hostIndex, name, server));
          byHost.set(host, list);
        }
      }
      out.push({ gateway, server, byHost });
    }
  }
  return out;
}

function label(vs: Resource): string {
  return `${vs.namespace}/${vs.name}`;
}

export default defineRule({
  code: 'MSH2002',
  name: 'virtualservice-gateway-host-conflict',
  severity: 'warning',
  reads: [K.VirtualService, K.IstioGateway, K.MeshConfig],
  docs: {
    summary: 'VirtualServices bound to the same Istio Gateway do not compete for the same requests or connections of a host.',
    rationale:
      'A named gateway merges the HTTP routes of every VirtualService for a host in creation order, so two catch-all routes or two identical matches leave one VirtualService\'s routing unused, and for TCP and TLS passthrough only one VirtualService per server (or SNI host) is used at all. Which one wins depends on which object was created first, so the same files behave differently in two clusters.',
    seeAlso: ['virtualservice-conflicting-mesh-gateway-hosts (IST0109, the mesh gateway)', 'https://istio.io/latest/docs/ops/best-practices/traffic-management/'],
  },
  messages: {
    catchAll: 'Both this VirtualService and {others} route every request for host "{host}" on gateway {gateway} (port {port}); Istio merges them and only the catch-all of the one created first is used.',
    duplicateMatch: 'This match is repeated by VirtualService {others} for host "{host}" on gateway {gateway} (port {port}); only the route of the one created first receives these requests.',
    tcpConflict: 'This VirtualService and {others} all route TCP on gateway {gateway} port {port}; the gateway uses the TCP routes of only the one created first, for every connection on that server.',
    sniConflict: 'VirtualService {others} also routes SNI host "{host}" on gateway {gateway} port {port}; the gateway keeps only the one created first.',
  },
  check({ index, report }) {
    // One finding per (VirtualService, place, message, gateway): hosts and ports are listed together.
    type Id = 'catchAll' | 'duplicateMatch' | 'tcpConflict' | 'sniConflict';
    interface Pending { vs: Resource; path: Path; messageId: Id; gateway: Resource; others: Map<string, { vs: Resource; path: Path }>; hosts: Set<string>; ports: Set<number> }
    const found = new Map<string, Pending>();
    const add = (vs: Resource, path: Path, messageId: Id, gateway: Resource, host: string, port: number, others: readonly { vs: Resource; path: Path }[]): void => {
      const key = JSON.stringify([vs.key, path, messageId, gateway.key]);
      let f = found.get(key);
      if (!f) found.set(key, (f = { vs, path, messageId, gateway, others: new Map(), hosts: new Set(), ports: new Set() }));
      for (const o of others) if (!f.others.has(o.vs.key)) f.others.set(o.vs.key, o);
      if (host !== '') f.hosts.add(host);
      f.ports.add(port);
    };
    for (const { gateway, server, byHost } of groups(index)) {
      if (server.kind === 'tcp') {
        // TCP routes do not look at hosts beyond admitting the VirtualService to the server.
        const seen = new Map<string, Binding>();
        for (const list of byHost.values()) for (const b of list) if (b.tcp) seen.set(b.vs.key, b);
        const tcp = [...seen.values()];
        if (tcp.length < 2) continue;
        for (const b of tcp) add(b.vs, b.tcp!, 'tcpConflict', gateway, '', server.port, tcp.filter((o) => o !== b).map((o) => ({ vs: o.vs, path: o.tcp! })));
        continue;
      }
      for (const [host, list] of byHost) {
        if (list.length < 2) continue;
        if (server.kind === 'http') {
          const catchAlls = list.filter((b) => b.catchAll);
          if (catchAlls.length >= 2) {
            for (const b of catchAlls) add(b.vs, b.catchAll!, 'catchAll', gateway, host, server.port, catchAlls.filter((o) => o !== b).map((o) => ({ vs: o.vs, path: o.catchAll! })));
          }
          for (const b of list) {
            for (const [match, path] of b.matches) {
              const others = list.filter((o) => o !== b && o.matches.has(match));
              if (others.length > 0) add(b.vs, path, 'duplicateMatch', gateway, host, server.port, others.map((o) => ({ vs: o.vs, path: o.matches.get(match)! })));
            }
          }
        } else {
          for (const b of list) {
            for (const [sni, path] of b.sni) {
              if (!hostCovers(sni, host) && !hostCovers(host, sni)) continue;
              const others = list.filter((o) => o !== b && o.sni.has(sni));
              if (others.length > 0) add(b.vs, path, 'sniConflict', gateway, sni, server.port, others.map((o) => ({ vs: o.vs, path: o.sni.get(sni)! })));
            }
          }
        }
      }
    }
    for (const f of found.values()) {
      const others = [...f.others.values()];
      const hosts = [...f.hosts].sort();
      const data = {
        others: others.map((o) => label(o.vs)).join(', '),
        host: hosts.join('", "'),
        gateway: `${f.gateway.namespace}/${f.gateway.name}`,
        port: [...f.ports].sort((a, b) => a - b).join(', '),
      };
      const note = f.messageId === 'tcpConflict' ? 'also routes TCP on this gateway server' : 'competes for the same requests here';
      report({ subject: f.vs.key, path: f.path, messageId: f.messageId, data, related: others.map((o) => ({ subject: o.vs.key, path: o.path, note })) });
    }
  },
});
