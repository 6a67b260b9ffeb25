/**
 * Multi-file analysis: many files (plus cluster objects and Istio's mesh settings) analysed as one
 * workspace, so cross-file rules see everything. The CLI fills one Workspace with every file it
 * lints; the server keeps one per workspace folder and feeds it edits.
 *
 *   setFile(file, text) -> Analyzer.analyzeFile: parsed documents (only the edited region is split
 *                          again and only changed documents re-parsed) + syntax/schema findings
 *                          (cached per chunk)
 *                       -> index.setFile -> changed kinds, accumulated until analyze()
 *   setRuleOptions()    -> the options rules see; the runner re-runs the rules reading a changed one
 *   clockChanged()      -> the time moved on (a new day): the rules reading the clock re-run
 *   analyze()           -> RuleRunner.run(index, changed kinds, options + clock): only rules
 *                          reading a changed kind or input re-run
 *                       -> per file: schema + rule findings -> overrides -> suppressions
 *                          (reused as they were when every input is the same object as last time)
 *                       -> results, and which files' results differ from the previous analyze()
 *
 * Invariant: the same files and settings give the same findings in the CLI and the server, since
 * both go through this class.
 */
import type { Finding } from '../findings/finding';
import type { Kind } from '../model/kinds';
import { DEFAULT_MESH_CONFIG, type MeshConfig } from '../model/mesh-config';
import { scopesFromSchemas, type ScopeLookup } from '../model/scope';
import { WorkspaceIndex, type ClusterObject } from '../model/workspace-index';
import type { PlacedDocument } from '../parse/file';
import { CLOCK, DEFAULT_RULE_INPUTS, type RuleInputs } from '../rules/engine/inputs';
import { resolveRuleOptions, type RuleOptions } from '../rules/engine/options';
import { RuleRunner } from '../rules/engine/runner';
import { annotationSuppressions, isSuppressed, parseDirectives, type Directives } from '../rules/engine/suppress';
import { RULES } from '../rules/registry';
import type { Rule } from '../rules/rule';
import { Analyzer, type ResourceValidator } from './analyzer';
import type { AnalysisConfig } from './config';
import { bundledSchemasDir, createAnalyzer } from './create';
import { applyOverrides } from './overrides';

export interface WorkspaceOptions {
  readonly config: AnalysisConfig;
  /** The rules to run (default: every registered rule). */
  readonly rules?: readonly Rule[];
  /** Schema validation: the bundled schemas by default; null for none (rules only). */
  readonly validator?: ResourceValidator | null;
  /** Where scopes (and the default validator's schemas) come from; default: the bundled schemas. */
  readonly schemasDir?: string;
  readonly scopes?: ScopeLookup;
  /** Where rules get the time (default: the real clock); tests pin it. */
  readonly now?: () => Date;
}

/** The outcome of one analyze(). */
export interface WorkspaceResult {
  /** Findings of every file that has any, plus files whose findings just went away (empty). */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  /** Files whose findings differ from the previous analyze() (all of them the first time). */
  readonly changed: ReadonlySet<string>;
  /** Rules that ran this time (the others were reused). */
  readonly ran: readonly string[];
  /** Rules that threw, with their error. */
  readonly errors: readonly { readonly rule: string; readonly error: unknown }[];
}

interface FileEntry {
  readonly text: string;
  readonly documents: readonly PlacedDocument[];
  /** Syntax and schema findings, before overrides and suppressions. */
  readonly findings: readonly Finding[];
  directives?: Directives;
}

/** One file's result and what it was assembled from. */
interface Assembled {
  /** Schema findings then rule findings, before sorting, overrides and suppressions. */
  readonly input: readonly Finding[];
  readonly text: string | undefined;
  readonly rules: AnalysisConfig['rules'];
  readonly kept: Finding[];
}

const NO_VALIDATION: ResourceValidator = { validate: () => [] };

