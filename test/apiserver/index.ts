/**
 * A Kubernetes API test server: `startApiServer(options)`.
 *
 * Starts an HTTP server on 127.0.0.1 (a free port unless one is given) that speaks the Kubernetes
 * API closely enough for the real kubectl and client libraries: discovery, OpenAPI v3, CRUD,
 * LIST/WATCH with resourceVersion semantics, patches, server-side apply, dry runs, schema
 * admission, the status subresource. It serves the built-in kinds the project relies on and every
 * custom resource in schemas/index.json, and CRDs created through the API. See docs/apiserver.md.
 *
 * The returned handle carries a kubeconfig file pointing at the server and `controls`, through
 * which a test injects faults (latency, 5xx/429, resets, corrupted answers, outages, dropped
 * watches), denies requests, forces compaction, reads the request log and seeds objects without
 * HTTP.
 *
 * Every suite starts its own server; nothing is shared between servers but parsed schema files.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { DenyRule } from './auth';
import { loadCatalog } from './catalog';
import type { AppliedCorruption, Corruption } from './corrupt';
import type { OutageMode, RequestMatch } from './faults';
import { matches } from './faults';
import { createHandler } from './http';
import { writeKubeconfig } from './kubeconfig';
import { splitApiVersion } from './resources';
import { ApiState, type Ctx, type RequestRecord } from './state';
import { ApiError } from './status';
import { objectKey } from './store';
import { selfSignedCertificate } from './tls';
import type { KubeObject } from './types';
import { persist } from './writes';

export type { DenyRule } from './auth';
export { BODY_CORRUPTIONS, HARMLESS, STREAM_CORRUPTIONS } from './corrupt';
export type { AppliedCorruption, BodyCorruption, Corruption, StreamCorruption } from './corrupt';
export type { OutageMode, RequestMatch } from './faults';
export type { RequestRecord } from './state';
export type { KubeObject } from './types';
export { ApiError } from './status';

/** Options of `startApiServer`. All are optional. */
export interface ApiServerOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Require this bearer token (kubeconfig carries it); requests without it get 401. */
  token?: string;
  /** The user name of `token` (default `test-user`), or of every request when there is no token (default `system:anonymous`). */
  user?: string;
  /** More tokens, mapped to user names. */
  tokens?: Record<string, string>;
  /**
   * Serve HTTPS with a fresh self-signed certificate (the kubeconfig trusts it). Defaults to true
   * when a token is configured, because kubectl sends bearer tokens over TLS only.
   */
  tls?: boolean;
  /** The kubeconfig context's default namespace (default `default`). */
  namespace?: string;
  /** Where schemas/ is (default: found from the repository root). */
  schemasDir?: string;
  /** Serve the CRDs of schemas/index.json (default true). */
  loadCrds?: boolean;
  /** Which Gateway API channel's schemas to serve (default experimental). */
  gatewayApiChannel?: 'standard' | 'experimental';
  /** Events kept for watch resumption and consistent paging (default 10,000). */
  historyLimit?: number;
  /** Period of BOOKMARK events on watches that allow them (default 60,000 ms). */
  bookmarkIntervalMs?: number;
  /** Serve aggregated discovery (default true); false exercises the per-group documents. */
  aggregatedDiscovery?: boolean;
  /** Largest request body accepted (default 3 MiB). */
  maxBodyBytes?: number;
  /** Unsent watch output after which a slow watcher is disconnected (default 16 MiB). */
  watchBufferBytes?: number;
  /** The version /version reports (default v1.32.4, matching the kubectl on the test machines). */
  gitVersion?: string;
  /** Objects to create at startup, through admission (as if POSTed by `seeder`). */
  objects?: KubeObject[];
}

