/**
 * One workspace's link to its cluster: settings in, a pooled ClusterCache out, and the two things
 * a Workspace takes from it.
 *
 *   openClusterLink(settings, kinds, env)
 *     settings off / no kubeconfig   -> a disabled link (status says why; nothing else happens)
 *     kubeconfig or context broken   -> an error link (status says what to fix)
 *     otherwise                      -> ClusterPool lease on the cache for (kubeconfig files,
 *                                       context, namespaces, kinds, cache dir)
 *   link.update(workspace, schemas)
 *     live objects -> workspace.setCluster (files override live objects with the same identity)
 *     CRD schemas  -> workspace.setValidator (a validator whose catalog carries the cluster's
 *                     CRDs), only when the CRD set changed
 *   link.status(), link.liveFindings(result)
 *
 * The server calls update() for each folder whenever the cache reports a change, then analyzes;
 * the CLI calls it once after the cache settles.
 */
import { bundledSchemasDir, sharedValidator } from '../analysis/create';
import type { Workspace } from '../analysis/workspace';
import type { Finding } from '../findings/finding';
import type { Kind } from '../model/kinds';
import type { LiveFinding } from '../protocol';
import { Catalog } from '../schema/catalog';
import { SchemaValidator } from '../schema/validator';
import { ClusterCache, type CacheChange, type ClusterCacheOptions, type ClusterSnapshot } from './cache';
import { disabledStatus, errorStatus, type ClusterStatus } from './health';
import { kubeconfigFiles, KubeconfigError, loadKubeconfig, targetFor, type ClusterTarget } from './kubeconfig';
import { liveFindings } from './live-findings';
import type { ClusterPool, Lease } from './pool';
import type { ClusterSettings } from './settings';
import { kubeTransport } from './transport';

export interface LinkEnvironment {
  readonly pool: ClusterPool;
  /** Where CRD schemas are cached between runs; null: not at all. */
  readonly cacheDir: string | null;
  readonly log: (line: string) => void;
  /** For kubeconfig lookup ($KUBECONFIG, HOME); default: the process's. */
  readonly env?: NodeJS.ProcessEnv;
  readonly home?: string;
  /** Keep watching (default true); the CLI lists once. */
  readonly watch?: boolean;
  /** Test and benchmark tuning of the cache. */
  readonly tuning?: Partial<Pick<ClusterCacheOptions, 'policy' | 'random' | 'watchTimeoutSeconds' | 'debounceMs' | 'pageSize'>>;
}

/** What the validator needs to be rebuilt with a cluster's CRDs. */
export interface SchemaSettings {
  readonly schemasDir?: string;
  readonly gatewayApiChannel: 'standard' | 'experimental';
}

interface Applied {
  snapshot: ClusterSnapshot | null;
  fingerprint: string;
  /** Whether the workspace validates with cluster CRD schemas (not the bundled ones). */
  custom: boolean;
}

/**
 * What each workspace last received, whichever link gave it: a folder re-linked to the same
 * cache (a settings reload) then costs nothing, and one re-linked to no cluster is cleared.
 */
const applied = new WeakMap<Workspace, Applied>();

export class ClusterLink {
  private constructor(
    private readonly lease: Lease | null,
    private readonly fixed: ClusterStatus | null,
    readonly target: ClusterTarget | null,
  ) {}

  static disabled(reason: string): ClusterLink {
    return new ClusterLink(null, disabledStatus(reason), null);
  }

  static failed(context: string | null, message: string): ClusterLink {
    return new ClusterLink(null, errorStatus(context, message), null);
  }

  static live(lease: Lease, target: ClusterTarget): ClusterLink {
    return new ClusterLink(lease, null, target);
  }

  get context(): string | null {
    return this.target?.context ?? this.fixed?.context ?? null;
  }

  get cache(): ClusterCache | null {
    return this.lease?.cache ?? null;
  }

  status(): ClusterStatus {
    return this.fixed ?? this.lease!.cache.status();
  }

