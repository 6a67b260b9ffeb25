/**
 * Keeping the index in step with the disk. Clients that can watch files for us get a dynamic
 * `workspace/didChangeWatchedFiles` registration for YAML files; with other clients the server
 * watches each workspace folder itself (recursive fs.watch) and reports the same events.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { uriOf } from './uris';

/** The glob patterns registered with clients that watch files. */
export const WATCH_PATTERNS = ['**/*.yaml', '**/*.yml'] as const;

/** Watches folders with fs.watch; calls `onChange(uri)` for YAML files. Returns a disposer. */
export function watchFolders(folders: readonly string[], onChange: (uri: string) => void, log: (message: string) => void): () => void {
  const watchers: FSWatcher[] = [];
  for (const folder of folders) {
    try {
      const w = watch(folder, { recursive: true }, (_event, name) => {
        if (typeof name !== 'string' || !/\.ya?ml$/i.test(name)) return;
        if (name.split(path.sep).some((p) => p === 'node_modules' || p === '.git')) return;
        onChange(uriOf(path.join(folder, name)));
      });
      w.on('error', (error) => log(`Watching ${folder} failed: ${error.message}`));
      watchers.push(w);
    } catch (error) {
      log(`Cannot watch ${folder} for changes (${error instanceof Error ? error.message : String(error)}); edits made outside the editor are picked up on restart.`);
    }
  }
  return () => { for (const w of watchers) w.close(); };
}
