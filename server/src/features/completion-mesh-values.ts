/**
 * Candidates for references between mesh resources (completion-values.ts decides which applies):
 * hosts, subsets of a host, ports of a host, gateways, exportTo, TLS secrets, namespaces and
 * ServiceAccount principals.
 *
 * Each candidate carries a detail line saying what it refers to (and " (live)" for objects known
 * only from the cluster), so the user can tell two Services of the same name apart.
 */
import { K } from '../model/kinds';
import type { ResourceIndex } from '../model/resource-index';
import { destinationRulesFor, subsetsOf } from '../rules/util/destinationrule';
import { fqdn } from '../rules/util/hosts';
import { servicePorts } from '../rules/util/services';
import { WORKLOAD_KINDS } from '../rules/util/workload-templates';
import { asArray, asNumber, asObject, asString, asStrings, specOf, stringMap } from '../rules/util/values';
import { formatLabels } from '../rules/util/selectors';
import type { ValueCandidate } from './completion-values';
import { clusterDomain, hostTarget } from './host-target';
import { describeGateway, describePorts, kindName, origin } from './resource-descriptions';

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

export function exportToCandidates(index: ResourceIndex): ValueCandidate[] {
  return [
    { value: '.', detail: 'this namespace only' },
    { value: '*', detail: 'every namespace' },
    ...namespaceCandidates(index),
  ];
}

export function secretCandidates(index: ResourceIndex, namespace: string): ValueCandidate[] {
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

/** The candidates without repeated values, the first of each kept. */
export function dedupe(candidates: readonly ValueCandidate[]): ValueCandidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = String(c.value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
