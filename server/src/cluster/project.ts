/**
 * What the cache keeps of an API object: everything rules may read, minus what only costs memory
 * or must not leave the cluster module.
 *
 *   every kind   apiVersion and kind filled in (items of built-in lists carry neither), and
 *                metadata without managedFields and the last-applied-configuration annotation
 *                (together often larger than the object itself)
 *   Secret       identity, labels, type and derived facts (secret-facts.ts) only: no data, no
 *                stringData, no annotations (kubectl's last-applied annotation carries the data
 *                in plain text, and other tools may put anything there)
 *
 * Pure. The input object is not modified; the output shares unchanged subtrees with it.
 */
import { secretFacts } from './secret-facts';

export type KubeObject = Readonly<Record<string, unknown>>;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The projection of one object of kind `kindName` served as `apiVersion`. */
export function projectObject(apiVersion: string, kindName: string, raw: KubeObject): KubeObject {
  const metadata = isRecord(raw['metadata']) ? raw['metadata'] : {};
  if (kindName === 'Secret' && apiVersion === 'v1') return projectSecret(metadata, raw);
  const { managedFields: _managed, ...keptMeta } = metadata;
  const annotations = isRecord(metadata['annotations']) ? metadata['annotations'] : undefined;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...rest } = annotations;
    if (Object.keys(rest).length > 0) keptMeta['annotations'] = rest;
    else delete keptMeta['annotations'];
  }
  return { ...raw, apiVersion, kind: kindName, metadata: keptMeta };
}

function projectSecret(metadata: Readonly<Record<string, unknown>>, raw: KubeObject): KubeObject {
  const meta: Record<string, unknown> = {};
  for (const key of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'labels', 'ownerReferences']) {
    if (metadata[key] !== undefined) meta[key] = metadata[key];
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta,
    ...(typeof raw['type'] === 'string' ? { type: raw['type'] } : {}),
    ...(typeof raw['immutable'] === 'boolean' ? { immutable: raw['immutable'] } : {}),
    facts: secretFacts(raw),
  };
}

/** metadata.resourceVersion of an object, or ''. */
export function resourceVersionOf(obj: KubeObject): string {
  const metadata = obj['metadata'];
  const rv = isRecord(metadata) ? metadata['resourceVersion'] : undefined;
  return typeof rv === 'string' ? rv : '';
}

/** "namespace/name" (or "name" for cluster-scoped objects): the cache key within one kind. */
export function objectKey(obj: KubeObject): string {
  const metadata = isRecord(obj['metadata']) ? obj['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
  return namespace === '' ? name : `${namespace}/${name}`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
