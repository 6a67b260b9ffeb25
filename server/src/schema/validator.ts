/**
 * The schema validator's façade: one document in, its schema findings out.
 *
 *   new SchemaValidator({ schemasDir, gatewayApiChannel })
 *   validate(identity, value):
 *     catalog.resolve(apiVersion, kind)           catalog.ts
 *       unknown kind            -> []            (not ours to judge)
 *       unknown/removed/deprecated version -> MSH1009/MSH1008/MSH1007 on `apiVersion`
 *     compiler.get(schema file + options)         compile.ts  (ajv + CEL plan, once per kind;
 *                                                              status is shape-only when the API
 *                                                              server drops it, namespace unchecked
 *                                                              for cluster-scoped kinds)
 *     validate(value) -> ajv errors -> collapseErrors()   errors.ts
 *     metadata name/generateName check
 *     evaluateCel(plan, value, suppressed)        cel.ts      (skips locations with findings)
 *
 * The hot path is cheap: resolutions are cached, ajv validators are compiled once per schema
 * file and reused, error post-processing only runs when ajv reports errors, and CEL only walks
 * (and converts) the branches of a document whose schema carries rules. A schema that fails to
 * load or compile is recorded once in `problems` and its documents get no schema findings.
 */
import type { Fix, PathFinding } from '../findings/finding';
import type { Path, ResourceIdentity } from '../parse/types';
import { Catalog, type CatalogEntry, type GatewayApiChannel, type KindVersions, type LiveCatalogEntry, type Resolution } from './catalog';
import { evaluateCel, type CelRunStats } from './cel';
import { finding } from './codes';
import { SchemaCompiler, type CompiledSchema, type CompileStats } from './compile';
import { collapseErrors } from './errors';

export interface SchemaValidatorOptions {
  /** Directory holding index.json and the schema files; the caller resolves it. */
  readonly schemasDir: string;
  /** Which Gateway API channel's schemas to use; default "experimental" (a superset). */
  readonly gatewayApiChannel?: GatewayApiChannel;
  /** Schemas read from a cluster's CRDs; they replace the bundled ones of their kinds. */
  readonly overlay?: readonly LiveCatalogEntry[];
}

export interface SchemaValidatorStats extends CompileStats {
  /** CEL rule evaluations that returned a boolean / that could not be evaluated. */
  readonly cel: CelRunStats;
}

const APIVERSION_PATH: Path = ['apiVersion'];

function setApiVersionFix(apiVersion: string): Fix {
  return { title: `Change apiVersion to ${apiVersion}`, edits: [{ op: 'set', path: APIVERSION_PATH, value: apiVersion }], preferred: true };
}

/**
 * Whether the API server drops `status` before validating a create: CRDs with the status
 * subresource, and the built-in kinds (their strategies reset status on create).
 */
function ignoresStatus(entry: CatalogEntry): boolean {
  const sub = entry.subresources as { status?: unknown } | null | undefined;
  return (sub !== null && typeof sub === 'object' && sub.status !== undefined) || entry.mesh === 'kubernetes';
}

function servedList(kind: KindVersions): string {
  return kind.served.join(', ') || 'none';
}

