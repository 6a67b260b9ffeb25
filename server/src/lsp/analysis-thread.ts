/**
 * The language server's analysis thread (a worker started by front-process.ts): the whole
 * language server (language-server.ts) on a connection over the worker's MessagePort, plus the
 * "ready" signal the front's flow control waits for.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createConnection, PortMessageReader, PortMessageWriter, ProposedFeatures } from 'vscode-languageserver/node';
import { serve } from './language-server';

/** What the front gives the thread when it starts it. */
export interface ThreadData {
  /** Where the thread says it is ready for more messages. */
  readonly control: MessagePort;
}

/** The analysis thread: the language server on a connection over the worker's port. */
export function runAnalysisThread(): void {
  const port = parentPort!;
  const { control } = workerData as ThreadData;
  let signalled = false;
  const ready = (): void => {
    if (signalled) return;
    signalled = true;
    setTimeout(() => {
      signalled = false;
      control.postMessage('ready');
    }, 0);
  };
  port.on('message', ready);
  serve(createConnection(ProposedFeatures.all, new PortMessageReader(port), new PortMessageWriter(port)));
  ready();
}
