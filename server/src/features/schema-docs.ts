/**
 * The bundled schemas as editor features read them: the verbatim openAPIV3Schema of a kind (with
 * its descriptions, which the validator's compiled form drops), the node at a path, and how to
 * describe a field to people.
 *
 *   SchemaDocs.for(schemasDir, channel) ─> catalog (schemas/index.json) + schema files, read once
 *   rootOf(apiVersion, kind) ─> the kind's schema, with apiVersion, kind and the full ObjectMeta
 *                               added at the root (CRD schemas only say `metadata: object`)
 *   nodeAt(root, path)       ─> the schema of the value at a path, or undefined
 *
 * Nothing here throws: an unreadable schema file is a kind without documentation.
 */
import { Catalog, compareKubeVersions, joinApiVersion, type CatalogEntry, type GatewayApiChannel } from '../schema/catalog';
import type { K8sSchema } from '../schema/structural';
import type { Path } from '../parse/types';

/** One kind the catalog knows, with the apiVersions it is served at (preferred first). */
export interface KnownKind {
  readonly group: string;
  readonly kind: string;
  readonly apiVersions: readonly string[];
  readonly preferred: string;
  /** Which project ships it ("istio", "gateway-api", ...). */
  readonly mesh: string;
  readonly deprecated: ReadonlySet<string>;
}

/** Where the ObjectMeta of built-in kinds is read from: it carries every field's description. */
const OBJECT_META_SOURCE = { apiVersion: 'v1', kind: 'ConfigMap' } as const;

export class SchemaDocs {
  private static readonly instances = new Map<string, SchemaDocs>();
  private readonly roots = new Map<string, K8sSchema | null>();
  private meta: { apiVersion?: K8sSchema; kind?: K8sSchema; metadata?: K8sSchema } | null = null;
  private kinds: KnownKind[] | null = null;

  constructor(readonly catalog: Catalog) {}

  /** One instance per schemas directory and channel, shared by every workspace. */
  static for(schemasDir: string, channel: GatewayApiChannel): SchemaDocs {
    const key = `${schemasDir}\u0000${channel}`;
    let docs = SchemaDocs.instances.get(key);
    if (!docs) {
      docs = new SchemaDocs(new Catalog(schemasDir, { gatewayApiChannel: channel }));
      SchemaDocs.instances.set(key, docs);
    }
    return docs;
  }

  /** The catalog entry an apiVersion/kind pair resolves to (deprecated and removed ones too). */
  entryOf(apiVersion: string, kind: string): CatalogEntry | null {
    const r = this.catalog.resolve(apiVersion, kind);
    return r.status === 'ok' || r.status === 'deprecated' || r.status === 'removed' ? r.entry : null;
  }

  /** The schema of a kind, with the root fields every object has; null for unknown kinds. */
  rootOf(apiVersion: string, kind: string): K8sSchema | null {
    const entry = this.entryOf(apiVersion, kind);
    if (!entry || entry.file === null) return null;
    const cached = this.roots.get(entry.file);
    if (cached !== undefined) return cached;
    let root: K8sSchema | null = null;
    try {
      const schema = this.catalog.readSchema(entry);
      const common = this.commonRoot();
      const props = schema.properties ?? {};
      const metadata = props['metadata']?.properties ? props['metadata'] : common.metadata;
      root = {
        ...schema,
        properties: {
          ...(common.apiVersion ? { apiVersion: props['apiVersion'] ?? common.apiVersion } : {}),
          ...(common.kind ? { kind: props['kind'] ?? common.kind } : {}),
          ...(metadata ? { metadata } : {}),
          ...props,
          ...(metadata ? { metadata } : {}),
        },
        required: [...new Set(['apiVersion', 'kind', 'metadata', ...(schema.required ?? [])])],
      };
    } catch {
      root = null;
    }
    this.roots.set(entry.file, root);
    return root;
  }

  /** Every kind the catalog serves, sorted by kind then group. */
  knownKinds(): readonly KnownKind[] {
    if (this.kinds) return this.kinds;
    const seen = new Map<string, CatalogEntry[]>();
    for (const e of this.catalog.entries()) {
      const key = `${e.group}\u0000${e.kind}`;
      seen.set(key, [...(seen.get(key) ?? []), e]);
    }
    const out: KnownKind[] = [];
    for (const entries of seen.values()) {
      const { group, kind, mesh } = entries[0]!;
      const view = this.catalog.kindVersions(group, kind);
      if (!view || view.served.length === 0 || view.preferred === null) continue;
      const preferred = view.preferred;
      const versions = [preferred, ...view.served.filter((v) => v !== preferred).sort(compareKubeVersions)];
      out.push({
        group, kind, mesh,
        apiVersions: versions.map((v) => joinApiVersion(group, v)),
        preferred: joinApiVersion(group, preferred),
        deprecated: new Set(versions.filter((v) => view.byVersion.get(v)?.deprecated).map((v) => joinApiVersion(group, v))),
      });
    }
    out.sort((a, b) => a.kind.localeCompare(b.kind) || a.group.localeCompare(b.group));
    this.kinds = out;
    return out;
  }

