/**
 * Stopping a test's language server, shared by the clients in lspClient.ts and lspWorkspace.ts.
 */
import type { ChildProcess } from 'node:child_process';
import type { MessageConnection } from 'vscode-languageserver/node';

/**
 * Asks the server to shut down and exit, as an editor would, then waits for its process to end,
 * killing it when it has not ended within three seconds.
 */
export async function stopServer(connection: MessageConnection, child: ChildProcess): Promise<void> {
  try {
    await connection.sendRequest('shutdown');
    connection.sendNotification('exit');
  } catch {
    // The process may already be gone; killing it below is enough.
  }
  connection.dispose();
  // A process killed by a signal keeps exitCode null: signalCode says it has ended too.
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 3000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
    });
  }
}
