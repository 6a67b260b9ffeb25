/**
 * The front's queue of client messages the analysis thread has not been handed yet (front.ts).
 * While that thread is busy, messages wait here, and two things keep what it gets small:
 *
 * - consecutive `textDocument/didChange` notifications of one document merge into one: LSP applies
 *   a notification's content changes in order, so one notification carrying both lists, with the
 *   later version, leaves the document exactly as the two would (typing during a long analysis
 *   then costs one more analysis, not one per keystroke);
 * - a request the front has already answered (its deadline passed, or the client cancelled it)
 *   is taken out, so the thread never spends time on it.
 *
 * Only adjacent notifications merge: a request between two changes must see the text as it was
 * when the client sent it.
 */

/** A JSON-RPC 2.0 message as it travels between client, front and analysis thread. */
export interface RpcMessage {
  readonly jsonrpc: string;
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

const DID_CHANGE = 'textDocument/didChange';

interface DidChangeParams {
  readonly textDocument: { readonly uri: string; readonly version: number };
  readonly contentChanges: readonly unknown[];
}

/** A request (has both a method and an id), as opposed to a notification or a response. */
export function isRequest(message: RpcMessage): boolean {
  return typeof message.method === 'string' && message.id !== undefined && message.id !== null;
}

/** A response (an id and no method). */
export function isResponse(message: RpcMessage): boolean {
  return message.method === undefined && message.id !== undefined;
}

/** A key for an id that keeps 1 and "1" apart. */
export function idKey(id: number | string): string {
  return `${typeof id}:${id}`;
}

function didChangeOf(message: RpcMessage): DidChangeParams | null {
  if (message.method !== DID_CHANGE || message.id !== undefined) return null;
  const params = message.params as Partial<DidChangeParams> | undefined;
  if (typeof params?.textDocument?.uri !== 'string' || !Array.isArray(params.contentChanges)) return null;
  return params as DidChangeParams;
}

export class Outbox {
  private messages: RpcMessage[] = [];

  get size(): number {
    return this.messages.length;
  }

  push(message: RpcMessage): void {
    const next = didChangeOf(message);
    const last = this.messages[this.messages.length - 1];
    const previous = last ? didChangeOf(last) : null;
    if (next && previous && previous.textDocument.uri === next.textDocument.uri) {
      const merged: DidChangeParams = {
        textDocument: next.textDocument,
        contentChanges: [...previous.contentChanges, ...next.contentChanges],
      };
      this.messages[this.messages.length - 1] = { jsonrpc: message.jsonrpc, method: DID_CHANGE, params: merged };
      return;
    }
    this.messages.push(message);
  }

  /** Takes out the request with this id; false when it is not waiting here (already handed over). */
  removeRequest(id: number | string): boolean {
    const key = idKey(id);
    const at = this.messages.findIndex((m) => isRequest(m) && idKey(m.id as number | string) === key);
    if (at < 0) return false;
    this.messages.splice(at, 1);
    return true;
  }

  /** Everything waiting, in order, leaving the outbox empty. */
  take(): RpcMessage[] {
    const taken = this.messages;
    this.messages = [];
    return taken;
  }
}
