/**
 * The disk cache of a cluster's CRD schemas, so the next start validates against them before (or
 * without) reaching the cluster.
 *
 *   <cacheDir>/crd-schemas/<hash of context + server>.json
 *     { "version": 1, "context", "server", "savedAt", "fingerprint", "entries": LiveCatalogEntry[] }
 *
 * The cache dir is passed in: the extension's global storage, or $XDG_CACHE_HOME/mesh-lifecycle
 * for the standalone server. Only CRD schemas are written here; they are API metadata, never
 * object data, and never anything read from a Secret. Writes go to a temporary file that is then
 * renamed, so a crash leaves the old cache or the new one, not half of one. A cache that does not
 * parse or has another version is ignored.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { LiveCatalogEntry } from '../schema/catalog';
import { overlayFingerprint } from './crd-schemas';

const VERSION = 1;

/** The cache dir when no client supplies one: $XDG_CACHE_HOME/mesh-lifecycle, else ~/.cache/mesh-lifecycle. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env['XDG_CACHE_HOME'];
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'mesh-lifecycle');
}

/** The cache file of one context on one server. */
export function crdCacheFile(cacheDir: string, context: string, server: string): string {
  const id = createHash('sha256').update(`${context}\u0000${server}`).digest('hex').slice(0, 24);
  return path.join(cacheDir, 'crd-schemas', `${id}.json`);
}

/** The cached entries, or null when there is no usable cache. */
export function readCrdCache(file: string): { entries: LiveCatalogEntry[]; savedAt: string; fingerprint: string } | null {
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; entries?: unknown; savedAt?: unknown; fingerprint?: unknown };
    if (doc.version !== VERSION || !Array.isArray(doc.entries)) return null;
    const entries = (doc.entries as LiveCatalogEntry[]).filter((e) => e && typeof e.group === 'string' && typeof e.kind === 'string' && typeof e.version === 'string');
    return { entries, savedAt: typeof doc.savedAt === 'string' ? doc.savedAt : '', fingerprint: overlayFingerprint(entries) };
  } catch {
    return null;
  }
}

/** Writes the entries atomically; returns false (and leaves the old cache) when it cannot. */
export function writeCrdCache(file: string, context: string, server: string, entries: readonly LiveCatalogEntry[], now: Date = new Date()): boolean {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const doc = { version: VERSION, context, server, savedAt: now.toISOString(), fingerprint: overlayFingerprint(entries), entries };
    writeFileSync(temporary, JSON.stringify(doc), { mode: 0o600 });
    renameSync(temporary, file);
    return true;
  } catch {
    return false;
  }
}
