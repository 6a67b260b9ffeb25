/**
 * A DestinationRule whose client TLS mode cannot talk to the server mode the PeerAuthentication in
 * force sets for the destination's workloads.
 *
 * - `DISABLE` (plaintext) toward a STRICT server: the server's proxy accepts only Istio mTLS and
 *   refuses the connection.
 * - `SIMPLE` or `MUTUAL` (TLS the client originates itself) toward a STRICT server: the server's
 *   proxy expects Istio's own mTLS handshake and rejects it.
 * - `ISTIO_MUTUAL` toward a server whose mode is `DISABLE`: the server's proxy expects plaintext
 *   and hands the encrypted bytes to the application.
 *
 * The server mode is resolved per port as Istio does (util/peer-authentication.ts): workload >
 * namespace > mesh, `portLevelMtls` by container port (a Service's targetPort), PERMISSIVE by
 * default. The client mode is the most specific of subset port-level, subset, port-level and
 * top-level `tls`. A DestinationRule without `tls` leaves the choice to auto mTLS and is fine.
 *
 * A STRICT server only matters if the destination's pods run in the mesh (a pod without a proxy
 * accepts plaintext whatever the policy says, which is exactly why people set DISABLE), so those
 * two conflicts are reported only when the pods are known to be in the mesh: a known Pod with a
 * proxy, a Deployment that gets one, or a Namespace labelled for injection or ambient. With no
 * such evidence the rule says nothing.
 */
import type { Fix } from '../findings/finding';
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import type { Path } from '../parse/types';
import { SubjectMemo } from './engine/memo';
import { defineRule, type RuleFinding } from './rule';
import { destinationRuleHost, subsetsOf } from './util/destinationrule';
import { hostCovers, isWildcard, parseServiceFqdn, serviceFqdn } from './util/hosts';
import { mtlsModeFor, type MtlsDecision, type WorkloadLabels } from './util/peer-authentication';
import { mapSelects } from './util/selectors';
import { servicePorts, type ServicePort } from './util/services';
import { DATAPLANE_MODE_LABEL, INJECTION_ENABLED, INJECTION_LABEL, REVISION_LABEL, podInAmbient, workloadInMesh } from './util/sidecar-injection';
import { annotationsOf, asArray, asNumber, asObject, asString, labelsOf, specOf, stringMap, type Json } from './util/values';
import { containersOf, podTemplateOf, type PodTemplate } from './util/workload';

/** A workload behind the destination: what is known of its labels, ports and mesh membership. */
interface Workload extends WorkloadLabels {
  /** Whether it runs with a proxy (or in ambient); undefined when nothing says. */
  readonly meshed: boolean | undefined;
  readonly template?: PodTemplate;
}

/** A place the DestinationRule's traffic goes: a Service host (the Service itself may be unknown). */
interface Target {
  readonly host: string;
  readonly namespace: string;
  readonly service?: Resource;
}

function namespaceMeshed(index: ResourceIndex, namespace: string): boolean | undefined {
  const ns = index.get(K.Namespace, '', namespace);
  if (!ns) return undefined;
  const labels = labelsOf(ns);
  return labels[INJECTION_LABEL] === INJECTION_ENABLED || REVISION_LABEL in labels || labels[DATAPLANE_MODE_LABEL] === 'ambient';
}

/** The workloads a Service (and subset) sends to: known Pods, else Deployment templates, else the labels they must carry. */
function workloadsOf(index: ResourceIndex, target: Target, subsetLabels: Readonly<Record<string, string>>): Workload[] {
  const selector = target.service ? stringMap(asObject(target.service.value['spec'])['selector']) : {};
  const hasSelector = Object.keys(selector).length > 0;
  if (hasSelector) {
    const wanted = (labels: Readonly<Record<string, string>>) => mapSelects(selector, labels) && mapSelects(subsetLabels, labels);
    const pods = index.ofKind(K.Pod).filter((p) => p.namespace === target.namespace && wanted(labelsOf(p)));
    if (pods.length > 0) {
      return pods.map((pod) => {
        const template = podTemplateOf(pod)!;
        const meshed = containersOf(template, { includeInit: true }).some((c) => c.name === 'istio-proxy') || podInAmbient(annotationsOf(pod));
        return { labels: template.labels, exact: true, meshed, template };
      });
    }
    const templates = index.ofKind(K.Deployment).filter((d) => d.namespace === target.namespace)
      .map((d) => podTemplateOf(d)!).filter((t) => wanted(t.labels));
    if (templates.length > 0) {
      return templates.map((template) => ({ labels: template.labels, exact: true, meshed: workloadInMesh(index, template, target.namespace), template }));
    }
  }
  return [{ labels: { ...selector, ...subsetLabels }, exact: false, meshed: namespaceMeshed(index, target.namespace) }];
}

