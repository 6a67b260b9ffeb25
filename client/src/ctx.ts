/**
 * The extension's one owner of resources: the output channel, the status item, the commands and
 * the current language client. Disposing it releases everything, so a reload leaves no orphaned
 * server process or duplicate command behind.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClusterStatusNotification, LiveObjectRequest, StatusNotification, type ClusterStatusParams, type StatusParams } from '../../server/src/protocol';
import { createLanguageClient } from './client';
import { COMMANDS } from './commands';
import { LiveDocuments } from './live-documents';
import { ClusterStatusItem, fromClientState, StatusItem, type ServerStatus } from './status';
import { startYamlCoexistence } from './yaml-coexistence';

/** What `activate` returns: enough for tests to wait on readiness instead of sleeping. */
export interface Api {
  readonly status: () => ServerStatus;
  readonly onDidChangeStatus: vscode.Event<ServerStatus>;
  /** Each folder's live-cluster status, as the server last reported it. */
  readonly clusterStatus: () => readonly ClusterStatusParams[];
}

export class Ctx {
  readonly output = vscode.window.createOutputChannel('Mesh Lifecycle', { log: true });
  private readonly statusItem = new StatusItem();
  private readonly clusterItem = new ClusterStatusItem();
  private readonly disposables: vscode.Disposable[] = [this.output, this.statusItem, this.clusterItem];
  private client: LanguageClient | undefined;
  private clientDisposables: vscode.Disposable[] = [];
  /** Start, restart and stop run one after another, so a double-clicked restart cannot race. */
  private queue: Promise<void> = Promise.resolve();

  readonly api: Api = { status: () => this.statusItem.status, onDidChangeStatus: this.statusItem.onDidChange, clusterStatus: () => this.clusterItem.statuses };

  constructor(private readonly extension: vscode.ExtensionContext) {
    for (const [id, factory] of COMMANDS) this.disposables.push(vscode.commands.registerCommand(id, factory(this)));
    this.disposables.push(vscode.workspace.registerTextDocumentContentProvider(LiveObjectRequest.scheme, new LiveDocuments(() => this.client)));
    this.disposables.push(startYamlCoexistence(vscode, extension, this.output));
  }

  start(): Promise<void> {
    return this.enqueue(() => this.startClient());
  }

  /** A fresh client rather than `client.restart()`, so this also recovers from a failed start. */
  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopClient();
      await this.startClient();
    });
  }

  dispose(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopClient();
      for (const d of this.disposables.splice(0)) d.dispose();
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  private async startClient(): Promise<void> {
    const client = createLanguageClient(this.extension, this.output);
    this.client = client;
    this.clientDisposables = [
      client.onDidChangeState((e) => this.statusItem.set(fromClientState(e.newState, this.statusItem.status))),
      client.onNotification(StatusNotification.method, (params: StatusParams) => this.statusItem.set(params)),
      client.onNotification(ClusterStatusNotification.method, (params: ClusterStatusParams) => this.clusterItem.set(params)),
    ];
    this.clusterItem.clear();
    try {
      await client.start();
    } catch (error) {
      // The client already logged the cause; the status item says what to do next.
      this.output.error(`Could not start the language server: ${error instanceof Error ? error.message : String(error)}`);
      this.statusItem.set({ state: 'error', message: 'The language server failed to start; see the output.' });
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    // A client that never started or already died has nothing to stop; that is not an error.
    if (client?.needsStop()) await client.stop().catch((e: unknown) => this.output.warn(`Stopping the server: ${String(e)}`));
    await client?.dispose().catch(() => undefined);
  }
}
