/**
 * Hover: what the field under the cursor means (its schema documentation), and for a reference,
 * what it refers to: a host's Service and ports, a subset's labels and how many pods it selects
 * (live pods when the cluster holds them), a gateway's servers or listeners, a port, a service
 * account and the workloads that run as it. apiVersion and kind say which versions are served.
 *
 *   cursor ─> pointAt (the key or value, the document's resource)
 *          ─> reference at the path? ─> resolve ─> one summary per target
 *          ─> on a name, subset, listener or port: who refers to it (navigation.ts referrersOf)
 *          ─> the field's schema node ─> fieldMarkdown
 */
import type { Hover } from 'vscode-languageserver';
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import type { Path, Position } from '../parse/types';
import { destinationRuleHost, subsetsOf } from '../rules/util/destinationrule';
import { listenersOf } from '../rules/util/gateway-api-listeners';
import { formatLabels, mapSelects } from '../rules/util/selectors';
import { servicePorts } from '../rules/util/services';
import { WORKLOAD_KINDS, workloadTemplateOf } from '../rules/util/workload-templates';
import { asObject, asString, asStrings, labelsOf, specOf, stringMap } from '../rules/util/values';
import { headerOf, type FeatureContext, type FileView, type Header } from './documents';
import { hostTarget } from './host-target';
import { pointAt, referrersOf } from './navigation';
import { anchorAt, referenceAt, resolve, type Reference, type Target } from './references';
import { describeGateway, describePorts } from './resource-descriptions';
import { fieldMarkdown, nodeAt, type SchemaDocs } from './schema-docs';

export function hover(ctx: FeatureContext, view: FileView, position: Position): Hover | null {
  const p = pointAt(ctx, view, position);
  if (!p) return null;
  const header = headerOf(p.document.chunk);
  const path = p.node.path;
  const sections: string[] = [];
  if (p.node.target === 'value' && path.length === 1 && (path[0] === 'apiVersion' || path[0] === 'kind') && ctx.schemas) {
    const about = kindSummary(ctx.schemas, header);
    if (about) sections.push(about);
  }
  if (p.node.target === 'value' && p.resource) {
    const ref = referenceAt(p.resource, path);
    if (ref) sections.push(referenceSummary(ctx.index, p.resource, ref));
  }
  if (p.resource && isDefinitionSite(p.resource, path)) {
    const used = usedBy(ctx.index, p.resource, path);
    if (used) sections.push(used);
  }
  const field = fieldDocs(ctx.schemas, header, path);
  if (field) sections.push(field);
  if (sections.length === 0) return null;
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: p.range };
}

/** Whether the cursor is on what others refer to: an object's name, or a subset, listener or port. */
function isDefinitionSite(resource: Resource, path: Path): boolean {
  return (path.length === 2 && path[0] === 'metadata' && path[1] === 'name') || anchorAt(resource, path).length > 0;
}

/** "Referenced by …": the objects whose references resolve here ("who routes to this subset?"). */
function usedBy(index: ResourceIndex, resource: Resource, path: Path): string | null {
  const found = referrersOf(index, [{ key: resource.key, anchor: anchorAt(resource, path) }]);
  if (found.length === 0) return 'Referenced by nothing in the workspace or the cluster.';
  const names = [...new Set(found.map(({ referrer: r }) => `${r.kind.slice(r.kind.indexOf('/') + 1)} \`${r.namespace ? `${r.namespace}/` : ''}${r.name}\`${r.origin.type === 'cluster' ? ' (live)' : ''}`))];
  const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
  return `Referenced ${found.length} time${found.length === 1 ? '' : 's'} by ${shown}`;
}

/** The documentation of the field at a path (for a list item, of the list). */
function fieldDocs(schemas: SchemaDocs | null, header: Header, path: Path): string | null {
  if (!schemas || !header.apiVersion || !header.kind) return null;
  const root = schemas.rootOf(header.apiVersion, header.kind);
  if (!root) return null;
  let end = path.length;
  while (end > 0 && typeof path[end - 1] === 'number') end--;
  if (end === 0) return null;
  const name = path[end - 1] as string;
  const parent = nodeAt(root, path.slice(0, end - 1));
  const node = nodeAt(root, path.slice(0, end));
  if (!node) return null;
  return fieldMarkdown(name, node, parent?.required?.includes(name) ?? false);
}

/** Which versions of a kind are served, and what the written one is. */
function kindSummary(schemas: SchemaDocs, header: Header): string | null {
  if (!header.kind) return null;
  const known = schemas.knownKinds().filter((k) => k.kind === header.kind);
  if (known.length === 0) return null;
  return known.map((k) => {
    const versions = k.apiVersions.map((v) => `\`${v}\`${v === k.preferred ? ' (preferred)' : ''}${k.deprecated.has(v) ? ' (deprecated)' : ''}`).join(', ');
    return `**${k.kind}** (${k.mesh}): ${versions}`;
  }).join('\n\n');
}

/** What a reference resolves to, one paragraph per target; says so when nothing is known. */
function referenceSummary(index: ResourceIndex, referrer: Resource, ref: Reference): string {
  const targets = resolve(index, referrer, ref);
  if (targets.length === 0) return `\`${ref.value}\`: no ${WHAT[ref.type]} of that name is known in the workspace or the cluster.`;
  return targets.map((t) => describeTarget(index, t)).join('\n\n');
}

const WHAT: Readonly<Record<Reference['type'], string>> = {
  host: 'Service or ServiceEntry', subset: 'subset', port: 'port', gateway: 'Gateway',
  parentRef: 'parent', sectionName: 'listener or port', parentPort: 'listener or port', backendRef: 'Service', backendPort: 'port',
  principal: 'ServiceAccount', credential: 'Secret',
};

