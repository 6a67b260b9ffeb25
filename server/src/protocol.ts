/**
 * Custom messages between the extension and the server: the one server file the client imports.
 * Plain method names and payload types only, so importing it pulls no server code into the client.
 */

/** The server's health as the status item shows it. */
export type ServerState = 'starting' | 'ready' | 'error';

export interface StatusParams {
  readonly state: ServerState;
  /** A sentence for people: what is happening or what went wrong. */
  readonly message?: string;
}

/** Server -> client: the server's state changed. */
export const StatusNotification = { method: 'meshLifecycle/status' } as const;