export class Workspace {
  readonly index: WorkspaceIndex;
  private analyzer: Analyzer;
  private readonly runner: RuleRunner;
  private readonly files = new Map<string, FileEntry>();
  private pending = new Set<Kind>();
  private firstRun = true;
  private current: AnalysisConfig;
  private inputs: RuleInputs;
  /** Per file: the result of the previous analyze(), to report what changed. */
  private previous = new Map<string, readonly Finding[]>();
  /** Per file: what the previous analyze() assembled its result from. */
  private assembled = new Map<string, Assembled>();

  constructor(options: WorkspaceOptions) {
    this.current = options.config;
    this.inputs = { options: resolveRuleOptions(options.config.ruleOptions), now: options.now ?? DEFAULT_RULE_INPUTS.now };
    const schemasDir = options.schemasDir ?? safeSchemasDir();
    const scopes = options.scopes ?? (schemasDir ? scopesFromSchemas(schemasDir) : undefined);
    this.index = new WorkspaceIndex({
      ...(scopes ? { scopes } : {}),
      ...(options.config.defaultNamespace ? { defaultNamespace: options.config.defaultNamespace } : {}),
    });
    this.analyzer = options.validator === undefined && schemasDir
      ? createAnalyzer(options.config, schemasDir)
      : new Analyzer(options.config, options.validator ?? NO_VALIDATION);
    this.runner = new RuleRunner(options.rules ?? RULES);
  }

  get config(): AnalysisConfig {
    return this.current;
  }

  /** The rule options in force, defaults filled in. */
  get ruleOptions(): RuleOptions {
    return this.inputs.options;
  }

  /**
   * Replaces the rule options (those not given take their defaults). Nothing else is re-read: the
   * next analyze() re-runs only the rules that read an option whose value changed.
   */
  setRuleOptions(options: Partial<RuleOptions>): void {
    this.current = { ...this.current, ruleOptions: options };
    this.inputs = { ...this.inputs, options: resolveRuleOptions(options) };
  }

  /** Says time has moved on (a new day began): the next analyze() re-runs the rules reading the clock. */
  clockChanged(): void {
    this.pending.add(CLOCK);
  }

  /** Adds or replaces a file's text. */
  setFile(file: string, text: string): void {
    const previous = this.files.get(file);
    if (previous && previous.text === text) return;
    const { documents, findings } = this.analyzer.analyzeFile(file, text, previous);
    this.files.set(file, { text, documents, findings });
    this.track(this.index.setFile(file, documents));
  }

  removeFile(file: string): void {
    if (!this.files.delete(file)) return;
    this.track(this.index.removeFile(file));
  }

  hasFile(file: string): boolean {
    return this.files.has(file);
  }

  /** The text the workspace holds for a file. */
  textOf(file: string): string | undefined {
    return this.files.get(file)?.text;
  }

  fileNames(): string[] {
    return [...this.files.keys()].sort();
  }

  /**
   * A file's parsed documents (every chunk, resources or not), as last set: what editor features
   * read instead of parsing again. Undefined for files the workspace does not hold.
   */
  documentsOf(file: string): readonly PlacedDocument[] | undefined {
    return this.files.get(file)?.documents;
  }

  setCluster(context: string, objects: readonly ClusterObject[], listedKinds: readonly Kind[] = []): void {
    this.track(this.index.setCluster(context, objects, listedKinds));
  }

  /**
   * Swaps schema validation, e.g. for one that knows a cluster's CRDs (cluster/link.ts): every
   * file is analysed again with it.
   */
  setValidator(validator: ResourceValidator): void {
    this.analyzer = new Analyzer(this.current, validator);
    for (const [file, entry] of this.files) {
      const { documents, findings } = this.analyzer.analyzeFile(file, entry.text);
      this.files.set(file, { text: entry.text, documents, findings });
      this.track(this.index.setFile(file, documents));
    }
  }

