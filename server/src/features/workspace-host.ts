/**
 * What the language server knows: one Workspace per workspace folder holding EVERY manifest of the
 * folder (read from disk), with open documents overriding their disk text. An open document
 * outside every folder (or an untitled buffer) is a workspace of its own: files that share no
 * folder share no project, so they are not checked against each other.
 *
 *   setFolders ─> per folder: settings + .mesh-lifecycle.yaml -> config; scan.ts -> disk texts
 *   open/change/close ─> the document's folder: setFile(open text | disk text)
 *   diskChanged ─> re-read the file (or the project/mesh files: rebuild or re-read them)
 *   reload ─> settings changed: a folder whose config differs only in rule options keeps its
 *             Workspace and gets the new options (only the rules reading them re-run); any other
 *             change rebuilds the folder
 *   clockChanged / a new UTC day noticed by analyze() ─> every Workspace.clockChanged()
 *   clusterChanged(folder) ─> the folder's live cluster objects and CRD schemas into its
 *             Workspace (cluster/host.ts); folders outside the workspace get no cluster
 *   analyze() ─> each dirty folder's Workspace.analyze() -> publications for open documents
 *                (always, with their version) and workspace files whose findings changed
 *                (unless meshLifecycle.workspaceDiagnostics is false)
 *
 * No LSP types here: server.ts moves messages, this decides what to say. Settings are pulled per
 * folder scope and never kept beyond the folder state they configured. Editor settings override
 * the project file code by code and option by option (config.ts withProjectDefaults).
 */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configFrom, withProjectDefaults, type AnalysisConfig } from '../analysis/config';
import { ignoreMatcher, loadProjectConfig, NO_PROJECT, PROJECT_FILE_NAME, type ProjectConfig } from '../analysis/project-file';
import { looksTemplated } from '../analysis/templated';
import { Workspace } from '../analysis/workspace';
import type { Finding } from '../findings/finding';
import type { ClusterHost, FolderCluster } from '../cluster/host';
import { DEFAULT_MESH_CONFIG, meshConfigFrom } from '../model/mesh-config';
import type { LiveFinding } from '../protocol';
import { dayChanged, utcDay } from './day-timer';
import { isCandidate, scanFolder } from './scan';
import { canonicalUri, isInside, pathOf, uriOf } from './uris';

/** What the host needs from its surroundings (the LSP connection and the file system). */
export interface HostEnvironment {
  /** A file's text, or null when it cannot be read. */
  readonly readFile: (file: string) => Promise<string | null>;
  /** The raw `meshLifecycle` settings for a scope (a folder URI, or null for global). */
  readonly settings: (scopeUri: string | null) => Promise<unknown>;
  readonly log: (message: string) => void;
  /** The time rules judge dates by (default: the real clock); tests move it. */
  readonly now?: () => Date;
  /** Live clusters for the folders (absent: files only). */
  readonly clusters?: ClusterHost;
}

/** Diagnostics to send for one document. */
export interface Publication {
  readonly uri: string;
  readonly version?: number;
  readonly findings: readonly Finding[];
}

interface OpenDocument {
  readonly uri: string;
  version: number;
  text: string;
}

class FolderState {
  /** Canonical URI -> text read from disk, for every manifest of the folder. */
  readonly disk = new Map<string, string>();
  /** Canonical URIs whose diagnostics were published and may need clearing. */
  readonly published = new Set<string>();
  dirty = true;
  /** The folder's link to its cluster, if the host has clusters. */
  cluster: FolderCluster | null = null;

  constructor(
    readonly uri: string | null,
    readonly path: string | null,
    /** These two are replaced in place only when just rule options change (see reload). */
    public config: AnalysisConfig,
    public project: ProjectConfig,
    readonly workspace: Workspace,
  ) {
    this.ignored = ignoreMatcher(project);
  }

  get publishWorkspaceFiles(): boolean {
    return this.path !== null && this.config.workspaceDiagnostics !== false;
  }

  /** Whether the project file ignores a path. */
  readonly ignored: (file: string) => boolean;
}

export class WorkspaceHost {
  private folders: FolderState[] = [];
  /** Configuration for documents outside every folder (global settings). */
  private looseConfig: AnalysisConfig = configFrom({});
  /** One state per open document outside every folder. */
  private readonly loose = new Map<string, FolderState>();
  private readonly open = new Map<string, OpenDocument>();
  /** Open documents edited since the last analyze(): they are re-published with their version. */
  private readonly touched = new Set<string>();
  /** The UTC day of the previous analyze(), to notice that a new one began. */
  private lastDay: string | null = null;
  private readonly now: () => Date;

