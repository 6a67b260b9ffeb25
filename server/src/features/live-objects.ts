/**
 * Objects known only from the live cluster, shown as read-only virtual documents.
 *
 *   live Resource ─> liveUri: `mesh-lifecycle-live:/<context>/<group>/<Kind>/<namespace>/<name>.yaml`
 *                ─> renderLive: a header comment + the object as YAML (managedFields left out)
 *                ─> liveRange(resource, path): where a path is in that text (definition targets)
 *   the client opens the URI ─> meshLifecycle/liveObject request ─> parseLiveUri ─> the index ─> text
 *
 * The text is a pure function of the object, so the ranges a definition computes always match
 * the document the client shows. Namespace `-` stands for cluster-scoped objects.
 */
import { stringify } from 'yaml';
import type { Resource, ResourceKey } from '../model/resource';
import { chunkRange, parseChunk } from '../parse/document';
import { DEFAULT_LIMITS } from '../parse/limits';
import { locate } from '../parse/locate';
import type { Path, Range } from '../parse/types';
import { LiveObjectRequest } from '../protocol';

/** The URI scheme of live-object documents (the client registers a content provider for it). */
export const LIVE_SCHEME = LiveObjectRequest.scheme;

/** The virtual document URI of a live object. */
export function liveUri(resource: Resource): string {
  const context = resource.origin.type === 'cluster' ? resource.origin.context : 'cluster';
  const slash = resource.kind.indexOf('/');
  const segments = [context, resource.kind.slice(0, slash), resource.kind.slice(slash + 1), resource.namespace || '-', `${resource.name}.yaml`];
  return `${LIVE_SCHEME}:/${segments.map(encodeURIComponent).join('/')}`;
}

/** The resource key a live URI names (`cluster:<group>/<Kind>/<namespace>/<name>`), or null. */
export function parseLiveUri(uri: string): ResourceKey | null {
  const prefix = `${LIVE_SCHEME}:/`;
  if (!uri.startsWith(prefix)) return null;
  const parts = uri.slice(prefix.length).replace(/^\/+/, '').split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  if (parts.length !== 5 || !parts[4]!.endsWith('.yaml')) return null;
  const [, group, kind, namespace, file] = parts as [string, string, string, string, string];
  return `cluster:${group}/${kind}/${namespace === '-' ? '' : namespace}/${file.slice(0, -'.yaml'.length)}`;
}

const rendered = new WeakMap<Resource, { text: string; chunk: ReturnType<typeof parseChunk>; header: number }>();

/** The read-only text of a live object. */
export function renderLive(resource: Resource): string {
  return renderedOf(resource).text;
}

/** Where a path of the object is in its rendered text (the nearest existing ancestor if missing). */
export function liveRange(resource: Resource, path: Path): Range {
  const { chunk, header } = renderedOf(resource);
  const at = locate(chunk, path, 'value');
  const r = chunkRange(chunk, at.startOffset, at.endOffset);
  return { start: { line: r.start.line + header, character: r.start.character }, end: { line: r.end.line + header, character: r.end.character } };
}

function renderedOf(resource: Resource): { text: string; chunk: ReturnType<typeof parseChunk>; header: number } {
  const hit = rendered.get(resource);
  if (hit) return hit;
  const context = resource.origin.type === 'cluster' ? resource.origin.context : 'cluster';
  const kind = resource.kind.slice(resource.kind.indexOf('/') + 1);
  const name = resource.namespace ? `${resource.namespace}/${resource.name}` : resource.name;
  const head = `# ${kind} ${name} as the cluster (context "${context}") reports it. Read-only.\n`;
  const body = stringify(withoutNoise(resource.value), { lineWidth: 0 });
  const entry = { text: head + body, chunk: parseChunk(body, DEFAULT_LIMITS), header: 1 };
  rendered.set(resource, entry);
  return entry;
}

/** The object without server bookkeeping nobody reads (managedFields). */
function withoutNoise(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const metadata = value['metadata'];
  if (metadata === null || typeof metadata !== 'object' || !('managedFields' in metadata)) return { ...value };
  const { managedFields: _, ...rest } = metadata as Record<string, unknown>;
  return { ...value, metadata: rest };
}
