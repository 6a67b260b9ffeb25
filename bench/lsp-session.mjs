// One language server under measurement: spawned over stdio, spoken to with JSON-RPC, and watched.
// It records every publishDiagnostics with the time it arrived, answers the server's requests the
// way an editor would (configuration, registrations, progress), and notices a crash: a server
// that exits while measured rejects every pending wait, and the run fails.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver/node');

const GUARD = new URL('./network-guard.cjs', import.meta.url).pathname;
const GUARD_MARKER = 'bench-network-guard: refused';

/** The capabilities a desktop editor announces, identical for both servers. */
const CLIENT_CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { versionSupport: true, relatedInformation: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  window: { workDoneProgress: true },
};

export class ServerCrashed extends Error {}

/**
 * Starts a server. `script` and `args` are run with this very Node binary (the benchmark and both
 * servers use the same Node). `settings(section)` answers workspace/configuration.
 */
export async function startSession({ label, script, args, settings }) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--require', GUARD, script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const session = new Session(label, child, settings);
  let init;
  try {
    init = await session.race(session.connection.sendRequest('initialize', {
      processId: process.pid, clientInfo: { name: 'mesh-lifecycle-bench' }, locale: 'en',
      rootUri: null, workspaceFolders: null, capabilities: CLIENT_CAPABILITIES,
    }), 60_000, 'initialize');
  } catch (error) {
    session.kill();
    throw error;
  }
  session.startMs = performance.now() - t0;
  session.capabilities = init?.capabilities ?? {};
  session.serverInfo = init?.serverInfo ?? null;
  session.connection.sendNotification('initialized', {});
  return session;
}

class Session {
  constructor(label, child, settings) {
    this.label = label;
    this.child = child;
    this.settings = settings;
    this.events = []; // { t, uri, version, diagnostics, digest }
    this.waiters = new Set();
    this.configurationPulls = 0;
    this.stderr = '';
    this.stopping = false;
    this.crash = null;
    this.pid = child.pid;

    child.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-65_536); });
    child.on('exit', (code, signal) => {
      if (!this.stopping) this.crash = new ServerCrashed(`${label} exited (code ${code}, signal ${signal}) while being measured; stderr tail: ${this.stderr.slice(-2000)}`);
      this.wake();
    });
    child.stdin.on('error', () => { /* reported through 'exit' */ });

    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection = connection;
    connection.onNotification((method, params) => {
      if (method !== 'textDocument/publishDiagnostics') return;
      const t = performance.now();
      this.events.push({ t, uri: params.uri, version: params.version, diagnostics: params.diagnostics, digest: JSON.stringify(params.diagnostics) });
      this.wake();
    });
    connection.onRequest((method, params) => {
      switch (method) {
        case 'workspace/configuration':
          this.configurationPulls++;
          this.wake();
          return params.items.map((item) => this.settings(item.section ?? ''));
        case 'workspace/workspaceFolders':
          return null;
        default: // client/registerCapability, window/workDoneProgress/create, ...: acknowledge.
          return null;
      }
    });
    connection.onError(() => { /* a broken pipe shows up as 'exit' */ });
    connection.listen();
  }

  wake() {
    for (const w of [...this.waiters]) w();
  }

  /** Rejects if the server crashed or used the network; otherwise nothing. */
  check() {
    if (this.stderr.includes(GUARD_MARKER)) {
      const line = this.stderr.split('\n').find((l) => l.includes(GUARD_MARKER));
      throw new Error(`${this.label} tried to leave loopback (${line}); the benchmark must run offline`);
    }
    if (this.crash) throw this.crash;
  }

  /** Awaits `promise`, failing early on a crash and after `timeoutMs`. */
  race(promise, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${this.label}: no answer to ${what} within ${timeoutMs} ms`)), timeoutMs);
      const onWake = () => { try { this.check(); } catch (e) { done(e); } };
      const done = (error, value) => {
        clearTimeout(timer);
        this.waiters.delete(onWake);
        if (error) reject(error); else resolve(value);
      };
      this.waiters.add(onWake);
      onWake();
      promise.then((v) => done(null, v), (e) => done(e));
    });
  }

  /** Resolves once `condition()` is truthy (re-evaluated on every server message). */
  until(condition, timeoutMs, what) {
    return this.race(new Promise((resolve) => {
      const test = () => {
        const value = condition();
        if (value) { this.waiters.delete(test); resolve(value); }
      };
      this.waiters.add(test);
      test();
    }), timeoutMs, what);
  }

  sleep(msToWait) {
    return this.race(new Promise((r) => setTimeout(r, msToWait)), msToWait + 1000, 'sleep');
  }

  /**
   * Diagnostics may arrive in stages. Starting from the first publication that satisfies
   * `accept` (at index >= `from`), waits until no publication for `uri` arrives for `quietMs`,
   * and returns the first and the last publication whose content differed from the one before.
   * The quiet period itself is never counted: the time reported is when the final content arrived.
   */
  async settle({ uri, from, accept, quietMs, timeoutMs, what }) {
    const ofUri = () => this.events.slice(from).filter((e) => e.uri === uri);
    const first = await this.until(() => ofUri().find(accept), timeoutMs, what);
    for (;;) {
      const seen = this.events.length;
      await this.sleep(quietMs);
      if (this.events.length === seen) break;
    }
    const after = ofUri().filter((e) => e.t >= first.t);
    let last = first;
    let stages = 1;
    for (let i = 1; i < after.length; i++) {
      if (after[i].digest !== after[i - 1].digest) { last = after[i]; stages++; }
    }
    return { first, last, stages, publications: after.length };
  }

  open(uri, text, version = 1) {
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri, version, contentChanges) {
    this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  request(method, params, timeoutMs = 60_000) {
    return this.race(this.connection.sendRequest(method, params), timeoutMs, method);
  }

  /** Peak and current resident set size of the server process, in MiB, from /proc. */
  memory() {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN);
    let children = [];
    try {
      children = readFileSync(`/proc/${this.pid}/task/${this.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch { /* no children file on this kernel */ }
    return { peakMiB: Math.round(kb('VmHWM') / 1024), currentMiB: Math.round(kb('VmRSS') / 1024), childProcesses: children.length };
  }

  async stop() {
    this.check();
    this.stopping = true;
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      this.connection.sendNotification('exit');
    } catch { /* already gone */ }
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await new Promise((resolve) => {
        const t = setTimeout(() => { this.child.kill('SIGKILL'); resolve(); }, 5000);
        this.child.once('exit', () => { clearTimeout(t); resolve(); });
      });
    }
    this.connection.dispose();
  }

  /** Ends the process without ceremony (used when a run is already failing). */
  kill() {
    this.stopping = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    try { this.connection.dispose(); } catch { /* ignore */ }
  }
}
