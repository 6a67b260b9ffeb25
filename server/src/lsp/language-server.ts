/**
 * LSP wiring — the only file that handles the server side of vscode-languageserver's connection.
 * Everything it calls is plain engine code (features/workspace-host.ts decides what to check and
 * publish); this file only moves messages.
 *
 * It runs on the analysis thread (analysis-thread.ts): the connection it is given speaks to the
 * front over a MessagePort, and the front speaks to the client (front-process.ts). Every YAML
 * file of the workspace folders is indexed, not only open ones; settings are
 * pulled per folder scope (workspace/configuration), never kept in globals, and re-pulled when
 * the client says they changed. Date-dependent checks are re-run at every UTC midnight
 * (features/day-timer.ts) and when a client sends meshLifecycle/recheckDates. Each folder's live
 * cluster (cluster/host.ts) feeds its workspace, reports meshLifecycle/clusterStatus, and answers
 * meshLifecycle/clusterFindings; `initializationOptions.cacheDir` is where CRD schemas are cached.
 */
import { readFile } from 'node:fs/promises';
import {
  DidChangeWatchedFilesNotification, FileChangeType, TextDocuments, TextDocumentSyncKind, type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultCacheDir } from '../cluster/crd-cache';
import { ClusterHost } from '../cluster/host';
import { codeActions } from '../features/code-actions';
import { completion } from '../features/completion';
import { startDayTimer } from '../features/day-timer';
import { toDiagnostic } from '../features/diagnostics';
import { EDITOR_CAPABILITIES, editorView, liveObject } from '../features/editor';
import { hover } from '../features/hover';
import { definition, references } from '../features/navigation';
import { documentSymbols, foldingRanges } from '../features/symbols';
import { pathOf } from '../features/uris';
import { WATCH_PATTERNS, watchFolders } from '../features/watch';
import { WorkspaceHost, type Publication } from '../features/workspace-host';
import {
  ClusterFindingsRequest, ClusterStatusNotification, LiveObjectRequest, RecheckDatesRequest, StatusNotification,
  type ClusterFindingsParams, type ClusterFindingsResult, type LiveObjectParams,
} from '../protocol';

