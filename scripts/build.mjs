// Build: type-check and compile everything to out/ (tests run from there), then bundle the entry
// points with esbuild into dist/ (what the CLI, the server with its analysis thread, and the .vsix run).
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');

rmSync(path.join(root, 'out'), { recursive: true, force: true });
execFileSync(tsc, ['-p', root], { stdio: 'inherit' });

mkdirSync(path.join(root, 'dist'), { recursive: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Optional native helpers of transitive dependencies that we never call.
  external: ['vscode', 'bufferutil', 'utf-8-validate'],
};
await Promise.all([
  build({ ...common, entryPoints: [path.join(root, 'server/src/server.ts')], outfile: path.join(root, 'dist/server.js'), banner: { js: '#!/usr/bin/env node' } }),
  // The server's analysis thread: a worker the main thread (server.js) starts from beside itself.
  build({ ...common, entryPoints: [path.join(root, 'server/src/server-analysis.ts')], outfile: path.join(root, 'dist/server-analysis.js') }),
  build({ ...common, entryPoints: [path.join(root, 'server/src/cli.ts')], outfile: path.join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(root, 'dist/client/extension.js') }),
]);
chmodSync(path.join(root, 'dist/server.js'), 0o755);
chmodSync(path.join(root, 'dist/cli.js'), 0o755);
