/**
 * A real LSP client for tests: spawns the bundled server (`dist/server.js --stdio`) and speaks
 * JSON-RPC to it. Tests wait on explicit events (a diagnostics notification for a given version),
 * never on sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { SERVER } from './repo';
import { stopServer } from './lspStop';

export interface TestServer {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  readonly statuses: unknown[];
  /** `window/logMessage` and `window/showMessage` notifications, in order (type 1 is an error). */
  readonly logs: { type: number; message: string }[];
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): void;
  close(uri: string): void;
  /** Resolves with the first diagnostics for `uri` published at `version` or later. */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<Diagnostic[]>;
  /**
   * Calls `listener` for every diagnostics notification as it arrives, with the time it arrived
   * (performance.now()), beside the buffer that `diagnostics` reads. Returns an unsubscribe.
   */
  onPublish(listener: (params: PublishDiagnosticsParams, receivedAt: number) => void): () => void;
  /** Everything the server has written to stderr so far. */
  stderr(): string;
  /** The server's resident set size in bytes (VmRSS from /proc/<pid>/status), or null off Linux or after exit. */
  rss(): number | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Keep every diagnostics notification for `diagnostics()` to find (the default). Long fuzz runs
   * that read notifications through `onPublish` turn this off so the buffer does not grow.
   */
  readonly bufferDiagnostics?: boolean;
  /** Extra Node.js options for the server process, e.g. `--max-old-space-size=512` to turn a leak into a crash. */
  readonly nodeArgs?: readonly string[];
}

export async function startServer(settings: Record<string, unknown> = {}, options: StartOptions = {}): Promise<TestServer> {
  const buffer = options.bufferDiagnostics ?? true;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  const statuses: unknown[] = [];
  const listeners = new Set<(params: PublishDiagnosticsParams, receivedAt: number) => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const receivedAt = performance.now();
    for (const l of listeners) l(p, receivedAt);
    if (!buffer) return;
    published.push(p);
    for (const w of waiters.splice(0)) w();
  });
  connection.onNotification('meshLifecycle/status', (p: unknown) => { statuses.push(p); });
  const logs: { type: number; message: string }[] = [];
  connection.onNotification('window/logMessage', (p: { type: number; message: string }) => { logs.push(p); });
  connection.onNotification('window/showMessage', (p: { type: number; message: string }) => { logs.push(p); });
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((item) => (item.section === 'meshLifecycle' ? settings : null)));
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid, rootUri: null, workspaceFolders: null,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  connection.sendNotification('initialized', {});

  const versions = new Map<string, number>();
  return {
    connection, process: child, statuses, logs,
    open(uri, text, version = 1) {
      versions.set(uri, version);
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    },
    change(uri, version, contentChanges) {
      versions.set(uri, version);
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    },
    close(uri) {
      connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    diagnostics(uri, version, timeoutMs = 10_000) {
      const wanted = version ?? versions.get(uri) ?? 0;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${wanted} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        const check = () => {
          const hit = [...published].reverse().find((p) => p.uri === uri && (p.version === undefined || p.version >= wanted));
          if (hit) {
            clearTimeout(timer);
            published.splice(0, published.length, ...published.filter((p) => p !== hit));
            resolve(hit.diagnostics);
          } else waiters.push(check);
        };
        check();
      });
    },
    onPublish(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    stderr: () => stderr,
    rss() {
      if (child.pid === undefined || child.exitCode !== null) return null;
      try {
        const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return match ? Number(match[1]) * 1024 : null;
      } catch {
        return null;
      }
    },
    stop: () => stopServer(connection, child),
  };
}