/** Fault injection and inspection, for the test that owns the server. */
export interface ApiServerControls {
  /** Adds latency to every request (or to matching ones); 0 turns it off. */
  setLatency(ms: number, match?: RequestMatch): void;
  /** The next `count` matching requests fail with `status` (default 503), with Retry-After if given. */
  failNext(count: number, options?: RequestMatch & { status?: number; retryAfterSeconds?: number }): void;
  /** The next `count` matching requests have their connection destroyed before any response. */
  resetNext(count: number, match?: RequestMatch): void;
  /**
   * The next `count` matching requests (Infinity: until restore()) get a corrupted answer:
   * `kind`, or a pick per request from a random sequence seeded by `seed` (corrupt.ts lists them).
   */
  corruptNext(count: number, options?: RequestMatch & { kind?: Corruption | 'random'; seed?: number }): void;
  /** The corruptions written to answers since the last clearRequests(), oldest first. */
  corruptions(): readonly AppliedCorruption[];
  /** Requests still to fail, be reset or be corrupted by the countdown rules. */
  pendingFaults(): { failures: number; resets: number; corruptions: number };
  /** Ends open watch streams (all, or those whose URL matches); returns how many. */
  dropWatches(match?: RequestMatch): number;
  /** Starts an outage: 'reset' destroys every connection, 'refuse' closes the port, 'unavailable' answers 503. */
  outage(mode?: OutageMode): Promise<void>;
  /** Ends an outage and clears every fault rule. */
  restore(): Promise<void>;
  /** Denies matching requests with 403 Forbidden. */
  deny(rule: DenyRule): void;
  /** Removes every deny rule. */
  allowAll(): void;
  /** Drops the event history: older resourceVersions now get 410 Expired. */
  compact(): void;
  /** Changes how many events are kept. */
  setHistoryLimit(events: number): void;
  /** Changes the BOOKMARK period of watches (takes effect at their next bookmark). */
  setBookmarkInterval(ms: number): void;
  /** The current global resourceVersion. */
  resourceVersion(): string;
  /** How many watch streams are open. */
  openWatches(): number;
  /** The request log (oldest first), bounded to the last couple of thousand requests. */
  requests(): readonly RequestRecord[];
  clearRequests(): void;
  /** Creates objects in-process through admission (fast setup for large tests). */
  seed(objects: KubeObject[], fieldManager?: string): KubeObject[];
  /** Reads a stored object in-process (in its stored version), or undefined. */
  get(apiVersion: string, kind: string, name: string, namespace?: string): KubeObject | undefined;
  /** Number of stored objects (all kinds, including the CRDs and initial namespaces). */
  objectCount(): number;
  /** Why the project's CRDs are not served, when they are not (schemas/index.json missing). */
  catalogProblem(): string | undefined;
}

/** A running server. */
export interface ApiServer {
  /** `http://127.0.0.1:<port>`, or `https://` when serving TLS. */
  url: string;
  port: number;
  /** The server certificate (PEM) when serving TLS: trust it as a CA. */
  ca?: string;
  /** A kubeconfig file for this server (removed by stop()). */
  kubeconfigPath: string;
  controls: ApiServerControls;
  /** Closes watches and connections, stops listening and removes the kubeconfig. */
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function close(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
}

/** Starts a server; see ApiServerOptions. */
export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const catalog = loadCatalog({ schemasDir: options.schemasDir, gatewayApiChannel: options.gatewayApiChannel, loadCrds: options.loadCrds });
  const tokens: Record<string, string> = { ...(options.tokens ?? {}) };
  if (options.token) tokens[options.token] = options.user ?? 'test-user';
  const defaultUser = options.token ? 'system:anonymous' : (options.user ?? 'system:anonymous');
  const api = new ApiState(
    {
      historyLimit: options.historyLimit ?? 10_000,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      maxBodyBytes: options.maxBodyBytes ?? 3 * 1024 * 1024,
      watchBufferBytes: options.watchBufferBytes ?? 16 * 1024 * 1024,
      aggregatedDiscovery: options.aggregatedDiscovery ?? true,
      gitVersion: options.gitVersion ?? 'v1.32.4',
    },
    catalog,
    tokens,
    defaultUser,
  );