/** The container port a Service port forwards to, when it can be told. */
function targetPortOf(port: ServicePort | undefined, workload: Workload): number | undefined {
  if (!port) return undefined;
  if (port.targetPort === undefined) return port.port;
  if (typeof port.targetPort === 'number') return port.targetPort;
  const asInt = Number(port.targetPort);
  if (Number.isInteger(asInt) && asInt > 0) return asInt;
  // A named targetPort resolves against the workload's container ports.
  for (const c of workload.template ? containersOf(workload.template) : []) {
    for (const p of asArray(c.container['ports'])) {
      const cp = asObject(p);
      if (asString(cp['name']) === port.targetPort) return asNumber(cp['containerPort']);
    }
  }
  return undefined;
}

/** The client TLS mode for a subset (or none) and port, with the path that sets it. */
function clientTls(dr: Resource, subsetIndex: number | undefined, port: number | undefined): { mode: string; path: Path } | undefined {
  const spec = specOf(dr);
  const policies: { policy: Json; path: Path }[] = [];
  if (subsetIndex !== undefined) {
    policies.push({ policy: asObject(asObject(asArray(spec['subsets'])[subsetIndex])['trafficPolicy']), path: ['spec', 'subsets', subsetIndex, 'trafficPolicy'] });
  }
  policies.push({ policy: asObject(spec['trafficPolicy']), path: ['spec', 'trafficPolicy'] });
  for (const { policy, path } of policies) {
    if (port !== undefined) {
      const levels = asArray(policy['portLevelSettings']);
      for (let i = 0; i < levels.length; i++) {
        const setting = asObject(levels[i]);
        if (asNumber(asObject(setting['port'])['number']) !== port) continue;
        const mode = asString(asObject(setting['tls'])['mode']);
        if (mode !== undefined) return { mode, path: [...path, 'portLevelSettings', i, 'tls', 'mode'] };
      }
    }
    const mode = asString(asObject(policy['tls'])['mode']);
    if (mode !== undefined) return { mode, path: [...path, 'tls', 'mode'] };
  }
  return undefined;
}

/** The ports a DestinationRule sets port-level TLS for (anywhere in it). */
function portLevelPorts(dr: Resource): number[] {
  const spec = specOf(dr);
  const policies = [asObject(spec['trafficPolicy']), ...asArray(spec['subsets']).map((s) => asObject(asObject(s)['trafficPolicy']))];
  return [...new Set(policies.flatMap((p) => asArray(p['portLevelSettings']).map((s) => asNumber(asObject(asObject(s)['port'])['number']))).filter((n): n is number => n !== undefined))];
}

/** The Services a DestinationRule's host sends to: the one it names, or those a wildcard covers when no other rule is more specific. */
function targetsOf(index: ResourceIndex, dr: Resource): Target[] {
  const host = destinationRuleHost(dr);
  if (host === undefined) return [];
  if (!isWildcard(host)) {
    const parts = parseServiceFqdn(host);
    if (!parts) return [];
    const service = index.get(K.Service, parts.namespace, parts.name);
    return [{ host, namespace: parts.namespace, ...(service ? { service } : {}) }];
  }
  const others = index.ofKind(K.DestinationRule).filter((o) => o.key !== dr.key).map(destinationRuleHost).filter((h): h is string => h !== undefined);
  const out: Target[] = [];
  for (const service of index.ofKind(K.Service)) {
    const name = serviceFqdn(service.name, service.namespace);
    if (!hostCovers(host, name)) continue;
    // Another rule that also covers this Service may be the one in force; stay out of it.
    if (others.some((h) => hostCovers(h, name))) continue;
    out.push({ host: name, namespace: service.namespace, service });
  }
  return out;
}

type Conflict = 'plaintextToStrict' | 'originatingToStrict' | 'mutualToDisabled';

function conflictOf(client: string, server: MtlsDecision, meshed: boolean | undefined): Conflict | undefined {
  if (server.mode === 'STRICT' && meshed === true) {
    if (client === 'DISABLE') return 'plaintextToStrict';
    if (client === 'SIMPLE' || client === 'MUTUAL') return 'originatingToStrict';
  }
  if (server.mode === 'DISABLE' && client === 'ISTIO_MUTUAL') return 'mutualToDisabled';
  return undefined;
}

function fixesFor(conflict: Conflict, dr: Resource, path: Path): Fix[] {
  if (conflict === 'plaintextToStrict') {
    return [{ title: 'Send Istio mTLS (tls.mode ISTIO_MUTUAL)', preferred: true, edits: [{ op: 'set', subject: dr.key, path, value: 'ISTIO_MUTUAL' }] }];
  }
  if (conflict === 'mutualToDisabled') {
    return [{ title: 'Send plaintext, as the server expects (tls.mode DISABLE)', preferred: true, edits: [{ op: 'set', subject: dr.key, path, value: 'DISABLE' }] }];
  }
  return [];
}

