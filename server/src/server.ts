/**
 * The language server's entry point (`dist/server.js`, `mesh-lifecycle-ls --stdio` for any LSP
 * client, `--node-ipc` from the VS Code extension). The same file runs on both of the server's
 * threads: the main thread keeps request deadlines, the worker thread analyses (lsp/threads.ts).
 */
import { isMainThread } from 'node:worker_threads';
import { runAnalysisThread, startFront } from './lsp/threads';

if (isMainThread) startFront(process.argv.slice(2), __filename);
else runAnalysisThread();