function describeTarget(index: ResourceIndex, t: Target): string {
  const r = t.resource;
  const title = `${r.kind.slice(r.kind.indexOf('/') + 1)} \`${r.namespace ? `${r.namespace}/` : ''}${r.name}\`${r.origin.type === 'cluster' ? ' (live)' : ''}`;
  const [a, b, c] = t.anchor;
  if (a === 'spec' && b === 'subsets' && typeof c === 'number') return describeSubset(index, r, c, title);
  if (a === 'spec' && b === 'ports' && typeof c === 'number') {
    const port = servicePorts(r).find((p) => p.index === c);
    return port ? `Port **${port.port}**/${port.protocol}${port.name ? ` "${port.name}"` : ''}${port.targetPort !== undefined ? ` → target port ${port.targetPort}` : ''} of ${title}` : title;
  }
  if (a === 'spec' && b === 'listeners' && typeof c === 'number') {
    const l = listenersOf(r).find((x) => x.path[2] === c);
    return l ? `Listener **${l.name}** of ${title}: ${l.protocol ?? '?'} port ${l.port ?? '?'}${l.hostname ? ` for \`${l.hostname}\`` : ''}` : title;
  }
  switch (r.kind) {
    case K.Service: return describeService(index, r, title);
    case K.ServiceEntry: {
      const spec = specOf(r);
      return `**${title}**\n\nHosts: ${asStrings(spec['hosts']).map((h) => `\`${h}\``).join(', ')}\n\n${asString(spec['location']) ?? 'MESH_EXTERNAL'}, resolution ${asString(spec['resolution']) ?? 'NONE'}`;
    }
    case K.IstioGateway:
    case K.Gateway:
      return `**${title}**\n\n${describeGateway(r)}`;
    case K.ServiceAccount: {
      const runs = workloadsWith(index, r.namespace, (spec) => (asString(spec['serviceAccountName']) ?? asString(spec['serviceAccount'])) === r.name);
      return `**${title}**\n\n${runs.length === 0 ? 'No known workload runs as it.' : `Workloads running as it: ${runs.join(', ')}`}`;
    }
    case K.Secret:
      return `**${title}**${asString(r.value['type']) ? `\n\nType \`${asString(r.value['type'])}\`` : ''}`;
    default:
      return `**${title}**`;
  }
}

function describeService(index: ResourceIndex, svc: Resource, title: string): string {
  const selector = stringMap(specOf(svc)['selector']);
  const lines = [`**${title}**`, describePorts(svc)];
  if (Object.keys(selector).length > 0) lines.push(`Selector: \`${formatLabels(selector)}\` · ${podCount(index, svc.namespace, selector)}`);
  else lines.push('No selector: endpoints are managed by hand.');
  return lines.join('\n\n');
}

/** A subset: its labels, and the pods and workloads they select behind the rule's host. */
function describeSubset(index: ResourceIndex, dr: Resource, subsetIndex: number, title: string): string {
  const subset = subsetsOf(dr).find((s) => s.index === subsetIndex);
  if (!subset) return `**${title}**`;
  const labels = stringMap(subset.labels);
  const host = destinationRuleHost(dr);
  const svc = host ? hostTarget(index, host, dr.namespace) : undefined;
  const selector = svc?.kind === K.Service ? stringMap(specOf(svc)['selector']) : {};
  const all = { ...selector, ...labels };
  const namespace = svc?.namespace ?? dr.namespace;
  const lines = [`Subset **${subset.name}** of ${title}`, Object.keys(labels).length > 0 ? `Labels: \`${formatLabels(labels)}\`` : 'No labels: every endpoint of the host.'];
  if (svc?.kind === K.Service) lines.push(`Host: Service \`${svc.namespace}/${svc.name}\`${Object.keys(selector).length > 0 ? ` (selector \`${formatLabels(selector)}\`)` : ''}`);
  lines.push(`Pods: ${podCount(index, namespace, all)}`);
  const workloads = workloadsWith(index, namespace, () => true, all);
  if (workloads.length > 0) lines.push(`Workloads: ${workloads.join(', ')}`);
  return lines.join('\n\n');
}

/**
 * "N pods match (M live)", or a note that no pods are known: an editor without a cluster cannot
 * count pods, and saying "0" would be a guess.
 */
function podCount(index: ResourceIndex, namespace: string, selector: Readonly<Record<string, string>>): string {
  if (!index.knows(K.Pod)) return 'no pods known (connect a cluster to count them)';
  const pods = index.ofKind(K.Pod).filter((p) => p.namespace === namespace && mapSelects(selector, labelsOf(p)));
  const live = pods.filter((p) => p.origin.type === 'cluster').length;
  return `${pods.length} pod${pods.length === 1 ? '' : 's'} match${pods.length === 1 ? 'es' : ''}${live > 0 ? ` (${live} live)` : ''}`;
}

/** Controllers (and Pods) in a namespace whose pod template passes a test and carries `labels`. */
function workloadsWith(index: ResourceIndex, namespace: string, test: (podSpec: Readonly<Record<string, unknown>>) => boolean, labels: Readonly<Record<string, string>> = {}): string[] {
  const out: string[] = [];
  for (const kind of WORKLOAD_KINDS) {
    if (kind === K.Pod) continue;
    for (const w of index.ofKind(kind)) {
      if (w.namespace !== namespace) continue;
      const spec = asObject(asObject(specOf(w)['template'])['spec']);
      if (test(spec) && mapSelects(labels, workloadTemplateOf(w).labels)) out.push(`${kind.slice(kind.indexOf('/') + 1)} \`${w.name}\``);
    }
  }
  return out;
}
