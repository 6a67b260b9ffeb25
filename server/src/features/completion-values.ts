/**
 * Values completion offers from what the index holds (workspace files and live cluster objects
 * alike): hosts, subsets, gateways, ports, Gateway API references, label keys and values of
 * workloads, ServiceAccount principals, namespaces.
 *
 *   (kind, path of the value, the document's other values) ─> which source ─> candidates
 *
 * Which source applies is decided by the value's path with list indices written `[]`
 * (`spec.http[].route[].destination.subset`), so one table says where every reference lives.
 * Sibling values of the document being typed (the destination's `host` for its `subset`) are read
 * from its lines, which works while the rest of the document does not parse.
 */
import { K, type Kind } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import type { Path } from '../parse/types';
import { destinationRulesFor, subsetsOf } from '../rules/util/destinationrule';
import { ROUTE_KINDS } from '../rules/util/gateway-api-refs';
import { listenersOf } from '../rules/util/gateway-api-listeners';
import { fqdn } from '../rules/util/hosts';
import { servicePorts } from '../rules/util/services';
import { WORKLOAD_KINDS, workloadTemplateOf } from '../rules/util/workload-templates';
import { asArray, asNumber, asObject, asString, asStrings, specOf, stringMap } from '../rules/util/values';
import { formatLabels, mapSelects } from '../rules/util/selectors';

/** One value to offer. */
export interface ValueCandidate {
  readonly value: string | number;
  /** A short line shown beside the value: what it refers to. */
  readonly detail: string;
  readonly documentation?: string;
}

/** What a source needs to know about the value being written. */
export interface ValueQuery {
  readonly index: ResourceIndex;
  /** The kind of the document (`group/Kind`). */
  readonly kind: Kind;
  /** The namespace the document's object lives in. */
  readonly namespace: string;
  /** Path of the value being written. */
  readonly path: Path;
  /** A scalar the document writes at another path (read from its lines). */
  readonly read: (path: Path) => string | undefined;
}

/** The path with list indices as `[]`: `spec.http[].route[].destination.host`. */
export function pathPattern(path: Path): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? '[]' : out === '' ? s : `.${s}`;
  return out;
}

const DESTINATION = /^spec\.(http|tcp|tls)\[\]\.route\[\]\.destination$|^spec\.http\[\]\.mirror$|^spec\.http\[\]\.mirrors\[\]\.destination$/;
const GATEWAYS = /^spec\.gateways\[\]$|^spec\.(http|tcp|tls)\[\]\.match\[\]\.gateways\[\]$/;
const PRINCIPALS = /^spec\.rules\[\]\.from\[\]\.source\.(principals|notPrincipals)\[\]$/;
const SOURCE_NAMESPACES = /^spec\.rules\[\]\.from\[\]\.source\.(namespaces|notNamespaces)\[\]$/;
const BACKEND_REF = /^spec\.rules\[\]\.(backendRefs\[\]|filters\[\]\.requestMirror\.backendRef|backendRefs\[\]\.filters\[\]\.requestMirror\.backendRef)$/;

/** Reference values for the value at `q.path`; empty when the path is not a reference. */
export function referenceValues(q: ValueQuery): ValueCandidate[] {
  const pattern = pathPattern(q.path);
  const parent = q.path.slice(0, -1);
  const parentPattern = pathPattern(parent);
  const last = q.path[q.path.length - 1];
  if (q.kind === K.VirtualService) {
    if (pattern === 'spec.hosts[]') return hostCandidates(q.index, q.namespace);
    if (DESTINATION.test(parentPattern)) {
      if (last === 'host') return hostCandidates(q.index, q.namespace);
      if (last === 'subset') return subsetCandidates(q.index, q.read([...parent, 'host']), q.namespace);
    }
    if (last === 'number' && DESTINATION.test(pathPattern(q.path.slice(0, -2))) && q.path[q.path.length - 2] === 'port') {
      return portCandidates(q.index, q.read([...q.path.slice(0, -2), 'host']), q.namespace);
    }
    if (GATEWAYS.test(pattern)) return gatewayCandidates(q.index, q.namespace);
    if (pattern === 'spec.exportTo[]') return exportToCandidates(q.index);
  }
  if (q.kind === K.DestinationRule) {
    if (pattern === 'spec.host') return hostCandidates(q.index, q.namespace);
    if (pattern === 'spec.exportTo[]') return exportToCandidates(q.index);
  }
  if (q.kind === K.ServiceEntry && pattern === 'spec.exportTo[]') return exportToCandidates(q.index);
  if (q.kind === K.IstioGateway && /^spec\.servers\[\]\.tls\.credentialName$/.test(pattern)) return secretCandidates(q.index, q.namespace);
  if (q.kind === K.IstioAuthorizationPolicy) {
    if (PRINCIPALS.test(pattern)) return principalCandidates(q.index);
    if (SOURCE_NAMESPACES.test(pattern)) return namespaceCandidates(q.index);
  }
  if (ROUTE_KINDS.includes(q.kind)) {
    if (/^spec\.parentRefs\[\]$/.test(parentPattern)) return parentRefCandidates(q, parent, String(last));
    if (BACKEND_REF.test(parentPattern)) return backendRefCandidates(q, parent, String(last));
  }
  if (q.kind === K.ReferenceGrant && /^spec\.from\[\]\.namespace$/.test(pattern)) return namespaceCandidates(q.index);
  return [];
}

