/**
 * CRDs read from a cluster, as catalog entries that replace the bundled schemas of their kinds.
 *
 *   CustomResourceDefinition ─ entriesFromCrd ─> LiveCatalogEntry per version, schema inline
 *
 * Only CRDs of groups the bundled catalog knows are kept (`keepGroup`): those are the kinds the
 * project checks, and a cluster can hold hundreds of unrelated CRDs whose schemas would cost
 * memory and disk for nothing. The entry's `file` key hashes the schema, so a changed CRD gets a
 * fresh compiled validator and an unchanged one reuses its cache.
 */
import { createHash } from 'node:crypto';
import type { LiveCatalogEntry } from '../schema/catalog';
import type { K8sSchema } from '../schema/structural';
import { isRecord, type KubeObject } from './project';

/** What the CRD store keeps per CRD: its identity and the entries it yields. */
export interface CrdSummary extends KubeObject {
  readonly entries: readonly LiveCatalogEntry[];
}

/** The catalog entries of one CRD (served or not), or [] when it is not one we check. */
export function entriesFromCrd(crd: KubeObject, keepGroup: (group: string) => boolean = () => true): LiveCatalogEntry[] {
  const spec = isRecord(crd['spec']) ? crd['spec'] : {};
  const names = isRecord(spec['names']) ? spec['names'] : {};
  const group = typeof spec['group'] === 'string' ? spec['group'] : '';
  const kind = typeof names['kind'] === 'string' ? names['kind'] : '';
  const plural = typeof names['plural'] === 'string' ? names['plural'] : '';
  if (group === '' || kind === '' || !keepGroup(group)) return [];
  const listKind = typeof names['listKind'] === 'string' ? names['listKind'] : `${kind}List`;
  const scope = spec['scope'] === 'Cluster' ? 'Cluster' : 'Namespaced';
  const out: LiveCatalogEntry[] = [];
  for (const v of Array.isArray(spec['versions']) ? spec['versions'] : []) {
    if (!isRecord(v) || typeof v['name'] !== 'string') continue;
    const version = v['name'];
    const validation = isRecord(v['schema']) ? v['schema'] : {};
    const schema = isRecord(validation['openAPIV3Schema']) ? (validation['openAPIV3Schema'] as K8sSchema) : null;
    const hash = schema ? createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16) : 'none';
    out.push({
      group,
      version,
      apiVersion: `${group}/${version}`,
      kind,
      plural,
      listKind,
      scope,
      served: v['served'] !== false,
      storage: v['storage'] === true,
      deprecated: v['deprecated'] === true,
      deprecationWarning: typeof v['deprecationWarning'] === 'string' ? v['deprecationWarning'] : null,
      removedIn: null,
      replacement: null,
      mesh: 'cluster',
      channel: null,
      subresources: isRecord(v['subresources']) ? v['subresources'] : null,
      printerColumns: Array.isArray(v['additionalPrinterColumns']) ? v['additionalPrinterColumns'] : null,
      file: schema ? `cluster:${group}/${kind}/${version}@${hash}` : null,
      schema,
    });
  }
  return out;
}

/** The store's form of a CRD: name, resourceVersion and its entries (the rest is dropped). */
export function summariseCrd(crd: KubeObject, keepGroup: (group: string) => boolean): CrdSummary {
  const metadata = isRecord(crd['metadata']) ? crd['metadata'] : {};
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: metadata['name'], resourceVersion: metadata['resourceVersion'] },
    entries: entriesFromCrd(crd, keepGroup),
  };
}

/** Every entry of a set of CRD summaries, in a stable order (by group, kind, version). */
export function overlayOf(crds: Iterable<KubeObject>): LiveCatalogEntry[] {
  const out: LiveCatalogEntry[] = [];
  for (const c of crds) out.push(...((c as CrdSummary).entries ?? []));
  return out.sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind) || a.version.localeCompare(b.version));
}

/** A short fingerprint of an overlay: equal overlays, equal fingerprints (to skip needless work). */
export function overlayFingerprint(entries: readonly LiveCatalogEntry[]): string {
  const h = createHash('sha256');
  for (const e of entries) h.update(`${e.apiVersion}\u0000${e.kind}\u0000${e.file ?? ''}\u0000${e.served}\u0000${e.storage}\u0000${e.deprecated}\n`);
  return h.digest('hex').slice(0, 16);
}
