/**
 * Server-side printing: meta.k8s.io/v1 Table responses.
 *
 * `kubectl get` asks for `application/json;as=Table;g=meta.k8s.io;v=v1` and prints the columns the
 * server chooses, so the server decides what users see. Custom resources get a Name column plus
 * their CRD's additionalPrinterColumns (evaluated with a small JSONPath subset: `.a.b`, `[n]`,
 * `[*]` and `[?(@.k=="v")]` filters), or Name and Age when the CRD declares none. Built-in kinds
 * get a few familiar columns each. Each row carries the object's metadata (PartialObjectMetadata)
 * unless the request says `includeObject=None|Object`.
 */
import type { ResourceType } from './resources';
import { isMap, type JsonMap, type KubeObject } from './types';

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority?: number;
  cell(obj: KubeObject, now: number): unknown;
}

/** Ages the way kubectl shows them: 45s, 3m12s, 25m, 5h3m, 3d4h, 40d, 2y100d. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (d < 365 * 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

function age(obj: KubeObject, now: number): string {
  const t = Date.parse(obj.metadata.creationTimestamp ?? '');
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

const NAME: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name of the object', cell: (o) => o.metadata.name ?? '' };
const AGE: Column = { name: 'Age', type: 'string', description: 'Time since the object was created', cell: age };

function get(obj: unknown, ...path: string[]): unknown {
  let node = obj;
  for (const p of path) node = isMap(node) ? node[p] : undefined;
  return node;
}

function list(obj: unknown, ...path: string[]): unknown[] {
  const v = get(obj, ...path);
  return Array.isArray(v) ? v : [];
}

function col(name: string, cell: (o: KubeObject) => unknown, type = 'string'): Column {
  return { name, type, description: name, cell };
}

/** Columns of the built-in kinds (between Name and Age). */
const BUILTIN_COLUMNS: Record<string, Column[]> = {
  Namespace: [col('Status', (o) => get(o, 'status', 'phase') ?? 'Active')],
  Service: [
    col('Type', (o) => get(o, 'spec', 'type') ?? 'ClusterIP'),
    col('Cluster-IP', (o) => get(o, 'spec', 'clusterIP') ?? '<none>'),
    col('External-IP', (o) => (list(o, 'spec', 'externalIPs').join(',') || '<none>')),
    col('Port(s)', (o) => list(o, 'spec', 'ports').map((p) => `${String(get(p, 'port'))}/${String(get(p, 'protocol') ?? 'TCP')}`).join(',') || '<none>'),
  ],
  Pod: [
    col('Ready', (o) => `${list(o, 'status', 'containerStatuses').filter((c) => get(c, 'ready') === true).length}/${list(o, 'spec', 'containers').length}`),
    col('Status', (o) => get(o, 'status', 'phase') ?? 'Pending'),
    col('Restarts', (o) => list(o, 'status', 'containerStatuses').reduce<number>((n, c) => n + Number(get(c, 'restartCount') ?? 0), 0), 'integer'),
  ],
  Deployment: [
    col('Ready', (o) => `${Number(get(o, 'status', 'readyReplicas') ?? 0)}/${Number(get(o, 'spec', 'replicas') ?? 1)}`),
    col('Up-to-date', (o) => Number(get(o, 'status', 'updatedReplicas') ?? 0), 'integer'),
    col('Available', (o) => Number(get(o, 'status', 'availableReplicas') ?? 0), 'integer'),
  ],
  ConfigMap: [col('Data', (o) => Object.keys(get(o, 'data') ?? {}).length + Object.keys(get(o, 'binaryData') ?? {}).length, 'integer')],
  Secret: [col('Type', (o) => get(o, 'type') ?? 'Opaque'), col('Data', (o) => Object.keys(get(o, 'data') ?? {}).length, 'integer')],
  ServiceAccount: [col('Secrets', (o) => list(o, 'secrets').length, 'integer')],
  Endpoints: [
    col('Endpoints', (o) => {
      const out: string[] = [];
      for (const s of list(o, 'subsets')) {
        for (const a of list(s, 'addresses')) for (const p of list(s, 'ports')) out.push(`${String(get(a, 'ip'))}:${String(get(p, 'port'))}`);
      }
      return out.join(',') || '<none>';
    }),
  ],
  EndpointSlice: [
    col('AddressType', (o) => get(o, 'addressType') ?? ''),
    col('Ports', (o) => list(o, 'ports').map((p) => String(get(p, 'port'))).join(',') || '<unset>'),
    col('Endpoints', (o) => list(o, 'endpoints').flatMap((e) => list(e, 'addresses')).join(',') || '<unset>'),
  ],
  Lease: [col('Holder', (o) => get(o, 'spec', 'holderIdentity') ?? '')],
};

