/**
 * Findings on live objects that no workspace file defines. The rule runner reports them with the
 * object's index key as their "file" (`cluster:<group>/<Kind>/<namespace>/<name>`, see
 * model/workspace-index.ts); here they become LiveFindings for the protocol and the CLI.
 */
import type { Finding } from '../findings/finding';
import type { LiveFinding } from '../protocol';

const PREFIX = 'cluster:';

/** Whether a finding's file names a live object rather than a file. */
export function isLiveKey(file: string): boolean {
  return file.startsWith(PREFIX);
}

/** The identity in a cluster key, or null when it is not one. */
export function parseLiveKey(file: string): { group: string; kind: string; namespace: string; name: string } | null {
  if (!isLiveKey(file)) return null;
  const parts = file.slice(PREFIX.length).split('/');
  if (parts.length !== 4) return null;
  const [group, kind, namespace, name] = parts as [string, string, string, string];
  return { group, kind, namespace, name };
}

/** The live findings among a workspace result's findings, sorted by object then position. */
export function liveFindings(findings: ReadonlyMap<string, readonly Finding[]>, context: string, folder: string | null): LiveFinding[] {
  const out: LiveFinding[] = [];
  for (const [file, list] of findings) {
    const id = parseLiveKey(file);
    if (!id) continue;
    for (const f of list) {
      out.push({
        folder,
        context,
        resource: {
          apiVersion: f.resource?.apiVersion ?? (id.group === 'core' ? 'v1' : id.group),
          kind: f.resource?.kind ?? id.kind,
          namespace: id.namespace,
          name: id.name,
        },
        code: f.code,
        name: f.name,
        severity: f.severity,
        message: f.message,
        ...(f.path ? { path: f.path } : {}),
      });
    }
  }
  return out.sort((a, b) => a.resource.kind.localeCompare(b.resource.kind) || a.resource.namespace.localeCompare(b.resource.namespace)
    || a.resource.name.localeCompare(b.resource.name) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
}

/** How a live object is named for people: "VirtualService shop/reviews (context kind-dev)". */
export function describeLiveObject(file: string, context?: string): string {
  const id = parseLiveKey(file);
  if (!id) return file;
  const where = id.namespace === '' ? id.name : `${id.namespace}/${id.name}`;
  return `${id.kind} ${where}${context ? ` (cluster ${context})` : ''}`;
}