  constructor(private readonly env: HostEnvironment) {
    this.now = env.now ?? (() => new Date());
  }

  /** (Re)builds every folder: settings, project file, mesh config and a scan of its manifests. */
  async setFolders(folders: readonly { readonly uri: string }[]): Promise<void> {
    const next: FolderState[] = [];
    for (const f of folders) {
      const folderPath = pathOf(f.uri);
      if (folderPath === null) continue;
      next.push(await this.buildFolder(f.uri, folderPath));
    }
    const looseConfig = configFrom(await this.env.settings(null));
    this.swap(next, looseConfig);
  }

  /**
   * Settings changed. A folder whose project file and settings differ at most in rule options keeps
   * its workspace and only takes the new options, so exactly the rules that read a changed option
   * run again; any other difference rebuilds the folder with its disk texts re-read.
   */
  async reload(): Promise<void> {
    const next: FolderState[] = [];
    for (const folder of this.folders) {
      const project = loadProjectConfig(folder.path!);
      const config = withProjectDefaults(configFrom(await this.env.settings(folder.uri)), project);
      if (sameApartFromRuleOptions(folder, config, project)) {
        folder.config = config;
        folder.project = project;
        folder.workspace.setRuleOptions(config.ruleOptions);
        // The cluster settings may have changed; the same ones find the same (pooled) cache.
        await this.attachCluster(folder, await this.env.settings(folder.uri));
        next.push(folder);
      } else next.push(await this.buildFolder(folder.uri!, folder.path!));
    }
    this.swap(next, configFrom(await this.env.settings(null)));
  }

  /**
   * Time moved on (or a client asked to re-check dates): the next analyze() re-runs the rules that
   * read the clock, in every folder, and only those.
   */
  clockChanged(): void {
    for (const state of [...this.folders, ...this.loose.values()]) {
      state.workspace.clockChanged();
      state.dirty = true;
    }
  }

  openDocument(uri: string, version: number, text: string): void {
    const key = canonicalUri(uri);
    this.open.set(key, { uri, version, text });
    this.touched.add(key);
    this.apply(key);
  }

  changeDocument(uri: string, version: number, text: string): void {
    const key = canonicalUri(uri);
    const doc = this.open.get(key) ?? { uri, version, text };
    doc.version = version;
    doc.text = text;
    this.open.set(key, doc);
    this.touched.add(key);
    this.apply(key);
  }

  /** A closed document falls back to its disk text (or leaves the workspace). */
  closeDocument(uri: string): Publication[] {
    const key = canonicalUri(uri);
    this.open.delete(key);
    this.touched.delete(key);
    const loose = this.loose.get(key);
    if (loose) {
      this.loose.delete(key);
      return [{ uri, findings: [] }];
    }
    this.apply(key);
    const folder = this.folderOf(key);
    // Without workspace diagnostics, a closed document says nothing.
    if (!folder.publishWorkspaceFiles || !folder.workspace.hasFile(key)) {
      folder.published.delete(key);
      return [{ uri, findings: [] }];
    }
    return [];
  }

  /** A file changed on disk (created, changed or deleted). */
  async diskChanged(uri: string, deleted: boolean): Promise<void> {
    const key = canonicalUri(uri);
    const file = pathOf(key);
    if (file === null) return;
    const folder = this.folders.find((f) => f.path !== null && isInside(file, f.path));
    if (!folder) return;
    if (path.basename(file) === PROJECT_FILE_NAME || file === folder.project.meshConfig || file === folder.project.meshNetworks) {
      // The project file or a mesh file changed: rebuild this folder from scratch.
      const rebuilt = await this.buildFolder(folder.uri!, folder.path!);
      this.swap(this.folders.map((f) => (f === folder ? rebuilt : f)), this.looseConfig);
      return;
    }
    if (!isCandidate(file, folder.ignored)) return;
    const text = deleted ? null : await this.env.readFile(file);
    if (text === null || looksTemplated(text)) folder.disk.delete(key);
    else folder.disk.set(key, text);
    this.apply(key);
  }

