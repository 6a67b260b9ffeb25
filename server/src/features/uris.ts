/**
 * Document URIs and file paths. The workspace keys files by a canonical URI (`file:` URIs
 * re-encoded from their path, so a client's encoding and ours agree); documents a client opened
 * keep the URI the client used when their diagnostics are published.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The path of a `file:` URI, or null for other schemes (untitled buffers). */
export function pathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** The canonical form of a URI: file URIs re-derived from their path, others unchanged. */
export function canonicalUri(uri: string): string {
  const p = pathOf(uri);
  return p === null ? uri : pathToFileURL(p).href;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** Whether `file` lies inside `folder` (both absolute paths). */
export function isInside(file: string, folder: string): boolean {
  const base = folder.endsWith('/') ? folder : `${folder}/`;
  return file === folder || file.startsWith(base);
}
