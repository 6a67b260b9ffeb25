/**
 * The language server's side of the cluster: one ClusterLink per workspace folder (sharing caches
 * through a pool), kept in step with the folder's Workspace, and reported to the client.
 *
 *   attach(folder, settings section, config, workspace)  (when the host builds a folder)
 *     -> openClusterLink(cluster settings, kinds the enabled rules read)
 *     -> update() now (cached CRD schemas, whatever is already cached)
 *   cache change ─> onChange(folder): the server queues FolderCluster.update() (the live objects
 *               │   and schemas into the workspace, in turn with its other work) and analyses
 *               └─> status changed? ─> onStatus(ClusterStatusParams): the client's status item
 *   analyzed(result) after each analysis -> live findings kept per folder for ClusterFindingsRequest
 *
 * No LSP types: the server moves the messages.
 */
import type { AnalysisConfig } from '../analysis/config';
import type { Workspace } from '../analysis/workspace';
import type { Finding } from '../findings/finding';
import type { ClusterStatusParams, LiveFinding } from '../protocol';
import { RULES } from '../rules/registry';
import type { ClusterCacheOptions } from './cache';
import type { ClusterStatus } from './health';
import { openClusterLink, type ClusterLink } from './link';
import { ClusterPool } from './pool';
import { clusterSettingsFrom } from './settings';
import { enabledRules, watchedKinds } from './watched-kinds';

export interface ClusterHostEnvironment {
  /** Where CRD schemas are cached: the extension's global storage, else $XDG_CACHE_HOME/mesh-lifecycle. */
  readonly cacheDir: string | null;
  readonly log: (line: string) => void;
  /** A folder's cluster has new objects or schemas: call its update() (then analyse) soon. */
  readonly onChange: (folder: string | null) => void;
  /** A folder's cluster status changed. */
  readonly onStatus: (status: ClusterStatusParams) => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly tuning?: Partial<Pick<ClusterCacheOptions, 'policy' | 'random' | 'watchTimeoutSeconds' | 'debounceMs'>>;
}

/** One folder's attachment. */
export class FolderCluster {
  private live: LiveFinding[] = [];
  private lastStatus = '';

  constructor(
    readonly folder: string | null,
    readonly link: ClusterLink,
    private readonly workspace: Workspace,
    private readonly config: AnalysisConfig,
    private readonly host: ClusterHostEnvironment,
  ) {}

  /** Hands new cluster state to the workspace; true when it changed anything. */
  update(): boolean {
    return this.link.update(this.workspace, { gatewayApiChannel: this.config.gatewayApiChannel });
  }

  status(): ClusterStatusParams {
    return statusParams(this.folder, this.link.status());
  }

  /** Sends the status when it differs from the last one sent. */
  publishStatus(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.host.onStatus(status);
  }

  /** Records the live findings of an analysis result (call after every Workspace.analyze()). */
  analyzed(findings: ReadonlyMap<string, readonly Finding[]>): void {
    this.live = this.link.liveFindings(findings, this.folder);
  }

  get liveFindings(): readonly LiveFinding[] {
    return this.live;
  }

  dispose(): void {
    this.link.dispose();
  }
}

export class ClusterHost {
  private readonly pool = new ClusterPool();
  private readonly attached = new Set<FolderCluster>();

  constructor(private readonly env: ClusterHostEnvironment) {}

  /** Links a folder's workspace to the cluster its settings name. Never throws. */
  async attach(folder: string | null, section: unknown, config: AnalysisConfig, workspace: Workspace): Promise<FolderCluster> {
    const settings = clusterSettingsFrom(section);
    const kinds = watchedKinds(enabledRules(RULES, config.rules));
    let attachment: FolderCluster | null = null;
    const link = await openClusterLink(settings, kinds, {
      pool: this.pool,
      cacheDir: this.env.cacheDir,
      log: this.env.log,
      ...(this.env.env ? { env: this.env.env } : {}),
      ...(this.env.tuning ? { tuning: this.env.tuning } : {}),
    }, (change) => {
      const a = attachment;
      if (!a || !this.attached.has(a)) return;
      if (change.objects || change.schemas) this.env.onChange(a.folder);
      a.publishStatus();
    });
    attachment = new FolderCluster(folder, link, workspace, config, this.env);
    this.attached.add(attachment);
    attachment.update();
    attachment.publishStatus();
    return attachment;
  }

  /** Drops a folder's attachment (its cache stops when no folder uses it any more). */
  detach(attachment: FolderCluster | null | undefined): void {
    if (!attachment || !this.attached.delete(attachment)) return;
    attachment.dispose();
  }

  /** The attachment of a folder, if it has one. */
  of(folder: string | null): FolderCluster | undefined {
    return [...this.attached].find((a) => a.folder === folder);
  }

  /** Live findings of every attached folder, or of one. */
  liveFindings(folder?: string): LiveFinding[] {
    return [...this.attached].filter((a) => folder === undefined || a.folder === folder).flatMap((a) => a.liveFindings);
  }

  statuses(): ClusterStatusParams[] {
    return [...this.attached].map((a) => a.status());
  }

  async dispose(): Promise<void> {
    for (const a of this.attached) a.dispose();
    this.attached.clear();
    await this.pool.dispose();
  }
}

/** The protocol form of a status. */
export function statusParams(folder: string | null, status: ClusterStatus): ClusterStatusParams {
  return {
    folder,
    context: status.context,
    state: status.state,
    message: status.message,
    kinds: status.kinds.map((k) => ({ kind: k.kind, state: k.state, objects: k.objects, ...(k.problem ? { problem: k.problem } : {}) })),
    ...(status.lastProblem ? { lastProblem: { message: status.lastProblem.text, at: new Date(status.lastProblem.at).toISOString() } } : {}),
  };
}
