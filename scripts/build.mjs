// Build: type-check and compile everything to out/ (tests run from there), then bundle the three
// entry points with esbuild into dist/ (what the CLI, the standalone server and the .vsix run).
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
  build({ ...common, entryPoints: [path.join(root, 'server/src/cli.ts')], outfile: path.join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(root, 'dist/client/extension.js') }),
]);
chmodSync(path.join(root, 'dist/server.js'), 0o755);
chmodSync(path.join(root, 'dist/cli.js'), 0o755);
