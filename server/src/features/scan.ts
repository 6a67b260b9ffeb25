/**
 * Finds the manifests of a workspace folder: every `.yaml`/`.yml` file, skipping dependency and
 * VCS folders, Helm chart templates, and what the project file ignores. Files whose text turns out
 * templated are dropped later, when read (templated.ts).
 *
 * A folder with more YAML files than `limit` is cut off there (with `truncated` set) so a huge
 * monorepo cannot stall the server; the files found first are kept.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { inChartTemplates } from '../analysis/templated';
import { PROJECT_FILE_NAME } from '../analysis/project-file';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);
const YAML_FILE = /\.ya?ml$/i;

export interface ScanResult {
  readonly files: string[];
  readonly truncated: boolean;
}

/** Whether a path is a manifest candidate by its name and place (not its text). */
export function isCandidate(file: string, ignored: (file: string) => boolean): boolean {
  if (!YAML_FILE.test(file) || path.basename(file) === PROJECT_FILE_NAME) return false;
  if (file.split(path.sep).some((part) => SKIPPED_DIRECTORIES.has(part))) return false;
  return !ignored(file) && !inChartTemplates(file);
}

export async function scanFolder(folder: string, ignored: (file: string) => boolean, limit = 20_000): Promise<ScanResult> {
  const files: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
      } else if (entry.isFile() && isCandidate(full, ignored)) {
        if (files.length >= limit) return { files: files.sort(), truncated: true };
        files.push(full);
      }
    }
  }
  return { files: files.sort(), truncated: false };
}