// ---- Hosts, subsets, ports, gateways ----

function clusterDomain(index: ResourceIndex): string {
  return asString(index.meshConfig.raw['clusterDomain']) ?? 'cluster.local';
}

/** Services (short name in the same namespace, and the FQDN) and ServiceEntry hosts. */
export function hostCandidates(index: ResourceIndex, namespace: string): ValueCandidate[] {
  const out = new Map<string, ValueCandidate>();
  const domain = clusterDomain(index);
  for (const svc of index.ofKind(K.Service)) {
    const detail = `Service ${svc.namespace}/${svc.name}${origin(svc)}`;
    const documentation = describePorts(svc);
    if (svc.namespace === namespace && !out.has(svc.name)) out.set(svc.name, { value: svc.name, detail, documentation });
    const full = `${svc.name}.${svc.namespace}.svc.${domain}`;
    if (!out.has(full)) out.set(full, { value: full, detail, documentation });
  }
  for (const se of index.ofKind(K.ServiceEntry)) {
    for (const host of asStrings(specOf(se)['hosts'])) {
      if (!out.has(host)) out.set(host, { value: host, detail: `ServiceEntry ${se.namespace}/${se.name}${origin(se)}` });
    }
  }
  return [...out.values()];
}

/** The subsets the DestinationRules for a host define, as seen from `namespace`. */
export function subsetCandidates(index: ResourceIndex, host: string | undefined, namespace: string): ValueCandidate[] {
  if (!host) return [];
  const out: ValueCandidate[] = [];
  for (const dr of destinationRulesFor(index, fqdn(host, namespace), namespace)) {
    for (const s of subsetsOf(dr)) {
      const labels = formatLabels(stringMap(s.labels));
      out.push({ value: s.name, detail: `subset of DestinationRule ${dr.namespace}/${dr.name}${origin(dr)}`, documentation: labels ? `Labels: \`${labels}\`` : 'No labels: every endpoint of the host.' });
    }
  }
  return out;
}

/** The ports of the Service (or ServiceEntry) a host names. */
export function portCandidates(index: ResourceIndex, host: string | undefined, namespace: string): ValueCandidate[] {
  if (!host) return [];
  const target = hostTarget(index, host, namespace);
  if (!target) return [];
  if (target.kind === K.Service) {
    return servicePorts(target).map((p) => ({
      value: p.port, detail: `port${p.name ? ` "${p.name}"` : ''} of Service ${target.namespace}/${target.name}`,
      documentation: `${p.protocol}${p.targetPort !== undefined ? ` → target port ${p.targetPort}` : ''}`,
    }));
  }
  return asArray(specOf(target)['ports']).flatMap((raw) => {
    const p = asObject(raw);
    const number = asNumber(p['number']);
    return number === undefined ? [] : [{ value: number, detail: `port${asString(p['name']) ? ` "${asString(p['name'])}"` : ''} of ServiceEntry ${target.namespace}/${target.name}`, documentation: asString(p['protocol']) ?? '' }];
  });
}

