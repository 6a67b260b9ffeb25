/**
 * An LSP client that opens workspace folders, for tests of workspace-wide indexing: it spawns the
 * bundled server, answers configuration pulls and capability registrations, and lets tests wait
 * for the diagnostics of any file to satisfy a condition (never sleeping).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { SERVER } from './repo';
import { stopServer } from './lspStop';

export interface WorkspaceClientOptions {
  readonly folders: readonly string[];
  readonly settings?: Record<string, unknown>;
  /** Whether the client offers to watch files (dynamic didChangeWatchedFiles registration). */
  readonly watchesFiles?: boolean;
  /** Environment variables for the server process, over the test's own. */
  readonly env?: Record<string, string>;
  readonly initializationOptions?: unknown;
  /** Handlers of other notifications, registered before the connection starts. */
  readonly notifications?: Record<string, (params: any) => void>;
}

export interface WorkspaceClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  /** Methods of the capabilities the server registered. */
  readonly registrations: string[];
  /** The capabilities the server announced in its `initialize` result. */
  readonly capabilities: Record<string, unknown>;
  /** The latest diagnostics published for each URI. */
  readonly latest: Map<string, Diagnostic[]>;
  /** Resolves once the server has sent a status notification with this state. */
  waitForStatus(state: string, timeoutMs?: number): Promise<void>;
  uri(path: string): string;
  /** Resolves when the latest diagnostics of `uri` satisfy `accept`. */
  waitFor(uri: string, accept: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, text: string): void;
  close(uri: string): void;
  fileChanged(uri: string, type: 1 | 2 | 3): void;
  setSettings(settings: Record<string, unknown>): void;
  stop(): Promise<void>;
}

export async function startWorkspaceServer(options: WorkspaceClientOptions): Promise<WorkspaceClient> {
  let settings = options.settings ?? {};
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const latest = new Map<string, Diagnostic[]>();
  const waiters = new Set<() => void>();
  const registrations: string[] = [];
  const states: string[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    latest.set(p.uri, p.diagnostics);
    for (const w of [...waiters]) w();
  });
  connection.onNotification('meshLifecycle/status', (p: { state: string }) => {
    states.push(p.state);
    for (const w of [...waiters]) w();
  });
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'meshLifecycle' ? settings : null)));
  connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
    registrations.push(...p.registrations.map((r) => r.method));
    return null;
  });
  connection.onRequest('workspace/workspaceFolders', () => options.folders.map((f) => ({ uri: pathToFileURL(f).href, name: f })));
  for (const [method, handler] of Object.entries(options.notifications ?? {})) connection.onNotification(method, handler);
  connection.listen();
  const initialized = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: options.folders.map((f) => ({ uri: pathToFileURL(f).href, name: f })),
    ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: options.watchesFiles ?? true } },
      textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
    },
  });
  connection.sendNotification('initialized', {});
  return {
    connection, process: child, registrations, latest, capabilities: initialized.capabilities,
    uri: (p) => pathToFileURL(p).href,
    waitForStatus(state, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`no "${state}" status within ${timeoutMs} ms; got ${states.join(', ')}`)); }, timeoutMs);
        const check = () => {
          if (!states.includes(state)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    waitFor(uri, accept, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`diagnostics of ${uri} never satisfied the test within ${timeoutMs} ms; latest: ${JSON.stringify(latest.get(uri))}; stderr: ${stderr}`));
        }, timeoutMs);
        const check = () => {
          const d = latest.get(uri);
          if (d && accept(d)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(d);
          }
        };
        waiters.add(check);
        check();
      });
    },
    open(uri, text, version = 1) {
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    },
    change(uri, version, text) {
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    close(uri) {
      connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    fileChanged(uri, type) {
      connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type }] });
    },
    setSettings(next) {
      settings = next;
      connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    },
    stop: () => stopServer(connection, child),
  };
}
