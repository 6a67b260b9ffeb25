/**
 * The language server's entry point (`dist/server.js`, `mesh-lifecycle-ls --stdio` for any LSP
 * client, `--node-ipc` from the VS Code extension): the main thread, which keeps request deadlines
 * (lsp/front-process.ts) and starts the analysis thread from server-analysis.js beside this file.
 * The two are separate bundles so that this thread loads nothing of the engine and starts fast.
 */
import path from 'node:path';
import { startFront } from './lsp/front-process';

startFront(process.argv.slice(2), path.join(__dirname, 'server-analysis.js'));