/** The Service a host names (short names expand in `namespace`), else a ServiceEntry listing it. */
export function hostTarget(index: ResourceIndex, host: string, namespace: string): Resource | undefined {
  const domain = clusterDomain(index);
  const full = host.includes('.') || host.startsWith('*') ? host : `${host}.${namespace}.svc.${domain}`;
  const suffix = `.svc.${domain}`;
  if (full.endsWith(suffix)) {
    const parts = full.slice(0, -suffix.length).split('.');
    if (parts.length === 2) {
      const svc = index.get(K.Service, parts[1]!, parts[0]!);
      if (svc) return svc;
    }
  }
  const byHost = serviceEntryHosts(index);
  const entries = byHost.get(host) ?? byHost.get(full) ?? [];
  return entries.find((se) => se.namespace === namespace) ?? entries[0];
}

const entryHosts = new WeakMap<readonly Resource[], Map<string, Resource[]>>();

/** ServiceEntries by the hosts they list, built once per index state (a search resolves many hosts). */
function serviceEntryHosts(index: ResourceIndex): Map<string, Resource[]> {
  const all = index.ofKind(K.ServiceEntry);
  let map = entryHosts.get(all);
  if (!map) {
    map = new Map();
    for (const se of all) for (const h of asStrings(specOf(se)['hosts'])) map.set(h, [...(map.get(h) ?? []), se]);
    entryHosts.set(all, map);
  }
  return map;
}

/** Istio Gateways and Gateway API Gateways (`name` in the same namespace, else `ns/name`), and `mesh`. */
export function gatewayCandidates(index: ResourceIndex, namespace: string): ValueCandidate[] {
  const out: ValueCandidate[] = [{ value: 'mesh', detail: 'every sidecar in the mesh' }];
  for (const kind of [K.IstioGateway, K.Gateway]) {
    for (const gw of index.ofKind(kind)) {
      const what = kind === K.IstioGateway ? 'Gateway' : 'Gateway (Gateway API)';
      const detail = `${what} ${gw.namespace}/${gw.name}${origin(gw)}`;
      if (gw.namespace === namespace) out.push({ value: gw.name, detail, documentation: describeGateway(gw) });
      out.push({ value: `${gw.namespace}/${gw.name}`, detail, documentation: describeGateway(gw) });
    }
  }
  return dedupe(out);
}

function exportToCandidates(index: ResourceIndex): ValueCandidate[] {
  return [
    { value: '.', detail: 'this namespace only' },
    { value: '*', detail: 'every namespace' },
    ...namespaceCandidates(index),
  ];
}

function secretCandidates(index: ResourceIndex, namespace: string): ValueCandidate[] {
  return index.ofKind(K.Secret)
    .filter((s) => s.namespace === namespace || s.namespace === 'istio-system')
    .map((s) => ({ value: s.name, detail: `Secret ${s.namespace}/${s.name}${origin(s)}` }));
}

/** Every namespace the index knows of: Namespace objects and the namespaces of Services and workloads. */
export function namespaceCandidates(index: ResourceIndex): ValueCandidate[] {
  const names = new Map<string, string>();
  for (const ns of index.ofKind(K.Namespace)) names.set(ns.name, `Namespace${origin(ns)}`);
  for (const kind of [K.Service, ...WORKLOAD_KINDS, K.Gateway, K.IstioGateway]) {
    for (const r of index.ofKind(kind)) if (r.namespace && !names.has(r.namespace)) names.set(r.namespace, 'namespace');
  }
  return [...names].sort(([a], [b]) => a.localeCompare(b)).map(([value, detail]) => ({ value, detail }));
}

// ---- Principals ----

/** `<trust domain>/ns/<ns>/sa/<name>` for every ServiceAccount and every workload's service account. */
export function principalCandidates(index: ResourceIndex): ValueCandidate[] {
  const domain = asString(index.meshConfig.raw['trustDomain']) ?? 'cluster.local';
  const out = new Map<string, ValueCandidate>();
  for (const sa of index.ofKind(K.ServiceAccount)) {
    const value = `${domain}/ns/${sa.namespace}/sa/${sa.name}`;
    out.set(value, { value, detail: `ServiceAccount ${sa.namespace}/${sa.name}${origin(sa)}` });
  }
  for (const kind of WORKLOAD_KINDS) {
    for (const w of index.ofKind(kind)) {
      const spec = kind === K.Pod ? specOf(w) : asObject(asObject(specOf(w)['template'])['spec']);
      const account = asString(spec['serviceAccountName']) ?? asString(spec['serviceAccount']);
      if (!account) continue;
      const value = `${domain}/ns/${w.namespace}/sa/${account}`;
      if (!out.has(value)) out.set(value, { value, detail: `service account of ${kindName(w)} ${w.namespace}/${w.name}` });
    }
  }
  return [...out.values()];
}

