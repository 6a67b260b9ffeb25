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

/**
 * Client -> server: check the date-dependent findings (certificate expiry) against the current
 * time now, without waiting for the server's midnight re-check; e.g. after the machine resumed
 * from sleep. No parameters; the response comes once the re-check is queued.
 */
export const RecheckDatesRequest = { method: 'meshLifecycle/recheckDates' } as const;

// ---- Live cluster (server/src/cluster/) ----

/** How the cluster of a workspace folder is doing (cluster/health.ts decides). */
export type ClusterState = 'disabled' | 'error' | 'connecting' | 'offline' | 'degraded' | 'synced';

/** The sync state of one kind the cache follows. */
export type ClusterKindState = 'pending' | 'syncing' | 'synced' | 'stale' | 'retrying' | 'denied' | 'not-served';

export interface ClusterKindStatus {
  /** Group-qualified kind, e.g. "networking.istio.io/VirtualService" ("core/Service" for the core group). */
  readonly kind: string;
  readonly state: ClusterKindState;
  readonly objects: number;
  /** What is wrong with it, in plain words. */
  readonly problem?: string;
}

export interface ClusterStatusParams {
  /** The workspace folder URI, or null for files outside every folder. */
  readonly folder: string | null;
  /** The kubeconfig context in use, or null when there is none. */
  readonly context: string | null;
  readonly state: ClusterState;
  /** One or two sentences for the status item: context, sync state and the current problem. */
  readonly message: string;
  readonly kinds: readonly ClusterKindStatus[];
  /** The most recent problem, even if it is over, and when it happened (ISO 8601). */
  readonly lastProblem?: { readonly message: string; readonly at: string };
}

/** Server -> client: a folder's cluster status changed. */
export const ClusterStatusNotification = { method: 'meshLifecycle/clusterStatus' } as const;

export interface ClusterFindingsParams {
  /** A workspace folder URI; absent: every folder. */
  readonly folder?: string;
}

/** A finding on a live object that no workspace file defines. */
export interface LiveFinding {
  readonly folder: string | null;
  readonly context: string;
  readonly resource: { readonly apiVersion: string; readonly kind: string; readonly namespace: string; readonly name: string };
  readonly code: string;
  readonly name: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  /** Where in the object, as a path of keys and indexes. */
  readonly path?: readonly (string | number)[];
}

export interface ClusterFindingsResult {
  readonly findings: readonly LiveFinding[];
}

/** Client -> server: findings on live objects that have no file (a view for them comes later). */
export const ClusterFindingsRequest = { method: 'meshLifecycle/clusterFindings' } as const;

// ---- Editor features (server/src/features/) ----

export interface LiveObjectParams {
  /** A `mesh-lifecycle-live:` URI from a definition or reference result. */
  readonly uri: string;
}

export interface LiveObjectResult {
  /** The object as read-only YAML. */
  readonly text: string;
}

/**
 * Client -> server: the text of a live-cluster object that go-to-definition or find-references
 * pointed into (URI scheme `mesh-lifecycle-live`); null when the object is no longer known.
 */
export const LiveObjectRequest = { method: 'meshLifecycle/liveObject', scheme: 'mesh-lifecycle-live' } as const;
