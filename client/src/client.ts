/**
 * How the language client is configured: which server, which documents, which settings. Kept
 * apart from `Ctx` so the lifecycle code does not mix with protocol options.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Also the settings prefix: the client reads `meshLifecycle.trace.server` by this id. */
export const CLIENT_ID = 'meshLifecycle';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  // The server is bundled next to the client, so it is found from the extension's own folder,
  // whether the extension runs from the repository or from an installed .vsix.
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = { module, transport: TransportKind.ipc };
  const clientOptions: LanguageClientOptions = {
    // Untitled buffers are checked too, so a pasted manifest gets findings before it is saved.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    // The server pulls settings per document scope; this only tells it when to pull again.
    synchronize: { configurationSection: CLIENT_ID },
    // Where the server caches a cluster's CRD schemas between sessions (cluster/crd-cache.ts).
    initializationOptions: { cacheDir: context.globalStorageUri.fsPath },
    outputChannel: output,
  };
  return new LanguageClient(CLIENT_ID, 'Mesh Lifecycle', serverOptions, clientOptions);
}