/**
 * Evaluates a printer-column JSONPath. Supports `.field`, `[n]`, `[*]` and `[?(@.field=="value")]`
 * (also with `.field.sub` inside the filter); returns every match.
 */
export function evalJsonPath(root: unknown, expr: string): unknown[] {
  let nodes: unknown[] = [root];
  let rest = expr.trim().replace(/^\{(.*)\}$/, '$1');
  while (rest.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^\.([^.[\]]+)/.exec(rest))) {
      const key = m[1];
      nodes = nodes.flatMap((n) => (isMap(n) && n[key] !== undefined ? [n[key]] : []));
    } else if ((m = /^\[(\d+)\]/.exec(rest))) {
      const i = Number(m[1]);
      nodes = nodes.flatMap((n) => (Array.isArray(n) && i < n.length ? [n[i]] : []));
    } else if ((m = /^\[\*\]/.exec(rest))) {
      nodes = nodes.flatMap((n) => (Array.isArray(n) ? n : isMap(n) ? Object.values(n) : []));
    } else if ((m = /^\[\?\(@((?:\.[^.=!)\s]+)+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([^)\s]+))\s*\)\]/.exec(rest))) {
      const path = m[1].slice(1).split('.');
      const want = m[3] ?? m[4] ?? m[5];
      const equal = m[2] === '==';
      nodes = nodes.flatMap((n) =>
        (Array.isArray(n) ? n : []).filter((item) => {
          const v = get(item, ...path);
          return (v !== undefined && String(v) === want) === equal;
        }),
      );
    } else if (rest.startsWith('.')) {
      rest = rest.slice(1);
      continue;
    } else {
      return [];
    }
    rest = rest.slice(m[0].length);
  }
  return nodes;
}

function printerColumn(c: { name: string; type: string; jsonPath: string; description?: string; format?: string; priority?: number }): Column {
  return {
    name: c.name,
    type: c.type,
    format: c.format,
    description: c.description ?? c.name,
    priority: c.priority,
    cell(obj, now) {
      const found = evalJsonPath(obj, c.jsonPath);
      if (found.length === 0) return null;
      const v = found.length === 1 ? found[0] : found;
      if (c.type === 'date') {
        const t = typeof v === 'string' ? Date.parse(v) : NaN;
        return Number.isNaN(t) ? null : humanDuration(now - t);
      }
      if (c.type === 'integer' || c.type === 'number') return typeof v === 'number' ? v : null;
      if (c.type === 'boolean') return typeof v === 'boolean' ? v : null;
      return typeof v === 'string' ? v : JSON.stringify(v);
    },
  };
}

function columnsFor(rt: ResourceType): Column[] {
  if (rt.kind === 'CustomResourceDefinition') {
    return [NAME, { name: 'Created At', type: 'date', description: 'Creation time', cell: (o) => o.metadata.creationTimestamp ?? null }];
  }
  if (rt.builtin) return [NAME, ...(BUILTIN_COLUMNS[rt.kind] ?? []), AGE];
  if (rt.printerColumns && rt.printerColumns.length > 0) return [NAME, ...rt.printerColumns.map(printerColumn)];
  return [NAME, AGE];
}

/** Options of a Table response. */
export interface TableOptions {
  includeObject: 'None' | 'Metadata' | 'Object';
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
  now?: number;
}

/** Converts objects (already in the requested version) to a Table. */
export function toTable(rt: ResourceType, objects: readonly KubeObject[], opts: TableOptions): JsonMap {
  const now = opts.now ?? Date.now();
  const columns = columnsFor(rt);
  const metadata: JsonMap = { resourceVersion: opts.resourceVersion };
  if (opts.continueToken) metadata.continue = opts.continueToken;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: columns.map((c) => {
      const d: JsonMap = { name: c.name, type: c.type, format: c.format ?? '', description: c.description, priority: c.priority ?? 0 };
      return d;
    }),
    rows: objects.map((o) => {
      const row: JsonMap = { cells: columns.map((c) => c.cell(o, now) ?? null) };
      if (opts.includeObject === 'Object') row.object = o;
      else if (opts.includeObject === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
      return row;
    }),
  };
}