/** Serves LSP on `connection` until the client says exit. */
export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let canPullConfiguration = false;
  let clientWatchesFiles = false;
  let folders: { uri: string }[] = [];
  let stopWatching: (() => void) | null = null;
  let cacheDir: string | null = null;

  const clusters = new ClusterHost({
    get cacheDir() {
      return cacheDir;
    },
    log: (message) => connection.console.log(message),
    // A cluster change goes through the queue like every other change, then costs one analysis.
    onChange: (folder) => enqueue(() => { host.clusterChanged(folder); schedule(); }),
    onStatus: (status) => void connection.sendNotification(ClusterStatusNotification.method, status),
  });

  const host = new WorkspaceHost({
    clusters,
    readFile: (file) => readFile(file, 'utf8').catch(() => null),
    settings: (scopeUri) => (canPullConfiguration
      ? connection.workspace.getConfiguration({ ...(scopeUri ? { scopeUri } : {}), section: 'meshLifecycle' }).then((v) => v, () => ({}))
      : Promise.resolve({})),
    log: (message) => connection.console.log(message),
  });

  /** Host work runs one step at a time, so a rebuild never interleaves with another. */
  let queue: Promise<unknown> = Promise.resolve();
  function enqueue(step: () => Promise<void> | void): void {
    queue = queue.then(step).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      connection.console.error(`Analysis failed: ${error instanceof Error ? error.stack : message}`);
      connection.sendNotification(StatusNotification.method, { state: 'error', message: `Analysis failed: ${message}` });
    });
  }

  /** A burst of events costs one analysis, on the latest state. */
  let scheduled: NodeJS.Immediate | null = null;
  function schedule(): void {
    if (scheduled) return;
    scheduled = setImmediate(() => {
      scheduled = null;
      enqueue(() => publish(host.analyze()));
    });
  }

  function publish(publications: readonly Publication[]): void {
    for (const p of publications) {
      void connection.sendDiagnostics({ uri: p.uri, ...(p.version !== undefined ? { version: p.version } : {}), diagnostics: p.findings.map(toDiagnostic) });
    }
  }

  connection.onInitialize((params) => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    clientWatchesFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : [])).map((f) => ({ uri: f.uri }));
    const options = params.initializationOptions as { cacheDir?: unknown } | undefined;
    cacheDir = typeof options?.cacheDir === 'string' && options.cacheDir !== '' ? options.cacheDir : defaultCacheDir();
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...EDITOR_CAPABILITIES,
      },
      serverInfo: { name: 'mesh-lifecycle-ls' },
    };
  });

  connection.onInitialized(() => {
    if (clientWatchesFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCH_PATTERNS.map((globPattern) => ({ globPattern })) });
    }
    if (folders.length > 0) {
      connection.sendNotification(StatusNotification.method, { state: 'starting', message: 'Indexing the workspace…' });
      try {
        connection.workspace.onDidChangeWorkspaceFolders((e) => {
          const removed = new Set(e.removed.map((f) => f.uri));
          folders = [...folders.filter((f) => !removed.has(f.uri)), ...e.added.map((f) => ({ uri: f.uri }))];
          loadFolders();
        });
      } catch {
        // Clients without workspace folder support never send the notification.
      }
    }
    loadFolders(true);
  });

  function loadFolders(first = false): void {
    enqueue(async () => {
      await host.setFolders(folders);
      if (!clientWatchesFiles) {
        stopWatching?.();
        stopWatching = watchFolders(folders.map((f) => pathOf(f.uri)).filter((p): p is string => p !== null),
          (uri) => enqueue(async () => { await host.diskChanged(uri, false); schedule(); }),
          (message) => connection.console.log(message));
      }
      if (first) {
        const count = host.fileCount();
        connection.sendNotification(StatusNotification.method, {
          state: 'ready',
          message: folders.length > 0 ? `Checking ${count} YAML ${count === 1 ? 'file' : 'files'} in the workspace.` : 'Watching YAML files.',
        });
      }
      schedule();
    });
  }

  connection.onDidChangeConfiguration(() => enqueue(async () => { await host.reload(); schedule(); }));

  connection.onDidChangeWatchedFiles((params) => {
    enqueue(async () => {
      for (const change of params.changes) await host.diskChanged(change.uri, change.type === FileChangeType.Deleted);
      schedule();
    });
  });

  documents.onDidOpen((e) => {
    host.openDocument(e.document.uri, e.document.version, e.document.getText());
    schedule();
  });
  documents.onDidChangeContent((e) => {
    host.changeDocument(e.document.uri, e.document.version, e.document.getText());
    schedule();
  });
  documents.onDidClose((e) => {
    publish(host.closeDocument(e.document.uri));
    schedule();
  });

  // Editor features: pure functions over the workspace's current parse and index (features/).
  connection.onCompletion((p) => { const e = editorView(host, p.textDocument.uri); return e ? completion(e.ctx, e.view, p.position) : []; });
  connection.onHover((p) => { const e = editorView(host, p.textDocument.uri); return e ? hover(e.ctx, e.view, p.position) : null; });
  connection.onDefinition((p) => { const e = editorView(host, p.textDocument.uri); return e ? definition(e.ctx, e.view, p.position) : []; });
  connection.onReferences((p) => {
    const e = editorView(host, p.textDocument.uri);
    return e ? references(e.ctx, e.view, p.position, p.context.includeDeclaration) : [];
  });
  connection.onCodeAction((p) => {
    const e = editorView(host, p.textDocument.uri);
    const text = documents.get(p.textDocument.uri)?.getText();
    if (!e || text === undefined) return [];
    return codeActions(e.ctx, e.view, { uri: p.textDocument.uri, text, range: p.range, diagnostics: p.context.diagnostics, ...(p.context.only ? { only: p.context.only } : {}) });
  });
  connection.onDocumentSymbol((p) => { const e = editorView(host, p.textDocument.uri); return e ? documentSymbols(e.ctx, e.view) : []; });
  connection.onFoldingRanges((p) => { const e = editorView(host, p.textDocument.uri); return e ? foldingRanges(e.view) : []; });
  connection.onRequest(LiveObjectRequest.method, (p: LiveObjectParams) => liveObject(host, p.uri));
  connection.onRequest(ClusterFindingsRequest.method, (p: ClusterFindingsParams | undefined): ClusterFindingsResult => ({ findings: host.liveFindings(p?.folder) }));

  // At each UTC midnight analyze() notices the new day and re-runs the rules that read the clock;
  // a client can ask for the same at any time.
  const dayTimer = startDayTimer({ now: () => new Date(), setTimeout, clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) }, schedule);
  connection.onRequest(RecheckDatesRequest.method, () => {
    enqueue(() => { host.clockChanged(); schedule(); });
    return null;
  });

  connection.onShutdown(async () => { stopWatching?.(); dayTimer.stop(); await clusters.dispose(); });

  documents.listen(connection);
  connection.listen();
}