  /** Runs the analysis of every folder with changes and says what to publish. */
  analyze(): Publication[] {
    // A new day since the last analysis: date-dependent findings may have changed. Checked here
    // as well as by the server's midnight timer, so an edit after a night's sleep sees it too.
    const at = this.now();
    if (dayChanged(this.lastDay, at)) this.clockChanged();
    this.lastDay = utcDay(at);
    const out: Publication[] = [];
    for (const folder of [...this.folders, ...this.loose.values()]) {
      const touchedHere = [...this.touched].filter((key) => this.folderOf(key) === folder);
      if (!folder.dirty && touchedHere.length === 0) continue;
      folder.dirty = false;
      const result = folder.workspace.analyze();
      folder.cluster?.analyzed(result.findings);
      for (const e of result.errors) this.env.log(`Rule ${e.rule} failed and its findings are missing: ${e.error instanceof Error ? e.error.stack : String(e.error)}`);
      // Candidates: files whose findings changed, open documents just edited (re-published with
      // their version), and files published before (cleared when they have nothing left to show).
      const touchedSet = new Set(touchedHere);
      for (const key of new Set([...result.changed, ...touchedHere, ...folder.published])) {
        const doc = this.open.get(key);
        const findings = result.findings.get(key) ?? [];
        const visible = doc || (folder.publishWorkspaceFiles && key.startsWith('file:')) ? findings : [];
        const wasPublished = folder.published.has(key);
        const needed = result.changed.has(key) || touchedSet.has(key) || (wasPublished && visible.length === 0);
        if (!needed || (!doc && visible.length === 0 && !wasPublished)) continue;
        out.push(doc ? { uri: doc.uri, version: doc.version, findings: visible } : { uri: key, findings: visible });
        if (visible.length > 0) folder.published.add(key);
        else folder.published.delete(key);
      }
      for (const key of touchedHere) this.touched.delete(key);
    }
    // Loose states exist for open documents (and, briefly, to clear what a removed folder had
    // published); drop the ones with nothing left to do.
    for (const [key, state] of this.loose) if (!this.open.has(key) && state.published.size === 0) this.loose.delete(key);
    return out;
  }

  /** A folder's cluster reported new objects or schemas: hand them to its workspace. */
  clusterChanged(folderUri: string | null): void {
    const folder = this.folders.find((f) => f.uri === folderUri);
    if (folder?.cluster?.update()) folder.dirty = true;
  }

  /** Findings on live objects that no file defines, of one folder or of all. */
  liveFindings(folderUri?: string): LiveFinding[] {
    return this.env.clusters?.liveFindings(folderUri) ?? [];
  }

  /** How many manifests the folders hold (for status messages). */
  fileCount(): number {
    return this.folders.reduce((n, f) => n + f.workspace.fileNames().length, 0);
  }

  /**
   * The workspace holding a document and the document's key in it, for editor features (which
   * read the workspace's parse and index, never analyse); null when no workspace holds it.
   */
  workspaceOf(uri: string): { readonly workspace: Workspace; readonly file: string } | null {
    const key = canonicalUri(uri);
    const file = pathOf(key);
    let state: FolderState | undefined = this.loose.get(key);
    for (const f of this.folders) {
      if (file !== null && f.path !== null && isInside(file, f.path) && (!state || state.path === null || f.path.length > state.path.length)) state = f;
    }
    return state && state.workspace.hasFile(key) ? { workspace: state.workspace, file: key } : null;
  }

  /** Every workspace (folders, then documents outside them), e.g. to find a live object by key. */
  workspaces(): Workspace[] {
    return [...this.folders, ...this.loose.values()].map((f) => f.workspace);
  }

  // ---- Internals ----

  private folderOf(key: string): FolderState {
    const best = this.containingFolder(key);
    if (best) return best;
    let loose = this.loose.get(key);
    if (!loose) {
      loose = new FolderState(null, null, this.looseConfig, NO_PROJECT, new Workspace({ config: this.looseConfig, now: this.now }));
      this.loose.set(key, loose);
    }
    return loose;
  }

  /** The innermost workspace folder holding a file, or null. */
  private containingFolder(key: string): FolderState | null {
    const file = pathOf(key);
    let best: FolderState | null = null;
    for (const f of this.folders) {
      if (file !== null && f.path !== null && isInside(file, f.path) && (!best || f.path.length > best.path!.length)) best = f;
    }
    return best;
  }