/** Whether `text` names `apiVersion` as a whole token ("g/v1" is not named by "g/v1beta1"). */
function mentions(text: string, apiVersion: string): boolean {
  let at = text.indexOf(apiVersion);
  while (at >= 0) {
    if (!/[A-Za-z0-9]/.test(text[at + apiVersion.length] ?? '')) return true;
    at = text.indexOf(apiVersion, at + 1);
  }
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export class SchemaValidator {
  readonly catalog: Catalog;
  private readonly compiler = new SchemaCompiler();
  private readonly celStats: CelRunStats = { evaluated: 0, failed: 0 };
  private readonly failed = new Map<string, string>();

  constructor(options: SchemaValidatorOptions) {
    this.catalog = new Catalog(options.schemasDir, { gatewayApiChannel: options.gatewayApiChannel, ...(options.overlay ? { overlay: options.overlay } : {}) });
  }

  /** Why the catalog could not be loaded, or null. */
  get loadError(): string | null {
    return this.catalog.loadError;
  }

  /** Schema files that could not be read or compiled, with the reason (each reported once). */
  get problems(): ReadonlyMap<string, string> {
    return this.failed;
  }

  get stats(): SchemaValidatorStats {
    return { ...this.compiler.stats, cel: { ...this.celStats } };
  }

  /** What the catalog says about an apiVersion/kind (for hovers and completion). */
  resolve(apiVersion: string, kind: string): Resolution {
    return this.catalog.resolve(apiVersion, kind);
  }

  /**
   * The compiled schema of an entry, compiling it on first use; null when the entry has no schema
   * or it failed to load (see `problems`). Exposed so callers can warm the cache off the hot path.
   */
  compiledFor(entry: CatalogEntry): CompiledSchema | null {
    if (entry.file === null) return null;
    const statusIgnored = ignoresStatus(entry);
    const clusterScoped = entry.scope === 'Cluster';
    const key = `${entry.file}#${statusIgnored ? 'status-ignored' : 'status'}#${clusterScoped ? 'cluster' : 'namespaced'}`;
    if (this.failed.has(key)) return null;
    try {
      return this.compiler.get(key, () => this.catalog.readSchema(entry), { statusIgnored, clusterScoped });
    } catch (e) {
      this.failed.set(key, e instanceof Error ? e.message : String(e));
      return null;
    }
  }

  /** Schema findings for one document; [] for kinds the catalog does not know. */
  validate(identity: ResourceIdentity, value: unknown): PathFinding[] {
    const { apiVersion, kind } = identity;
    if (!apiVersion || !kind) return [];
    const res = this.catalog.resolve(apiVersion, kind);
    if (res.status === 'unknown') return [];
    const out: PathFinding[] = [];
    switch (res.status) {
      case 'unknown-version': {
        const fixes = res.suggestedApiVersion ? [setApiVersionFix(res.suggestedApiVersion)] : undefined;
        out.push(finding('unknownApiVersion', `${apiVersion} is not a version of ${kind}; served: ${servedList(res.kind)}`, APIVERSION_PATH, 'value', fixes));
        return out; // no schema to check against
      }
      case 'removed': {
        const fixes = res.suggestedApiVersion ? [setApiVersionFix(res.suggestedApiVersion)] : undefined;
        const when = res.entry.removedIn ? ` (removed in ${res.entry.removedIn})` : '';
        const use = res.suggestedApiVersion ? `; use ${res.suggestedApiVersion}` : `; served: ${servedList(res.kind)}`;
        out.push(finding('removedApiVersion', `${apiVersion} ${kind} is no longer served${when}${use}`, APIVERSION_PATH, 'value', fixes));
        break;
      }
      case 'deprecated': {
        const fixes = res.suggestedApiVersion ? [setApiVersionFix(res.suggestedApiVersion)] : undefined;
        const text =
          res.entry.deprecationWarning ??
          `${apiVersion} ${kind} is deprecated${res.entry.removedIn ? ` and will be removed in ${res.entry.removedIn}` : ''}`;
        const use = res.suggestedApiVersion && !mentions(text, res.suggestedApiVersion) ? `; use ${res.suggestedApiVersion}` : '';
        out.push(finding('deprecatedApiVersion', text + use, APIVERSION_PATH, 'value', fixes));
        break;
      }
      default:
        break;
    }
    if (!isPlainObject(value)) return out;
    const compiled = this.compiledFor(res.entry);
    if (!compiled) return out;

    let blocking: Path[] = [];
    if (!compiled.validate(value)) {
      const collapsed = collapseErrors(compiled.validate.errors ?? [], value, compiled.validate.schema as object);
      out.push(...collapsed.findings);
      blocking = collapsed.blocking;
    }
    const metaFinding = this.checkName(value);
    if (metaFinding) {
      out.push(metaFinding);
      blocking.push(metaFinding.path);
    }
    if (compiled.cel) {
      const suppressed = (at: Path): boolean =>
        blocking.some((b) => b.length >= at.length && at.every((seg, i) => b[i] === seg));
      out.push(...evaluateCel(compiled.cel, value, suppressed, this.celStats));
    }
    return out;
  }

  /** "name or generateName is required", as the API server says it. */
  private checkName(value: Record<string, unknown>): PathFinding | null {
    const meta = value.metadata;
    if (meta === undefined || meta === null) {
      return finding('missingRequired', 'metadata.name is required (or metadata.generateName)', [], 'value');
    }
    if (!isPlainObject(meta)) return null; // a wrong type, already reported
    // A value of the wrong type is reported as such; only absent, null or "" means "missing".
    const has = (k: string): boolean => meta[k] !== undefined && meta[k] !== null && meta[k] !== '';
    if (has('name') || has('generateName')) return null;
    return finding('missingRequired', 'metadata is missing required field `name` (or `generateName`)', ['metadata'], 'key');
  }
}
