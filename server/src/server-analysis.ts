/**
 * The analysis thread's entry point (`dist/server-analysis.js`): started as a worker by the
 * server's main thread (server.ts), never run on its own.
 */
import { isMainThread } from 'node:worker_threads';
import { runAnalysisThread } from './lsp/analysis-thread';

if (isMainThread) {
  process.stderr.write('server-analysis.js is the language server\'s analysis thread; start server.js instead (mesh-lifecycle-ls --stdio).\n');
  process.exitCode = 2;
} else {
  runAnalysisThread();
}
