/**
 * LSP wiring — the only file that imports the server side of vscode-languageserver's connection.
 * Everything it calls is plain engine code; this file only moves messages.
 *
 * Started as `mesh-lifecycle-ls --stdio` by any LSP client, or with `--node-ipc` by the VS Code
 * extension. Settings are pulled per document scope (workspace/configuration), never kept in
 * globals, and re-pulled when the client says they changed.
 */
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { configFrom, type AnalysisConfig } from './analysis/config';
import { createAnalyzer } from './analysis/create';
import type { Analyzer } from './analysis/analyzer';
import { toDiagnostic } from './features/diagnostics';
import { StatusNotification } from './protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let canPullConfiguration = false;

/** One analyzer per distinct configuration, so documents with equal settings share caches. */
const analyzers = new Map<string, Analyzer>();
const configByUri = new Map<string, Promise<AnalysisConfig>>();
/** Pending analysis per document: a burst of keystrokes costs one run, on the latest text. */
const scheduled = new Map<string, NodeJS.Immediate>();

connection.onInitialize((params) => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'mesh-lifecycle-ls' },
  };
});

connection.onInitialized(() => {
  connection.sendNotification(StatusNotification.method, { state: 'ready', message: 'Watching YAML files.' });
});

connection.onDidChangeConfiguration(() => {
  configByUri.clear();
  for (const doc of documents.all()) schedule(doc.uri);
});

documents.onDidOpen((e) => schedule(e.document.uri));
documents.onDidChangeContent((e) => schedule(e.document.uri));
documents.onDidClose((e) => {
  const pending = scheduled.get(e.document.uri);
  if (pending) clearImmediate(pending);
  scheduled.delete(e.document.uri);
  configByUri.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

function schedule(uri: string): void {
  const pending = scheduled.get(uri);
  if (pending) clearImmediate(pending);
  scheduled.set(uri, setImmediate(() => {
    scheduled.delete(uri);
    void validate(uri);
  }));
}

async function validate(uri: string): Promise<void> {
  const before = documents.get(uri);
  if (!before) return;
  try {
    const analyzer = analyzerFor(await configFor(uri));
    // Settings may have arrived after more keystrokes: analyse the text as it is now.
    const doc = documents.get(uri);
    if (!doc) return;
    const findings = analyzer.analyzeText(uri, doc.getText());
    await connection.sendDiagnostics({ uri, version: doc.version, diagnostics: findings.map(toDiagnostic) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    connection.console.error(`Analysis of ${uri} failed: ${message}`);
    connection.sendNotification(StatusNotification.method, { state: 'error', message: `Analysis failed: ${message}` });
  }
}

function configFor(uri: string): Promise<AnalysisConfig> {
  let pending = configByUri.get(uri);
  if (!pending) {
    pending = canPullConfiguration
      ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'meshLifecycle' }).then(configFrom, () => configFrom({}))
      : Promise.resolve(configFrom({}));
    configByUri.set(uri, pending);
  }
  return pending;
}

function analyzerFor(config: AnalysisConfig): Analyzer {
  const key = JSON.stringify(config);
  let analyzer = analyzers.get(key);
  if (!analyzer) {
    analyzer = createAnalyzer(config);
    analyzers.set(key, analyzer);
  }
  return analyzer;
}

documents.listen(connection);
connection.listen();
