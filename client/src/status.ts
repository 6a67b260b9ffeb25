/**
 * The server's state as people see it: a language status item next to YAML files. The state is
 * folded from two sources, the client's own lifecycle (did the process start at all) and the
 * server's `meshLifecycle/status` notification (is it ready, what went wrong), because either
 * alone misses failures the other sees.
 */
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { ClusterStatusParams, ServerState, StatusParams } from '../../server/src/protocol';
import { clusterView } from './cluster-view';

/** What the status item shows, and what the extension's API reports to tests. */
export interface ServerStatus {
  readonly state: ServerState;
  readonly message?: string;
}

/** Folds a client state change into the status; the server's word is kept only while it runs. */
export function fromClientState(state: State, current: ServerStatus): ServerStatus {
  switch (state) {
    case State.Starting:
      return { state: 'starting', message: 'Starting the language server.' };
    case State.Running:
      // Initialized is not ready: the server says `ready` itself once it has loaded its schemas.
      return current;
    case State.StartFailed:
      return { state: 'error', message: 'The language server failed to start; see the output.' };
    case State.Stopped:
      return { state: 'error', message: 'The language server is not running.' };
  }
}

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('meshLifecycle.status', { language: 'yaml' });
  private readonly changed = new vscode.EventEmitter<ServerStatus>();
  private current: ServerStatus = { state: 'starting' };
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item.name = 'Mesh Lifecycle';
    this.render();
  }

  get status(): ServerStatus {
    return this.current;
  }

  set(status: StatusParams | ServerStatus): void {
    this.current = { state: status.state, ...(status.message ? { message: status.message } : {}) };
    this.render();
    this.changed.fire(this.current);
  }

  private render(): void {
    const { state, message } = this.current;
    this.item.text = `Mesh Lifecycle: ${state}`;
    this.item.detail = message;
    this.item.busy = state === 'starting';
    this.item.severity = state === 'error' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    // The one useful action differs: after a failure it is a restart, otherwise the log.
    this.item.command = state === 'error'
      ? { title: 'Restart', command: 'meshLifecycle.restartServer' }
      : { title: 'Show Output', command: 'meshLifecycle.showOutput' };
  }

  dispose(): void {
    this.item.dispose();
    this.changed.dispose();
  }
}

/**
 * The live cluster's state next to the server's: context, sync state and the current problem in
 * plain words (cluster-view.ts), from each folder's `meshLifecycle/clusterStatus`.
 */
export class ClusterStatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('meshLifecycle.cluster', { language: 'yaml' });
  private readonly byFolder = new Map<string | null, ClusterStatusParams>();

  private readonly folders = vscode.workspace.onDidChangeWorkspaceFolders(() => this.render());

  constructor() {
    this.item.name = 'Mesh Lifecycle cluster';
    this.item.command = { title: 'Show Output', command: 'meshLifecycle.showOutput' };
    this.render();
  }

  /** The statuses of folders still open (a removed folder's last word is dropped). */
  get statuses(): readonly ClusterStatusParams[] {
    const open = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()));
    return [...this.byFolder.values()].filter((s) => s.folder === null || open.has(s.folder));
  }

  set(status: ClusterStatusParams): void {
    this.byFolder.set(status.folder, status);
    this.render();
  }

  /** Forgets every folder (the server restarted; it will say again). */
  clear(): void {
    this.byFolder.clear();
    this.render();
  }

  private render(): void {
    const view = clusterView(this.statuses);
    this.item.text = view.text;
    this.item.detail = view.detail;
    this.item.busy = view.busy;
    this.item.severity = view.severity === 'error' ? vscode.LanguageStatusSeverity.Error
      : view.severity === 'warning' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.folders.dispose();
    this.item.dispose();
  }
}