  setMeshConfig(config: MeshConfig = DEFAULT_MESH_CONFIG): void {
    this.track(this.index.setMeshConfig(config));
  }

  /** Sets the mesh networks file (its first document), or clears it with null. */
  setMeshNetworks(file: string | null, text: string | null): void {
    if (file === null || text === null) {
      this.track(this.index.setMeshNetworks(null, null));
      return;
    }
    const [document] = this.analyzer.analyzeFile(file, text).documents;
    this.track(this.index.setMeshNetworks(file, document ?? null));
  }

  /** Runs the rules the changes since the last call affect, and assembles every file's findings. */
  analyze(): WorkspaceResult {
    const run = this.runner.run(this.index, this.firstRun ? 'all' : this.pending, this.inputs);
    this.firstRun = false;
    this.pending = new Set();
    const byFile = new Map<string, Finding[]>();
    for (const [file, entry] of this.files) if (entry.findings.length > 0) byFile.set(file, [...entry.findings]);
    for (const f of run.findings) {
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    const findings = new Map<string, readonly Finding[]>();
    const current = new Map<string, readonly Finding[]>();
    const changed = new Set<string>();
    const assembled = new Map<string, Assembled>();
    for (const [file, list] of byFile) {
      // A file whose inputs are the very same objects as last time has the same result: most
      // files after a keystroke, which then cost a comparison instead of sort and suppression.
      const text = this.files.get(file)?.text;
      const last = this.assembled.get(file);
      const reuse = last !== undefined && last.text === text && last.rules === this.current.rules && sameObjects(last.input, list);
      const kept = reuse ? last.kept : this.suppress(file, applyOverrides(sortByPosition(list), this.current.rules));
      assembled.set(file, reuse ? last : { input: list, text, rules: this.current.rules, kept });
      if (kept.length === 0) continue;
      findings.set(file, kept);
      current.set(file, kept);
      if (!sameFindings(this.previous.get(file), kept)) changed.add(file);
    }
    for (const file of this.previous.keys()) {
      if (!current.has(file)) {
        findings.set(file, []);
        changed.add(file);
      }
    }
    this.previous = current;
    this.assembled = assembled;
    return { findings, changed, ran: run.ran, errors: run.errors };
  }

  private track(changed: ReadonlySet<Kind>): void {
    for (const kind of changed) this.pending.add(kind);
  }

  private suppress(file: string, findings: readonly Finding[]): Finding[] {
    const entry = this.files.get(file);
    let directives: Directives | null = null;
    if (entry) directives = entry.directives ??= parseDirectives(entry.text);
    return findings.filter((f) => !isSuppressed(f, directives, annotationSuppressions(this.valueOf(f, entry))));
  }

  /** The resource value a finding is on (for its suppress annotation). */
  private valueOf(f: Finding, entry: FileEntry | undefined): unknown {
    if (entry && f.documentIndex !== undefined) return entry.documents[f.documentIndex]?.chunk.value;
    // Objects known only from a cluster: their findings name the resource key as the file.
    return this.index.byKey(f.file)?.value;
  }
}

/**
 * Whether two results of one file say the same. Unchanged files and reused rule findings keep
 * their objects, so identity settles most files; the rest are compared by content.
 */
function sameFindings(a: readonly Finding[] | undefined, b: readonly Finding[]): boolean {
  if (!a || a.length !== b.length) return false;
  // Only the findings that are not the same object are serialised: a keystroke in a large file
  // replaces a few of its hundreds of findings, and stringifying all of them cost milliseconds.
  return a.every((f, i) => f === b[i] || JSON.stringify(f) === JSON.stringify(b[i]));
}

/** Whether two lists hold the very same objects in the same order. */
function sameObjects<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Orders findings by where they start; equal positions keep their order. */
function sortByPosition(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function safeSchemasDir(): string | undefined {
  try {
    return bundledSchemasDir();
  } catch {
    return undefined;
  }
}