export default defineRule({
  code: 'MSH2003',
  name: 'destinationrule-mtls-conflict',
  severity: 'error',
  reads: [K.DestinationRule, K.PeerAuthentication, K.Service, K.Pod, K.Deployment, K.Namespace, K.MeshConfig],
  docs: {
    summary: 'Every DestinationRule TLS mode is one the PeerAuthentication in force at the destination accepts.',
    rationale:
      'Client TLS (DestinationRule) and server mTLS (PeerAuthentication) are configured separately; plaintext or self-originated TLS sent to a STRICT workload, or Istio mTLS sent to a workload whose mTLS is disabled, fails on every connection, typically as 503s with "upstream connect error" or connection resets.',
    seeAlso: ['https://istio.io/latest/docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule', 'https://istio.io/latest/docs/reference/config/security/peer_authentication/'],
  },
  messages: {
    plaintextToStrict: 'Traffic to {host} ({port}) is sent in plaintext (tls.mode DISABLE), but {policy} requires mTLS there (STRICT): the server\'s proxy refuses these connections.',
    originatingToStrict: 'Traffic to {host} ({port}) uses TLS the client originates itself (tls.mode {mode}), but {policy} requires Istio mTLS there (STRICT): the server\'s proxy rejects the handshake.',
    mutualToDisabled: 'Traffic to {host} ({port}) is sent with Istio mTLS (tls.mode ISTIO_MUTUAL), but {policy} disables mTLS there: the server\'s proxy passes the encrypted bytes to the application and requests fail.',
  },
  check({ index, report }) {
    const memo = perDestinationRule.over(index);
    for (const dr of index.ofKind(K.DestinationRule)) for (const f of memo.get(dr, findingsOf)) report(f);
  },
});

/**
 * What the rule finds about one DestinationRule depends on it and on what it reads about its
 * destinations, so it is kept while none of that changes (engine/memo.ts). Findings are grouped
 * per DestinationRule (their key starts with it), so computing them one rule at a time gives the
 * same findings in the same order.
 */
const perDestinationRule = new SubjectMemo<RuleFinding<Conflict>[]>();

interface Pending { dr: Resource; path: Path; conflict: Conflict; mode: string; decisions: Map<string, MtlsDecision>; hosts: Set<string>; ports: Set<number>; anyPort: boolean }

function findingsOf(index: ResourceIndex, dr: Resource): RuleFinding<Conflict>[] {
  const out: RuleFinding<Conflict>[] = [];
  const found = new Map<string, Pending>();
  const subsets = subsetsOf(dr);
  for (const target of targetsOf(index, dr)) {
    const ports: (ServicePort | undefined)[] = target.service ? servicePorts(target.service) : [undefined];
    const extraPorts = target.service ? [] : portLevelPorts(dr);
    for (const subset of [undefined, ...subsets]) {
      const subsetLabels = subset ? stringMap(subset.labels) : {};
      for (const workload of workloadsOf(index, target, subsetLabels)) {
        const cases: { port: number | undefined; servicePort: ServicePort | undefined; target: number | undefined }[] = [
          ...ports.map((p) => ({ port: p?.port, servicePort: p, target: targetPortOf(p, workload) })),
          // Without the Service, a port-level setting's port is taken as the container port too.
          ...extraPorts.map((p) => ({ port: p, servicePort: undefined, target: p })),
        ];
        for (const c of cases) {
          const client = clientTls(dr, subset?.index, c.port);
          if (!client) continue;
          const decision = mtlsModeFor(index, target.namespace, workload, c.target);
          if (!decision) continue;
          const conflict = conflictOf(client.mode, decision, workload.meshed);
          if (!conflict) continue;
          const key = JSON.stringify([dr.key, client.path, conflict]);
          let f = found.get(key);
          if (!f) found.set(key, (f = { dr, path: client.path, conflict, mode: client.mode, decisions: new Map(), hosts: new Set(), ports: new Set(), anyPort: false }));
          f.decisions.set(decision.policy?.key ?? '', decision);
          f.hosts.add(target.host);
          if (c.port === undefined) f.anyPort = true;
          else f.ports.add(c.port);
        }
      }
    }
  }
  for (const f of found.values()) {
    const decisions = [...f.decisions.values()];
    const named = decisions.filter((d) => d.policy);
    const policy = named.length > 0 ? named.map((d) => `PeerAuthentication ${d.policy!.namespace}/${d.policy!.name}`).join(' and ') : 'the mesh default';
    const ports = [...f.ports].sort((a, b) => a - b);
    const port = ports.length === 0 ? 'any port' : `${ports.length === 1 ? 'port' : 'ports'} ${ports.join(', ')}`;
    out.push({
      subject: f.dr.key,
      path: f.path,
      messageId: f.conflict,
      data: { host: [...f.hosts].sort().join(', '), port, mode: f.mode, policy },
      related: named.filter((d) => d.path).map((d) => ({ subject: d.policy!.key, path: d.path!, note: `sets mTLS ${d.mode} here` })),
      fixes: fixesFor(f.conflict, f.dr, f.path),
    });
  }
  return out;
}