  /**
   * Brings a workspace up to date with the cluster; returns whether anything was handed over.
   * Cheap when nothing changed (the snapshot and the schema fingerprint are compared first).
   */
  update(workspace: Workspace, schemas: SchemaSettings): boolean {
    const cache = this.lease?.cache;
    const state = applied.get(workspace) ?? { snapshot: null, fingerprint: '', custom: false };
    if (!cache) {
      // No cluster (any more): take back what an earlier link handed over.
      if (state.snapshot === null && !state.custom) return false;
      if (state.custom) workspace.setValidator(sharedValidator(schemas.gatewayApiChannel, schemas.schemasDir ?? bundledSchemasDir()));
      if (state.snapshot !== null) workspace.setCluster('', [], []);
      applied.delete(workspace);
      return true;
    }
    let changed = false;
    const fingerprint = cache.overlayFingerprint();
    const overlay = cache.overlay();
    if (fingerprint !== state.fingerprint && (overlay.length > 0 || state.custom)) {
      workspace.setValidator(validatorFor(schemas, overlay, fingerprint));
      state.custom = overlay.length > 0;
      changed = true;
    }
    state.fingerprint = fingerprint;
    const snapshot = cache.snapshot();
    if (snapshot !== state.snapshot) {
      workspace.setCluster(snapshot.context, snapshot.objects, snapshot.listedKinds);
      state.snapshot = snapshot;
      changed = true;
    }
    applied.set(workspace, state);
    return changed;
  }

  liveFindings(findings: ReadonlyMap<string, readonly Finding[]>, folder: string | null): LiveFinding[] {
    return this.target ? liveFindings(findings, this.target.context, folder) : [];
  }

  dispose(): void {
    this.lease?.release();
  }
}

/** Opens the link for one workspace's settings; never throws (problems become its status). */
export async function openClusterLink(
  settings: ClusterSettings,
  kinds: readonly Kind[],
  env: LinkEnvironment,
  onChange: (change: CacheChange) => void,
): Promise<ClusterLink> {
  if (!settings.enabled) return ClusterLink.disabled('Cluster checks are off (setting meshLifecycle.cluster.enabled).');
  // A given environment decides alone (tests pass HOME without KUBECONFIG); else the process's.
  const files = kubeconfigFiles(settings.kubeconfig, env.env ?? process.env, env.home ?? env.env?.['HOME'] ?? undefined);
  if (files.length === 0) {
    return settings.kubeconfig !== null
      ? ClusterLink.failed(null, `The kubeconfig ${settings.kubeconfig} does not exist; cluster checks are off.`)
      : ClusterLink.disabled('No kubeconfig found ($KUBECONFIG or ~/.kube/config); cluster checks are off.');
  }
  let target: ClusterTarget;
  try {
    target = await targetFor(await loadKubeconfig(files), settings.context);
  } catch (error) {
    if (!(error instanceof KubeconfigError)) throw error;
    return ClusterLink.failed(settings.context, `${error.message} Cluster checks are off until it is fixed.`);
  }
  const key = JSON.stringify({ files, context: target.context, server: target.server, namespaces: settings.namespaces, kinds: [...kinds].sort(), cacheDir: env.cacheDir, watch: env.watch ?? true });
  const lease = env.pool.acquire(key, (notify) => new ClusterCache({
    context: target.context,
    transport: kubeTransport(target.kubeConfig, target.server),
    kinds,
    namespaces: settings.namespaces,
    schemaGroups: schemaGroups(),
    cacheDir: env.cacheDir,
    watch: env.watch ?? true,
    log: env.log,
    onChange: notify,
    ...env.tuning,
  }), onChange);
  return ClusterLink.live(lease, target);
}

let groups: ReadonlySet<string> | null = null;

/** API groups the bundled catalog knows: CRDs of these groups replace bundled schemas. */
export function schemaGroups(): ReadonlySet<string> {
  if (!groups) {
    let dir: string | null = null;
    try {
      dir = bundledSchemasDir();
    } catch {
      dir = null;
    }
    groups = new Set(dir ? new Catalog(dir).entries().map((e) => e.group).filter((g) => g !== '') : []);
  }
  return groups;
}

const validators = new Map<string, SchemaValidator>();

/** A validator with a cluster's CRDs (shared by folders with the same schemas), or the bundled one. */
export function validatorFor(schemas: SchemaSettings, overlay: ReturnType<ClusterCache['overlay']>, fingerprint: string): SchemaValidator {
  const schemasDir = schemas.schemasDir ?? bundledSchemasDir();
  if (overlay.length === 0) {
    // Back to the bundled schemas: the validator every workspace without a cluster uses.
    return sharedValidator(schemas.gatewayApiChannel, schemasDir);
  }
  const key = `${schemasDir}\u0000${schemas.gatewayApiChannel}\u0000${fingerprint}`;
  let v = validators.get(key);
  if (!v) {
    // Keep a handful: contexts are few, and an old CRD set is rarely needed again.
    if (validators.size >= 8) validators.delete(validators.keys().next().value!);
    v = new SchemaValidator({ schemasDir, gatewayApiChannel: schemas.gatewayApiChannel, overlay: [...overlay] });
    validators.set(key, v);
  }
  return v;
}