  let port = options.port ?? 0;
  const sockets = new Set<Socket>();
  const handler = createHandler(api, () => `127.0.0.1:${port}`);
  const useTls = options.tls ?? Object.keys(tokens).length > 0;
  const certificate = useTls ? selfSignedCertificate() : undefined;
  const server: Server = certificate
    ? createTlsServer({ key: certificate.key, cert: certificate.cert, keepAliveTimeout: 30_000 }, handler)
    : createServer({ keepAliveTimeout: 30_000 }, handler);
  // Plain connections for http; for https the raw TCP socket is seen here too, before TLS.
  server.on('connection', (socket: Socket) => {
    // During a 'reset' outage a connection is cut as soon as it is made.
    if (api.faults.outage === 'reset' || api.faults.outage === 'refuse') {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  port = await listen(server, port);
  const url = `${certificate ? 'https' : 'http'}://127.0.0.1:${port}`;
  const kubeconfig = writeKubeconfig(url, options.token, options.namespace ?? 'default', certificate?.cert);

  const seed = (objects: KubeObject[], fieldManager = 'seeder'): KubeObject[] =>
    objects.map((obj) => {
      const { group, version } = splitApiVersion(obj.apiVersion ?? '');
      const rt = api.registry.all().find((r) => r.group === group && r.version === version && r.kind === obj.kind && !r.virtual);
      if (!rt) throw new Error(`no served resource for ${obj.apiVersion ?? '?'} ${obj.kind ?? '?'}`);
      const namespace = rt.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined;
      const ctx: Ctx = {
        api,
        rt,
        req: { group, version, resource: rt.plural, namespace, verb: 'create' },
        query: new URLSearchParams({ fieldManager }),
        headers: { 'user-agent': 'apiserver-seed' },
        user: 'system:admin',
        body: Buffer.alloc(0),
        warnings: [],
      };
      try {
        return persist(ctx, { candidate: { ...obj, metadata: { ...obj.metadata } } }).body as KubeObject;
      } catch (err) {
        if (err instanceof ApiError) throw new Error(`seeding ${obj.kind ?? ''} ${obj.metadata?.name ?? ''}: ${err.status.message ?? err.status.reason ?? ''}`);
        throw err;
      }
    });
  if (options.objects) seed(options.objects);

  const dropWatches = (match: RequestMatch = {}): number => {
    let n = 0;
    for (const w of [...api.watches]) {
      if (!matches(match, { method: 'GET', url: w.url })) continue;
      w.close();
      n++;
    }
    return n;
  };

  const controls: ApiServerControls = {
    setLatency: (ms, match) => api.faults.setLatency(ms, match),
    failNext: (count, o = {}) => api.faults.failNext(count, o.status ?? 503, { path: o.path, method: o.method }, o.retryAfterSeconds),
    resetNext: (count, match) => api.faults.resetNext(count, match),
    corruptNext: (count, o = {}) => api.faults.corruptNext(count, { path: o.path, method: o.method }, o.kind ?? 'random', o.seed ?? 1),
    corruptions: () => [...api.faults.applied],
    pendingFaults: () => api.faults.pending(),
    dropWatches,
    async outage(mode = 'reset') {
      api.faults.outage = mode;
      if (mode === 'unavailable') {
        dropWatches();
        return;
      }
      for (const s of sockets) s.destroy();
      if (mode === 'refuse') await close(server, sockets);
    },
    async restore() {
      const was = api.faults.outage;
      api.faults.clear();
      if (was === 'refuse' && !server.listening) await listen(server, port);
    },
    deny: (rule) => api.auth.deny(rule),
    allowAll: () => api.auth.allowAll(),
    compact: () => api.store.compact(),
    setHistoryLimit: (events) => api.store.setHistoryLimit(events),
    setBookmarkInterval: (ms) => {
      api.bookmarkIntervalMs = ms;
    },
    resourceVersion: () => String(api.store.currentRv()),
    openWatches: () => api.watches.size,
    requests: () => [...api.requestLog],
    clearRequests: () => {
      api.requestLog.length = 0;
      api.faults.applied.length = 0;
    },
    seed,
    get(apiVersion, kind, name, namespace) {
      const { group } = splitApiVersion(apiVersion);
      const rt = api.registry.all().find((r) => r.group === group && r.kind === kind);
      return rt ? api.store.get(rt.storageKey, objectKey(rt.namespaced ? (namespace ?? 'default') : undefined, name)) : undefined;
    },
    objectCount: () => api.store.count(),
    catalogProblem: () => catalog.missing,
  };

  let stopped = false;
  return {
    url,
    port,
    ca: certificate?.cert,
    kubeconfigPath: kubeconfig.path,
    controls,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const w of [...api.watches]) w.close();
      await close(server, sockets);
      kubeconfig.remove();
    },
  };
}