// ---- Gateway API ----

function parentRefCandidates(q: ValueQuery, ref: Path, field: string): ValueCandidate[] {
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

function backendRefCandidates(q: ValueQuery, ref: Path, field: string): ValueCandidate[] {
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

// ---- Labels ----

/** Paths of label maps that select workloads, by kind. */
const LABEL_MAPS: readonly (readonly [Kind | '*', RegExp])[] = [
  [K.Service, /^spec\.selector$/],
  [K.DestinationRule, /^spec\.subsets\[\]\.labels$|^spec\.workloadSelector\.matchLabels$/],
  [K.IstioGateway, /^spec\.selector$/],
  [K.VirtualService, /^spec\.(http|tcp|tls)\[\]\.match\[\]\.sourceLabels$/],
  [K.Sidecar, /^spec\.workloadSelector\.labels$/],
  [K.EnvoyFilter, /^spec\.workloadSelector\.labels$/],
  [K.LinkerdServer, /^spec\.podSelector\.matchLabels$/],
  ['*', /(^|\.)selector\.matchLabels$/],
];

/** Whether the mapping at `path` of a `kind` is a label selector of workloads. */
export function isLabelMap(kind: Kind, path: Path): boolean {
  const pattern = pathPattern(path);
  return LABEL_MAPS.some(([k, re]) => (k === '*' || k === kind) && re.test(pattern));
}

interface LabelledWorkload {
  readonly resource: Resource;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The workloads a label map picks from: for a DestinationRule subset, those behind its host's
 * Service; for an Istio Gateway, every namespace; otherwise the document's namespace (or every
 * namespace when that one has none).
 */
function workloadsFor(q: ValueQuery, map: Path): LabelledWorkload[] {
  const all: LabelledWorkload[] = [];
  for (const kind of WORKLOAD_KINDS) for (const r of q.index.ofKind(kind)) all.push({ resource: r, labels: workloadTemplateOf(r).labels });
  if (q.kind === K.IstioGateway) return all;
  let namespace = q.namespace;
  let selector: Readonly<Record<string, string>> | undefined;
  if (q.kind === K.DestinationRule && map[1] === 'subsets') {
    const host = q.read(['spec', 'host']);
    const svc = host ? hostTarget(q.index, host, q.namespace) : undefined;
    if (svc?.kind === K.Service) {
      namespace = svc.namespace;
      const s = stringMap(specOf(svc)['selector']);
      if (Object.keys(s).length > 0) selector = s;
    }
  }
  const here = all.filter((w) => w.resource.namespace === namespace && (!selector || mapSelects(selector, w.labels)));
  return here.length > 0 ? here : all;
}

/** Label keys of the workloads a label map may select. */
export function labelKeyCandidates(q: ValueQuery): ValueCandidate[] {
  const counts = new Map<string, Set<string>>();
  for (const w of workloadsFor(q, q.path)) {
    for (const [k, v] of Object.entries(w.labels)) counts.set(k, (counts.get(k) ?? new Set()).add(v));
  }
  return [...counts].map(([key, values]) => ({
    value: key, detail: `label with ${values.size === 1 ? 'value' : 'values'} ${[...values].slice(0, 5).join(', ')}${values.size > 5 ? ', …' : ''}`,
  }));
}

/** Values of one label among the workloads a label map may select. */
export function labelValueCandidates(q: ValueQuery): ValueCandidate[] {
  const key = String(q.path[q.path.length - 1]);
  const byValue = new Map<string, string[]>();
  for (const w of workloadsFor(q, q.path.slice(0, -1))) {
    const v = w.labels[key];
    if (v !== undefined) byValue.set(v, [...(byValue.get(v) ?? []), `${kindName(w.resource)} ${w.resource.namespace}/${w.resource.name}`]);
  }
  return [...byValue].map(([value, owners]) => ({
    value, detail: `${key} of ${owners.length} workload${owners.length === 1 ? '' : 's'}`, documentation: owners.slice(0, 10).join('\n\n'),
  }));
}

// ---- Descriptions ----

function kindName(r: Resource): string {
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

function dedupe(candidates: readonly ValueCandidate[]): ValueCandidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = String(c.value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
