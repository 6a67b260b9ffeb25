/**
 * Finds the manifests a lint run reads: explicit files as given, folders searched recursively for
 * YAML, skipping folders that never hold the user's manifests (dependencies, VCS metadata).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);
const YAML_FILE = /\.ya?ml$/i;

/** Raised for a path that does not exist or cannot be read; the CLI exits 2 with its message. */
export class InputError extends Error {}

/** Options for folder walks; explicit file arguments are never skipped. */
export interface CollectOptions {
  /** Files found by walking a folder for which this is true are left out. */
  readonly skip?: (file: string) => boolean;
}

/** Expands paths into a sorted, de-duplicated list of files; `-` stays as is (standard input). */
export async function collectFiles(paths: readonly string[], options: CollectOptions = {}): Promise<string[]> {
  const found = new Set<string>();
  for (const p of paths) {
    if (p === '-') {
      found.add('-');
      continue;
    }
    let info;
    try {
      info = await stat(p);
    } catch (error) {
      throw new InputError(`Cannot read "${p}": ${reason(error)}.`);
    }
    if (info.isDirectory()) await walk(p, found, options.skip ?? (() => false));
    else found.add(p);
  }
  return [...found].sort((a, b) => (a === '-' ? -1 : b === '-' ? 1 : a.localeCompare(b)));
}

async function walk(dir: string, into: Set<string>, skip: (file: string) => boolean): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`Cannot list folder "${dir}": ${reason(error)}.`);
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full, into, skip);
    } else if (entry.isFile() && YAML_FILE.test(entry.name) && !skip(full)) into.add(full);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