  /** Puts a file's current text (open, else disk, else none) into its folder's workspace. */
  private apply(key: string): void {
    const folder = this.folderOf(key);
    const doc = this.open.get(key);
    const text = doc && !looksTemplated(doc.text) ? doc.text : folder.disk.get(key);
    if (text === undefined) folder.workspace.removeFile(key);
    else folder.workspace.setFile(key, text);
    folder.dirty = true;
  }

  private swap(folders: FolderState[], looseConfig: AnalysisConfig): void {
    const old = [...this.folders, ...this.loose.values()];
    // An open document outside every folder keeps its workspace when the settings it is checked
    // with are the same: editors open documents while the server is still loading its folders,
    // and checking a large file again from scratch would double the wait for its diagnostics.
    const kept = JSON.stringify(looseConfig) === JSON.stringify(this.looseConfig) ? [...this.loose] : [];
    this.folders = folders;
    this.looseConfig = looseConfig;
    this.loose.clear();
    for (const [key, state] of kept) if (this.open.has(key) && !this.containingFolder(key)) this.loose.set(key, state);
    for (const key of this.open.keys()) this.apply(key);
    // What the old states published stays on record with the new ones, so that analyze() clears
    // every file that no longer has findings to show.
    for (const o of old) for (const key of o.published) this.folderOf(key).published.add(key);
    for (const f of [...folders, ...this.loose.values()]) f.dirty = true;
    const live = new Set([...folders, ...this.loose.values()]);
    for (const o of old) if (!live.has(o)) this.env.clusters?.detach(o.cluster);
  }

  /** Links a folder to the cluster its settings name, replacing any previous link. */
  private async attachCluster(state: FolderState, section: unknown): Promise<void> {
    if (!this.env.clusters) return;
    const previous = state.cluster;
    state.cluster = await this.env.clusters.attach(state.uri, section, state.config, state.workspace);
    this.env.clusters.detach(previous);
  }

  private async buildFolder(uri: string, folderPath: string): Promise<FolderState> {
    const project = loadProjectConfig(folderPath);
    for (const p of project.problems) this.env.log(p);
    const section = await this.env.settings(uri);
    const config = withProjectDefaults(configFrom(section), project);
    const workspace = new Workspace({ config, now: this.now });
    const state = new FolderState(uri, folderPath, config, project, workspace);
    await this.loadMeshFiles(state);
    const scan = await scanFolder(folderPath, state.ignored);
    if (scan.truncated) this.env.log(`${folderPath} holds more YAML files than the server indexes; only the first ${scan.files.length} are checked.`);
    let sinceYield = 0;
    for (const file of scan.files) {
      const text = await this.env.readFile(file);
      if (text === null || looksTemplated(text)) continue;
      const key = uriOf(file);
      state.disk.set(key, text);
      workspace.setFile(key, text);
      // Yield now and then so edits and requests are served while a large folder loads.
      if (++sinceYield >= 50) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await this.attachCluster(state, section);
    return state;
  }

  private async loadMeshFiles(state: FolderState): Promise<void> {
    const { meshConfig, meshNetworks } = state.project;
    if (meshConfig !== null) {
      const text = await this.env.readFile(meshConfig);
      let parsed: unknown;
      try {
        parsed = text === null ? undefined : parseYaml(text);
      } catch (error) {
        this.env.log(`The mesh config ${meshConfig} is not valid YAML and is ignored: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
      if (text === null) this.env.log(`The mesh config ${meshConfig} named in ${state.project.file} cannot be read; Istio's defaults apply.`);
      state.workspace.setMeshConfig(parsed === undefined ? DEFAULT_MESH_CONFIG : meshConfigFrom(parsed));
    }
    if (meshNetworks !== null) {
      const text = await this.env.readFile(meshNetworks);
      if (text === null) this.env.log(`The mesh networks file ${meshNetworks} named in ${state.project.file} cannot be read.`);
      else state.workspace.setMeshNetworks(uriOf(meshNetworks), text);
    }
  }
}

/**
 * Whether a folder can keep its workspace under a new config: the project file reads the same and
 * the config differs at most in rule options (which Workspace.setRuleOptions applies in place).
 */
function sameApartFromRuleOptions(folder: FolderState, config: AnalysisConfig, project: ProjectConfig): boolean {
  const withoutOptions = (c: AnalysisConfig | ProjectConfig): string => JSON.stringify({ ...c, ruleOptions: null });
  return withoutOptions(project) === withoutOptions(folder.project) && withoutOptions(config) === withoutOptions(folder.config);
}
