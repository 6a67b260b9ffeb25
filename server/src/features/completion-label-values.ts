/**
 * Label keys and values for label maps that select workloads (a Service's selector, a subset's
 * labels, a workloadSelector, any `selector.matchLabels`), taken from the workloads that exist.
 *
 *   (kind, path of the label map) ─isLabelMap─> yes ─> workloads it may select ─> keys | values
 *
 * Offering only labels that some workload carries turns a typo into a choice; narrowing to the
 * workloads the map can reach (a subset's host's Service, the document's namespace) keeps the
 * list short.
 */
import { K, type Kind } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import { WORKLOAD_KINDS, workloadTemplateOf } from '../rules/util/workload-templates';
import { specOf, stringMap } from '../rules/util/values';
import { mapSelects } from '../rules/util/selectors';
import { pathPattern, type ValueCandidate, type ValueQuery } from './completion-values';
import { hostTarget } from './host-target';
import { kindName } from './resource-descriptions';

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
