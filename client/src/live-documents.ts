/**
 * Live-cluster objects that go-to-definition or find-references point into, shown read-only.
 * The server renders them (features/live-objects.ts); this provider only asks for the text of a
 * `mesh-lifecycle-live:` URI, so the ranges the server computed match what the editor shows.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LiveObjectRequest, type LiveObjectParams, type LiveObjectResult } from '../../server/src/protocol';

export class LiveDocuments implements vscode.TextDocumentContentProvider {
  /** `client` is read on each request: the client may have been restarted or be down. */
  constructor(private readonly client: () => LanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const client = this.client();
    if (!client?.isRunning()) return '# The Mesh Lifecycle language server is not running; restart it to see live objects.\n';
    const params: LiveObjectParams = { uri: uri.toString() };
    const result = await client.sendRequest<LiveObjectResult | null>(LiveObjectRequest.method, params, token);
    return result?.text ?? '# This object is no longer known: the cluster may have deleted it, or the connection was lost.\n';
  }
}