  private commonRoot(): { apiVersion?: K8sSchema; kind?: K8sSchema; metadata?: K8sSchema } {
    if (this.meta) return this.meta;
    this.meta = {};
    const entry = this.entryOf(OBJECT_META_SOURCE.apiVersion, OBJECT_META_SOURCE.kind);
    try {
      const props = entry ? this.catalog.readSchema(entry).properties ?? {} : {};
      this.meta = {
        ...(props['apiVersion'] ? { apiVersion: props['apiVersion'] } : {}),
        ...(props['kind'] ? { kind: props['kind'] } : {}),
        ...(props['metadata'] ? { metadata: props['metadata'] } : {}),
      };
    } catch {
      // Without the built-in schema, root fields simply have no documentation.
    }
    return this.meta;
  }
}

/** The schema of the value at `path` below `node`, or undefined when the schema says nothing. */
export function nodeAt(node: K8sSchema | null | undefined, path: Path): K8sSchema | undefined {
  let current: K8sSchema | undefined = node ?? undefined;
  for (const segment of path) {
    if (!current) return undefined;
    current = childOf(current, segment);
  }
  return current;
}

/** The schema of one child: an item of an array, a property or a map value of an object. */
export function childOf(node: K8sSchema, segment: string | number): K8sSchema | undefined {
  if (typeof segment === 'number') return node.items;
  const own = node.properties?.[segment];
  if (own) return own;
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/** The kinds of value a schema node takes, simplified for completion and hover. */
export type ValueShape = 'object' | 'map' | 'array' | 'scalar' | 'any';

export function shapeOf(node: K8sSchema | undefined): ValueShape {
  if (!node) return 'any';
  if (node.type === 'array') return 'array';
  if (node.type === 'object' || node.properties) {
    if (node.properties && Object.keys(node.properties).length > 0) return 'object';
    if (typeof node.additionalProperties === 'object' || node.additionalProperties === true) return 'map';
    return node['x-kubernetes-preserve-unknown-fields'] ? 'any' : 'object';
  }
  if (node['x-kubernetes-int-or-string'] || node.type === 'string' || node.type === 'integer' || node.type === 'number' || node.type === 'boolean') return 'scalar';
  return node['x-kubernetes-preserve-unknown-fields'] ? 'any' : 'scalar';
}

/** A field's type as people say it: `string`, `integer`, `list of objects`, `map of strings`. */
export function typePhrase(node: K8sSchema | undefined): string {
  if (!node) return 'any value';
  if (node['x-kubernetes-int-or-string']) return 'integer or string';
  if (node.enum && node.enum.length > 0) return 'enum';
  switch (node.type) {
    case 'array': {
      const item = node.items;
      const inner = item ? typePhrase(item) : 'values';
      return `list of ${plural(inner)}`;
    }
    case 'object': {
      if (node.properties && Object.keys(node.properties).length > 0) return 'object';
      if (typeof node.additionalProperties === 'object') return `map of ${plural(typePhrase(node.additionalProperties))}`;
      return 'object';
    }
    case undefined:
      return node.properties ? 'object' : 'any value';
    default:
      return node.type + (node.format && node.format !== node.type ? ` (${node.format})` : '');
  }
}

function plural(phrase: string): string {
  if (phrase.startsWith('list of') || phrase.startsWith('map of')) return phrase;
  if (phrase === 'any value') return 'values';
  const base = phrase.replace(/ \(.*\)$/, '');
  return base.endsWith('s') ? base : `${base}s`;
}

/** The enum values a node allows (nulls dropped). */
export function enumOf(node: K8sSchema | undefined): unknown[] {
  return (node?.enum ?? []).filter((v) => v !== null);
}

/** Markdown documentation of one field: name, type, requiredness, description, allowed values. */
export function fieldMarkdown(name: string, node: K8sSchema | undefined, required: boolean): string {
  const parts = [`**${name}** · ${typePhrase(node)}${required ? ' · required' : ''}`];
  const description = descriptionOf(node);
  if (description) parts.push(description);
  const values = enumOf(node);
  if (values.length > 0) parts.push(`Allowed values: ${values.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (node?.default !== undefined) parts.push(`Default: \`${JSON.stringify(node.default)}\``);
  return parts.join('\n\n');
}

/** A node's description (the validator's schema type leaves annotations out). */
export function descriptionOf(node: K8sSchema | undefined): string | undefined {
  const d = (node as { readonly description?: unknown } | undefined)?.description;
  return typeof d === 'string' && d !== '' ? d : undefined;
}
