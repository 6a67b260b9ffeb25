/**
 * The "VS Code executable" behind code-shim. It accepts the arguments @vscode/test-electron
 * passes (--extensionDevelopmentPath=, --extensionTestsPath=, a folder; Electron-only flags are
 * ignored), starts code-server on a free loopback port with throwaway profile folders, opens the
 * workbench in headless Debian chromium, and hands the workbench the extension and the test
 * module through its smoke-test `payload` hook. The suite runs in code-server's real Node
 * extension host; when it settles, the workbench calls `codeAutomationExit(code)` and this
 * process exits with that code, after tearing everything down.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { chromium } = createRequire(path.join(root, '.tools/driver/package.json'))('playwright-core');
const codeServer = path.join(root, '.tools/code-server/node_modules/code-server/out/node/entry.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const timeoutMs = Number(process.env.MESH_EDITOR_TIMEOUT_MS ?? 180_000);

// The workbench forwards its own chatter too; on a closed network most of it is expected noise
// (gallery look-ups, account and agent services), and it would bury the suite's lines.
const verbose = Boolean(process.env.MESH_EDITOR_VERBOSE);
const offlineNoise = /ENOTFOUND|AccountPolicyGate|AgentHost|connection token|Creating a socket|reconnection-grace-time|Service Worker|builtin extensions cache/;

const started = Date.now();
const log = (...args) => console.log(`[editor ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);

// runTests() also passes --user-data-dir/--extensions-dir of its own cache; every run here gets
// fresh folders instead, so nothing from an earlier run (or the user's real profile) leaks in.
const devPaths = [];
let testsPath;
let folder;
for (const arg of process.argv.slice(2)) {
  const value = arg.slice(arg.indexOf('=') + 1);
  if (arg.startsWith('--extensionDevelopmentPath=')) devPaths.push(path.resolve(value));
  else if (arg.startsWith('--extensionTestsPath=')) testsPath = path.resolve(value);
  else if (!arg.startsWith('-') && folder === undefined) folder = path.resolve(arg);
}
if (!testsPath || devPaths.length === 0) {
  console.error('drive.mjs: --extensionDevelopmentPath= and --extensionTestsPath= are required');
  process.exit(2);
}

// One temp folder holds the profile, the XDG homes and TMPDIR: code-server and chromium otherwise
// write into ~/.config, ~/.cache and /tmp, and a removed folder leaves nothing behind.
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-editor-'));
const dir = (...parts) => {
  const made = path.join(data, ...parts);
  fs.mkdirSync(made, { recursive: true });
  return made;
};
const isolated = { HOME: dir('home'), XDG_CONFIG_HOME: dir('xdg', 'config'), XDG_DATA_HOME: dir('xdg', 'data'), XDG_CACHE_HOME: dir('xdg', 'cache'), TMPDIR: dir('tmp') };
// Playwright puts chromium's profile under the driver's own temp folder: make that ours too.
process.env.TMPDIR = isolated.TMPDIR;
fs.mkdirSync(path.join(data, 'user', 'User'), { recursive: true });
// Quiet, offline-friendly settings: no AI features, gallery updates, telemetry or welcome page.
fs.writeFileSync(path.join(data, 'user', 'User', 'settings.json'), JSON.stringify({
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
}));

const port = await new Promise((resolve, reject) => {
  const probe = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

// --vscode-option enable-smoke-test-driver makes a release build honour the `payload` parameter;
// without it the workbench opens normally and silently runs nothing.
const server = spawn(process.execPath, [codeServer,
  '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
  '--user-data-dir', path.join(data, 'user'), '--extensions-dir', dir('extensions'),
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
  '--disable-getting-started-override', '--ignore-last-opened',
  '--vscode-option', 'enable-smoke-test-driver',
], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...isolated } });
let serverLog = '';
server.stdout.on('data', (d) => { serverLog += d; });
server.stderr.on('data', (d) => { serverLog += d; });
server.on('exit', (code, signal) => void finish(3, `code-server exited early (code ${code}, signal ${signal})`));

let browser;
let finishing = false;
async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  log(`finished with exit code ${code}: ${why}`);
  await browser?.close().catch(() => undefined);
  // Wait for code-server to exit before removing its folders; a server still shutting down
  // would otherwise re-create sockets and logs inside them.
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    const killer = setTimeout(() => server.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }
  if (code !== 0 || process.env.MESH_EDITOR_SHOW_SERVER_LOG) console.log(`--- code-server log (tail) ---\n${serverLog.slice(-4000)}`);
  fs.rmSync(data, { recursive: true, force: true });
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void finish(130, `got ${signal}`));
setTimeout(() => void finish(2, `no result within ${timeoutMs / 1000} s`), timeoutMs).unref();

function healthy(deadline) {
  return new Promise((resolve, reject) => {
    const poll = () => http.get(`http://127.0.0.1:${port}/healthz`, (res) => { res.resume(); resolve(); })
      .on('error', () => (Date.now() > deadline ? reject(new Error('code-server did not answer on /healthz')) : setTimeout(poll, 100)));
    poll();
  });
}

try {
  await healthy(Date.now() + 30_000);
  log(`code-server listening on 127.0.0.1:${port}`);
  // The background-networking flags keep chromium from dialling out on a closed network.
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    env: { ...process.env, ...isolated },
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  // The workbench reports the extension host's console and its exit through these two hooks.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    if (!verbose && offlineNoise.test(String(args[0]))) return;
    (console[type] ?? console.log)(...args);
  });
  await page.exposeFunction('codeAutomationExit', (code) => void finish(code, 'the test module settled'));
  page.on('pageerror', (e) => log('page error:', String(e).slice(0, 300)));
  if (process.env.MESH_EDITOR_SHOW_BROWSER_CONSOLE) page.on('console', (m) => log('browser:', m.text().slice(0, 400)));

  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]), ['extensionTestsPath', remote(testsPath)]];
  const target = folder ? `folder=${encodeURIComponent(folder)}` : 'ew=true';
  await page.goto(`http://${authority}/?${target}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  log('workbench loaded; the suite runs in the extension host');
} catch (error) {
  // Playwright's launch errors carry the whole browser command line; the first line says why.
  console.error(verbose ? error : String(error?.message ?? error).split('\n')[0]);
  await finish(1, 'the editor could not be started');
}
